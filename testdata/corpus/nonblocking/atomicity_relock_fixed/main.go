// Command atomicity_relock_fixed is the corrected twin of atomicity_relock.
// Main's second write used to be computed from its earlier read (x = y+1),
// so the worker's write in between was lost. Here main writes a value of
// its own (x = 2) that does not depend on what it read: the worker's write
// is overwritten, as the lock allows (last writer wins), but no update
// rests on a stale value. This is the reduced form of a false alarm once
// reported on golang.org/x/sync (scripts/README.md): every access is under
// mu, the read and the write are in different critical sections, and the
// write is a constant.
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
		x = 1
		mu.Unlock()
	}()
	mu.Lock()
	y := x
	mu.Unlock()
	wg.Wait()
	mu.Lock()
	x = 2
	mu.Unlock()
	fmt.Println(y, x)
}
