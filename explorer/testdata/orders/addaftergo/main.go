// The classic misuse: main starts a goroutine and only then adds it to
// the WaitGroup. The goroutine may print and call Done before the Add,
// taking the counter below zero (a panic), or after it. The Add was taken
// as a read: it commutes with the counter changes pending (none: the
// goroutine's pending operation is its print, its Done is not pending
// yet), and the Done, run after it at a counter of one, as a read too. So
// the reduction never put the Done before the Add and missed the panic.
// Found by TestRandomProgramsReduction (seed 283; seeds 586, 1093, 1220,
// 2656, 2857 and 3752 are the same with a goroutine's second Done). An
// increment is now always a write.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	go func() {
		fmt.Println("a")
		wg.Done()
	}()
	wg.Add(1)
}
