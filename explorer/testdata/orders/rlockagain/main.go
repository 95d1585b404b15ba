// Two readers of an RWMutex: main read-locks it twice while a goroutine
// holds a read lock across two prints. main may take its second read lock
// before the goroutine releases its own: "a1", "m1", "m2" (then "a2" or
// not). The reduction lost those two outcomes. main's second RLock
// conflicts with the goroutine's RUnlock (the explored order puts the
// RUnlock first, so "a2" happens before "m2"), but the race scan for a
// lock acquisition skips the releases of that lock ("never co-enabled
// with it"), which holds for Lock and not for an RLock against another
// reader's RUnlock: both can go while only readers hold the lock, so the
// RLock is never tried first. Found by TestRandomProgramsReduction
// (seed 6387).
package main

import (
	"fmt"
	"sync"
)

func main() {
	var rw sync.RWMutex
	go func() {
		rw.RLock()
		fmt.Println("a1")
		fmt.Println("a2")
		rw.RUnlock()
	}()
	rw.RLock()
	fmt.Println("m1")
	rw.RUnlock()
	rw.RLock()
	fmt.Println("m2")
}
