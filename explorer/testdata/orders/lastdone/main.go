// Three Dones on a counter of two (one Add from main, one from the
// goroutine): whichever comes last panics. If the goroutine's two Dones
// both come before main's, main's panics, and the goroutine may print
// first: "g", then the panic. The reduction lost that outcome, and the
// panic at main's Done: main's Done ran first in every execution, and the
// goroutine's Add after it, a write (addaftergo), was peeked at as a read
// (State.PeekReads still asked commutingWG of increments), so the race
// between them was never seen. Found by TestRandomProgramsReduction
// (seeds 2857 and 4882); the event and the peek now ask one function
// (wgReads).
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Add(1)
		wg.Done()
		wg.Done()
		fmt.Println("g")
	}()
	wg.Done()
	fmt.Println("m")
}
