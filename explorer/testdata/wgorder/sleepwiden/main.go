// Found by TestRandomProgramsReduction (seed 3367). Two goroutines each
// call Done four times on a counter of two, so whichever calls come last
// panic, and main may be waiting when the counter comes down to zero and
// then goes below (a reused WaitGroup). A Done asleep across other steps
// was judged by what it touched where it was explored: a Done that could
// not bring the counter to zero there may bring it to zero later, and
// then conflicts with main's arrival in Wait. Sleep sets now take a
// WaitGroup change's objects as they would be in the state the step is
// taken in (explorer's refreshSleep); without that, two workers lost the
// reused panics after "m4 1".
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var a0 atomic.Int32
	var wg0 sync.WaitGroup
	wg0.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			fmt.Println("a1", i)
			wg0.Done()
			fmt.Println("a2", a0.Load())
			for i := 0; i < 2; i++ {
				wg0.Done()
			}
			wg0.Done()
		}()
	}
	fmt.Println("m3", a0.CompareAndSwap(1, 1))
	fmt.Println("m4", a0.Add(1))
	wg0.Wait()
}
