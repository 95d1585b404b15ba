// Reduced from TestRandomProgramsReduction's seed 15280. Three units,
// five Dones. In the lost outcome "a1" and "c3" are printed, the first
// Done of the second goroutine takes the counter below zero, and main
// never prints "m5" (whose step brings it into Wait, writing the zero).
// The search met A's second Done (not covered: it takes C's unit) and C's
// Done (now not covered either, it brings the counter to zero) in either
// order, after main's arrival. C's Done conflicts with the arrival (the
// zero) and with A's Done just before it (the WaitGroup); reversing the
// last conflict put C's Done first, where it no longer brings the counter
// to zero, so neither execution reversed the arrival against the Done to
// zero. The backtracking scan now goes on, for the objects whether an
// operation touches which depends on the order (a WaitGroup's zero and
// units), to the last conflict on each (dpor.go, candList keep).
package main

import (
	"fmt"
	"sync"
)

var wg0 sync.WaitGroup

func main() {
	wg0.Add(3)
	go func() {
		wg0.Done()
		fmt.Println("a1")
		wg0.Done()
	}()
	go func() {
		defer wg0.Done()
		wg0.Done()
	}()
	go func() {
		fmt.Println("c3")
		wg0.Done()
	}()
	fmt.Println("m5")
	wg0.Wait()
}
