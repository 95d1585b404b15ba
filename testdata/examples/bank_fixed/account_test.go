package bank_fixed

import (
	"sync"
	"testing"
)

// TestTwoTransfers makes two transfers out of alice's 100 at once: only one
// of them can be covered, and no money may appear or vanish.
func TestTwoTransfers(t *testing.T) {
	alice := &Account{id: 1, balance: 100}
	bob := &Account{id: 2, balance: 100}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		alice.Transfer(bob, 60)
	}()
	go func() {
		defer wg.Done()
		alice.Transfer(bob, 70)
	}()
	wg.Wait()
	a, b := alice.Balance(), bob.Balance()
	if a < 0 || a+b != 200 {
		t.Errorf("alice=%d bob=%d: the bank now holds %d, want 200 and no overdraft", a, b, a+b)
	}
}
