// Command atomicity_splitlock: Inventory.Reserve reads the stock under the
// lock, releases it, and takes the lock again to write stock-n. Every access
// is locked, so there is no data race, but the check and the write are two
// critical sections: another Reserve can run between them, and its update is
// overwritten by a write based on the stale stock (a lost update at the
// write in setStock). The last item is sold twice.
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

func (inv *Inventory) setStock(n int) {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	inv.stock = n // want "atomicity"
}

func (inv *Inventory) Reserve(n int) bool {
	have := inv.Stock()
	if have < n {
		return false
	}
	inv.setStock(have - n)
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
