package atomicity_bank

import (
	"sync"
	"testing"
)

func TestConcurrentTransfers(t *testing.T) {
	alice := &Account{balance: 100}
	bob := &Account{balance: 100}
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
	t.Logf("alice=%d bob=%d", alice.balance, bob.balance)
}
