// Package atomicity_bank_fixed is the corrected twin of atomicity_bank.
// Transfer used to check and update the two balances with no lock. The fix
// holds both accounts' mutexes, taken in id order (so opposite transfers
// cannot deadlock), around the check and both updates.
package atomicity_bank_fixed

import "sync"

type Account struct {
	mu      sync.Mutex
	id      int
	balance int
}

func (a *Account) Transfer(to *Account, amt int) {
	first, second := a, to
	if second.id < first.id {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if a.balance >= amt {
		a.balance -= amt
		to.balance += amt
	}
}
