// Package abba_transfer_fixed is the corrected twin of abba_transfer. Move
// used to lock "from" then "to", so opposite transfers took the two locks in
// opposite orders. The fix always locks the account with the smaller id
// first, giving a single global lock order.
package abba_transfer_fixed

import "sync"

type Account struct {
	mu      sync.Mutex
	id      int
	balance int
}

// Move transfers amount from one account to the other if funds allow.
func Move(from, to *Account, amount int) bool {
	first, second := from, to
	if second.id < first.id {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if from.balance < amount {
		return false
	}
	from.balance -= amount
	to.balance += amount
	return true
}
