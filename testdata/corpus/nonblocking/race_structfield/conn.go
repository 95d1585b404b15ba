// Package race_structfield: Conn guards state and attempts with c.mu, but
// reconnect stores lastErr after releasing the lock and LastErr reads it
// without the lock. The test asks for LastErr while the reconnect goroutine
// may still be writing it: a data race on the struct field lastErr.
package race_structfield

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
	c.mu.Unlock()
	c.lastErr = err // want "data-race"
}

func (c *Conn) State() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

func (c *Conn) LastErr() error {
	return c.lastErr
}
