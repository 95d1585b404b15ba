// Package bank_fixed is the corrected bank transfer: each account has a
// mutex, and Transfer holds both accounts' mutexes around the check and the
// two updates. The locks are always taken in id order, so two transfers in
// opposite directions cannot deadlock (AB-BA).
package bank_fixed

import "sync"

type Account struct {
	mu      sync.Mutex
	id      int
	balance int
}

// Transfer moves amt from a to to if a has enough money.
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

// Balance returns the account's balance.
func (a *Account) Balance() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}
