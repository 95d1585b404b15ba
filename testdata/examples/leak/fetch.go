// Package leak shows the most common goroutine leak in Go: a worker sends
// its result on an unbuffered channel after the caller has given up on a
// timeout, and blocks forever.
package leak

import (
	"errors"
	"time"
)

var ErrTimeout = errors.New("lookup timed out")

// Lookup asks a slow backend, giving up after timeout.
func Lookup(key string, timeout time.Duration) (string, error) {
	result := make(chan string) // the fix: make(chan string, 1)
	go func() {
		result <- backend(key)
	}()
	select {
	case v := <-result:
		return v, nil
	case <-time.After(timeout):
		return "", ErrTimeout
	}
}

func backend(key string) string { return "value of " + key }
