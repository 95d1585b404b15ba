// One Done too many, and main busy before it waits: the Wait may be
// reached before both Dones (then the first releases it and the second,
// taking the counter below zero, makes it panic as a reused WaitGroup),
// between them, or after both. The step that brings main into Wait
// depends on the Dones: without that, the reduction slept a Done across
// it and lost the "reused" panic when it met the Dones in this order.
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
	n.Add(1)
	n.Add(1)
	n.Add(1)
	wg.Wait()
	fmt.Println("waited")
}
