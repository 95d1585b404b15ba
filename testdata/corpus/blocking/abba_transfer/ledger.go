// Package abba_transfer: Move locks the source account and then the
// destination account. The test moves money between the same two accounts
// in opposite directions from two goroutines, so one can hold a.mu while
// waiting for b.mu as the other holds b.mu while waiting for a.mu (AB-BA).
// Both workers block forever and the test blocks in wg.Wait: a deadlock
// reported at wg.Wait.
package abba_transfer

import "sync"

type Account struct {
	mu      sync.Mutex
	id      int
	balance int
}

// Move transfers amount from one account to the other if funds allow.
func Move(from, to *Account, amount int) bool {
	from.mu.Lock()
	defer from.mu.Unlock()
	if from.balance < amount {
		return false
	}
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
	return true
}
