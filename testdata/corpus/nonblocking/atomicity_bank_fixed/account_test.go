package atomicity_bank_fixed

import (
	"sync"
	"testing"
)

func TestConcurrentTransfers(t *testing.T) {
	alice := &Account{id: 1, balance: 100}
	bob := &Account{id: 2, balance: 100}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		alice.Transfer(bob, 50)
	}()
	go func() {
		defer wg.Done()
		bob.Transfer(alice, 30)
	}()
	wg.Wait()
	if alice.balance != 80 || bob.balance != 120 {
		t.Errorf("alice=%d bob=%d, want 80 and 120", alice.balance, bob.balance)
	}
}
