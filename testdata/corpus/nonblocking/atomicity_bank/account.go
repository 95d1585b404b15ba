// Package atomicity_bank: the bank transfer from BUGS.md, verbatim (kept on
// one line as written there, so not gofmt-formatted). Transfer checks the
// balance and then subtracts and adds with no lock around the check and the
// two updates. Two transfers running at once between the same accounts
// touch both balances unsynchronised: a data race, and a lost update (one
// goroutine's write is based on a balance the other has since overwritten,
// so money is created or destroyed): an atomicity violation. All accesses
// are on the Transfer line. The test deliberately does not assert the total.
package atomicity_bank

type Account struct {
	balance int
}

func (a *Account) Transfer(to *Account, amt int) {
	if a.balance >= amt { a.balance -= amt; to.balance += amt } // want "data-race" "atomicity"
}
