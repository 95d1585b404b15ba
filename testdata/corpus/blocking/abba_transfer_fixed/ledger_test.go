package abba_transfer_fixed

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
	wg.Wait()
	if a.balance != 120 || b.balance != 80 {
		t.Errorf("balances = %d, %d; want 120, 80", a.balance, b.balance)
	}
}
