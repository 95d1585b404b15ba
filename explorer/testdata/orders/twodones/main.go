// One goroutine calls Done twice on a counter of one, and main is busy
// two steps before it waits. If main arrives in Wait before the first
// Done, that Done releases it, the second takes the counter below zero,
// and main's Wait then panics as a reused WaitGroup (unless the
// goroutine's own "negative counter" panic ends the program first). The
// first Done commutes with the other counter changes pending (none: the
// second is not pending yet), so it was taken as a read, and main's
// arrival in Wait at a zero counter is a read too: the reduction never
// put the arrival before that Done and lost the "reused" panic. A second
// Done in another goroutine that waits for the first (on a channel) lost
// it too. Found by TestRandomProgramsReduction (seed 188); the arrival in
// Wait is now a write of the WaitGroup whatever the counter.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		wg.Done()
	}()
	var n atomic.Int32
	n.Add(1)
	n.Add(1)
	wg.Wait()
	fmt.Println("waited")
}
