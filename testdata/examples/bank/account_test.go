package bank

import (
	"sync"
	"testing"
)

// TestTwoTransfers makes two transfers out of alice's 100 at once: only one
// of them can be covered, and no money may appear or vanish.
func TestTwoTransfers(t *testing.T) {
	alice := &Account{balance: 100}
	bob := &Account{balance: 100}
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
	if alice.balance < 0 || alice.balance+bob.balance != 200 {
		t.Errorf("alice=%d bob=%d: the bank now holds %d, want 200 and no overdraft", alice.balance, bob.balance, alice.balance+bob.balance)
	}
}
