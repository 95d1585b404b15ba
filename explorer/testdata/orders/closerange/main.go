// Two senders and a closer guarded by a WaitGroup; the receiver ranges
// over the channel.
package main

import (
	"fmt"
	"sync"
)

func main() {
	ch := make(chan int)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- i
		}()
	}
	go func() { wg.Wait(); close(ch) }()
	sum, order := 0, ""
	for v := range ch {
		sum += v
		order += fmt.Sprint(v)
	}
	fmt.Println(sum, order)
}
