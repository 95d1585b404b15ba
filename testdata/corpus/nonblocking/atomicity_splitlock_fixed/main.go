// Command atomicity_splitlock_fixed is the corrected twin of
// atomicity_splitlock. Reserve used to check the stock in one critical
// section and write it in another. The fix does the check and the update
// under a single Lock.
package main

import (
	"fmt"
	"sync"
)

type Inventory struct {
	mu    sync.Mutex
	stock int
}

func (inv *Inventory) Stock() int {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.stock
}

func (inv *Inventory) Reserve(n int) bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.stock < n {
		return false
	}
	inv.stock -= n
	return true
}

func main() {
	inv := &Inventory{stock: 1}
	sold := make(chan bool)
	for i := 0; i < 2; i++ {
		go func() { sold <- inv.Reserve(1) }()
	}
	n := 0
	for i := 0; i < 2; i++ {
		if <-sold {
			n++
		}
	}
	fmt.Println("sold", n, "items; stock left:", inv.Stock())
}
