// Package rwr_recursive: Config.Get holds c.mu.RLock and, for keys without an
// explicit value, calls c.fallback, which takes c.mu.RLock again (a recursive
// read lock). If the writer goroutine's Set calls Lock between the two, Go's
// RWMutex makes the second RLock wait behind the pending writer, and the
// writer waits for the first read lock to be released: the test goroutine
// deadlocks at the RLock in fallback.
package rwr_recursive

import "sync"

type Config struct {
	mu       sync.RWMutex
	values   map[string]string
	defaults map[string]string
}

func (c *Config) fallback(key string) string {
	c.mu.RLock() // want "deadlock"
	defer c.mu.RUnlock()
	return c.defaults[key]
}

func (c *Config) Get(key string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.values[key]; ok {
		return v
	}
	return c.fallback(key)
}

func (c *Config) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values[key] = value
}
