// Package bank shows the classic non-atomic update: Transfer checks the
// balance and then moves the money, with nothing holding the account
// between the check and the two updates. Two transfers out of the same
// account can both pass the check, and each update of a balance can be
// based on a value the other transfer has already changed: money is created
// or destroyed.
package bank

type Account struct {
	balance int
}

// Transfer moves amt from a to to if a has enough money.
func (a *Account) Transfer(to *Account, amt int) {
	if a.balance >= amt {
		a.balance -= amt
		to.balance += amt
	}
}
