// Command atomicity_relock: main reads x under the lock, lets the worker
// run, and writes back what it read plus one under a second Lock. Every
// access is locked, so there is no data race, but when the worker's
// increment comes between main's read and main's write, main's write is
// computed from the stale value and the increment is lost (a lost update
// at the write). x ends at 1 instead of 2.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	x := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		mu.Lock()
		x++
		mu.Unlock()
	}()
	mu.Lock()
	y := x
	mu.Unlock()
	wg.Wait()
	mu.Lock()
	x = y + 1 // want "atomicity"
	mu.Unlock()
	fmt.Println(y, x)
}
