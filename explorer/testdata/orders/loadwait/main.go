// main reads an atomic, then waits on a WaitGroup whose counter is zero; a
// goroutine prints, starts another that adds to the atomic, and calls Done
// (one too many: it panics unless main has returned). main may read the
// atomic after the addition: every outcome with "m 1" (six of them, such
// as "a", "b 1", "m 1", exit 0) was lost by every engine. The step that
// reads the atomic brings main into Wait, which conflicts with the Done
// (a write after the step's operation: backtrackLate). Reversing that
// race needs the addition first, but the search took main as an initial
// of the reversed order, judging by main's clock before the step, though
// its read depends on the addition; main was in the backtrack set there
// already (asleep), so the goroutine doing the addition was never added.
// Found by TestRandomProgramsReduction (seed 1860, where only the
// parallel search lost an outcome, about once in 30 runs). The late write
// now has the clock of the step's operation (backtrackLate).
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	var n atomic.Int32
	go func() {
		fmt.Println("a")
		go func() {
			fmt.Println("b", n.Add(1))
		}()
		wg.Done()
	}()
	v := n.Load()
	wg.Wait()
	fmt.Println("m", v)
}
