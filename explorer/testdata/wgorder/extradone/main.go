// One Done too many: the Wait may return before the extra Done, which
// then panics (if main has not returned), or after both.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { wg.Done() }()
	go func() { wg.Done() }()
	var n atomic.Int32
	n.Add(1) // steps of main's own before the Wait
	n.Add(1)
	wg.Wait()
	fmt.Println("waited")
}
