// Package race_structfield_fixed is the corrected twin of race_structfield.
// lastErr used to be written after the lock was released and read without
// it. The fix stores it inside the same critical section as state and reads
// it under c.mu.
package race_structfield_fixed

import "sync"

type Conn struct {
	mu       sync.Mutex
	state    string
	attempts int
	lastErr  error
}

func (c *Conn) reconnect(dial func(attempt int) error, done chan<- struct{}) {
	defer close(done)
	c.mu.Lock()
	c.state = "connecting"
	c.attempts++
	n := c.attempts
	c.mu.Unlock()

	err := dial(n)

	c.mu.Lock()
	if err != nil {
		c.state = "down"
	} else {
		c.state = "up"
	}
	c.lastErr = err
	c.mu.Unlock()
}

func (c *Conn) State() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

func (c *Conn) LastErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastErr
}
