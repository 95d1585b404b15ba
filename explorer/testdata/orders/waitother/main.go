// A counter of two, two goroutines that both wait on another WaitGroup
// (at zero: they go straight through), one calling Done once, the other
// twice and then printing. If the second goroutine's two Dones come
// first, it prints "b", and then main's Wait returns (exit 0) or the
// first goroutine's Done panics (negative counter, or main's Wait
// panics as reused). The reduction lost those three outcomes, and the
// panic at the first goroutine's Done. The first goroutine's Done is a
// read (it commutes with the other counter changes pending), and its
// step's local code brings it into other.Wait, a late write of other.
// The second goroutine's other.Wait conflicts with that late write, but
// the race scan skipped the step: waitsBehind says a Wait is never
// reordered before a commuting Done, which holds for a Wait on the
// Done's own WaitGroup, not for one on another WaitGroup that conflicts
// with what the step did after its Done. So the second goroutine's Waits,
// and so its Dones, never came before the first goroutine's Done. Found
// by TestRandomProgramsReduction (seed 4882).
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg, other sync.WaitGroup
	wg.Add(2)
	go func() {
		wg.Done()
		other.Wait()
	}()
	go func() {
		other.Wait()
		other.Wait()
		wg.Done()
		wg.Done()
		fmt.Println("b")
	}()
	wg.Wait()
}
