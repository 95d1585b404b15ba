// Package sendtimeout_after: Fetcher.Fetch runs the lookup in a goroutine and
// waits for its result or for time.After. When the timer wins (it may fire at
// any moment), Fetch returns errTimeout and nobody will ever receive from the
// unbuffered result channel: the lookup goroutine blocks forever on its send
// and is leaked when the test returns.
package sendtimeout_after

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
	go func() {
		result <- f.lookup(key) // want "leak"
	}()
	select {
	case v := <-result:
		return v, nil
	case <-time.After(f.timeout):
		return 0, errTimeout
	}
}
