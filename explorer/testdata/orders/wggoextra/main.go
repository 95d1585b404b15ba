// A goroutine started by WaitGroup.Go, whose Done is its exit, races with
// a Done too many from main; another goroutine prints. Main may print, take
// the counter to zero and get through Wait before either goroutine runs:
// "m" alone, exit 0. The reduction lost that outcome: exploring main's
// Done before the WaitGroup.Go goroutine's exit, it then ran that exit
// (the counter goes below zero, so main's Wait can no longer return), and
// the printer, the only goroutine left, was asleep. The search stopped
// there (all enabled transitions asleep) without looking at the pending
// operations, so it never saw that the exit disabled main's Wait, which
// should have been tried before it. Found by TestRandomProgramsReduction.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	go func() { fmt.Println("a") }()
	wg.Go(func() {})
	fmt.Println("m")
	wg.Done()
	wg.Wait()
}
