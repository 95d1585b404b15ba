package abba_transfer

import (
	"sync"
	"testing"
)

func TestOpposingTransfers(t *testing.T) {
	a := &Account{id: 1, balance: 100}
	b := &Account{id: 2, balance: 100}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		Move(a, b, 30)
	}()
	go func() {
		defer wg.Done()
		Move(b, a, 50)
	}()
	wg.Wait() // want "deadlock"
	if total := a.balance + b.balance; total != 200 {
		t.Errorf("total = %d, want 200", total)
	}
}
