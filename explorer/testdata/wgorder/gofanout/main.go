// A WaitGroup.Go fan-out whose goroutines run to their end in one step:
// each end is a Done that commutes with the others (the goroutine owns
// the unit its Go added), so main's Wait is never reordered before it
// (waitsBehind). An observer started first prints what it sees of a
// counter the workers add to, so the outcomes show where the workers
// ran.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	var n atomic.Int32
	go func() {
		fmt.Println("seen", n.Load())
	}()
	for i := range 3 {
		wg.Go(func() {
			n.Add(int32(i + 1))
		})
	}
	wg.Wait()
	fmt.Println("total", n.Load())
}
