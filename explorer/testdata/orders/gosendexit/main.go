// Found by TestRandomProgramsReduction (seed 1379) when the end of a
// WaitGroup.Go goroutine in a Done of its own unit was first taken as a
// Done no Wait is reordered before (explorer's waitsBehind): the
// sender's last send ends its goroutine, and main's send of 4, which
// brings main into Wait, is a waiting operation too. The scan for main's
// send skipped the sender's send as a Done that commuted, though they
// conflict on the channel: the deadlocks where the goroutine receives
// main's 4 and the sender's last 5 is left blocked were lost.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg0 sync.WaitGroup
	ch0 := make(chan int)
	wg0.Add(2)
	go func() {
		defer wg0.Done()
		fmt.Println("a7", <-ch0)
		for i := 0; i < 2; i++ {
			fmt.Println("a1", <-ch0)
		}
	}()
	wg0.Go(func() {
		ch0 <- 6
		ch0 <- 2
		for i := 0; i < 2; i++ {
			ch0 <- 5
		}
	})
	fmt.Println("m3", <-ch0)
	ch0 <- 4
	wg0.Wait()
}
