// A counter that comes down to zero and goes up again while main may be
// waiting: if main arrived in Wait before the goroutine's first Done,
// that Done releases it and the Add that follows before Wait returns
// makes Wait panic (the WaitGroup is reused); if main arrives after the
// Add, it waits for the second Done; if Wait returns between the Done
// and the Add, "w" may come before "x". The arrival and the Done that
// brings the counter to zero are ordered against each other (both write
// the WaitGroup's zero); the other counter changes are not ordered
// against the arrival.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		wg.Add(1)
		fmt.Println("x")
		wg.Done()
	}()
	wg.Wait()
	fmt.Println("w")
}
