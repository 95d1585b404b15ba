// Package atomicity_loadstore: Limiter.TryAcquire reads the counter with
// atomic.LoadInt64 and writes the increment back with atomic.StoreInt64.
// Each access is atomic, so there is no data race, but the pair is not: two
// goroutines can both load 0 and both store 1, the second store overwriting
// the first (a lost update at the Store). Both then acquire a limit-1 slot,
// and the test reports it.
package atomicity_loadstore

import "sync/atomic"

type Limiter struct {
	limit int64
	used  int64
}

func (l *Limiter) TryAcquire() bool {
	n := atomic.LoadInt64(&l.used)
	if n >= l.limit {
		return false
	}
	atomic.StoreInt64(&l.used, n+1) // want "atomicity"
	return true
}
