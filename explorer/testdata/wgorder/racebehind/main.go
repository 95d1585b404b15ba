// Found by TestRandomProgramsReduction (seed 1288). Two Dones of the
// first goroutine and two of the second on a counter of two: the
// first goroutine's first Done panics if the second's two come before
// it. The backtracking scan for the second goroutine's last Done (a
// write of the WaitGroup, and of its zero) stopped at main's arrival in
// Wait, which wrote the zero and happens before it (main started the
// goroutine after it), as if every earlier conflict happened before it
// too; but the first goroutine's Done, which only read the WaitGroup,
// does not. The scan now goes on past a step that happens before the
// operation unless that step conflicts with every earlier one of its
// list (candList).
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

var wg0 sync.WaitGroup

func main() {
	var a0 atomic.Int32
	wg0.Add(2)
	go func() {
		wg0.Done()
		fmt.Println("a1", a0.CompareAndSwap(0, 1))
		fmt.Println("a2", a0.CompareAndSwap(1, 2))
		wg0.Done()
	}()
	for i := 0; i < 2; i++ {
		fmt.Println("m4")
	}
	go func() {
		wg0.Done()
		fmt.Println("b3")
		wg0.Done()
	}()
	wg0.Wait()
	fmt.Println("m5")
}
