// Package sendtimeout_after_fixed is the corrected twin of sendtimeout_after.
// The lookup goroutine used to block forever on its send once Fetch had timed
// out. The fix gives Fetch a done channel that it closes (deferred) when it
// returns; the goroutine sends in a select that also watches done, so it can
// always finish.
package sendtimeout_after_fixed

import (
	"errors"
	"time"
)

var errTimeout = errors.New("fetch timed out")

type Fetcher struct {
	lookup  func(key string) int
	timeout time.Duration
}

func (f *Fetcher) Fetch(key string) (int, error) {
	result := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go func() {
		v := f.lookup(key)
		select {
		case result <- v:
		case <-done:
		}
	}()
	select {
	case v := <-result:
		return v, nil
	case <-time.After(f.timeout):
		return 0, errTimeout
	}
}
