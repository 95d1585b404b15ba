// Found by TestRandomProgramsReduction (seed 9247). Three units, four
// Dones: the goroutine's first Done and main's two are covered (each takes
// back a unit its goroutine owns), the goroutine's second is not. If main
// calls both its Dones and arrives in Wait before the goroutine's first
// Done, that Done brings the counter to zero and releases main, and the
// second takes it below zero before Wait returns: "a1", then Wait panics
// (reused). Which covered Done brings the counter to zero depends on their
// order; in the order explored first, main's second Done did, and main
// then arrived at zero. So an arrival at zero or below writes the
// WaitGroup (it conflicts with the Dones before it), and a transition
// asleep across a step wakes up if, in the state after the step, it
// conflicts with it (the goroutine's first Done would now bring the
// counter to zero under the waiter). Each rule alone loses the outcome.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg0 sync.WaitGroup
	wg0.Add(2)
	wg0.Add(1)
	go func() {
		wg0.Done()
		fmt.Println("a1")
		wg0.Done()
	}()
	for i := 0; i < 2; i++ {
		wg0.Done()
	}
	wg0.Wait()
}
