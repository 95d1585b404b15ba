// Package atomicity_loadstore_fixed is the corrected twin of
// atomicity_loadstore. TryAcquire used to Load and then Store, so a
// concurrent increment in between was lost. The fix retries with
// atomic.CompareAndSwapInt64, which only succeeds if the counter still holds
// the value that was checked.
package atomicity_loadstore_fixed

import "sync/atomic"

type Limiter struct {
	limit int64
	used  int64
}

func (l *Limiter) TryAcquire() bool {
	for {
		n := atomic.LoadInt64(&l.used)
		if n >= l.limit {
			return false
		}
		if atomic.CompareAndSwapInt64(&l.used, n, n+1) {
			return true
		}
	}
}
