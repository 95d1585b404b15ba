// Package rwr_recursive_fixed is the corrected twin of rwr_recursive. Get
// used to call fallback, which took the read lock a second time while a
// writer could be queued. The fix makes fallback a *Locked helper that relies
// on the caller's read lock, so each Get takes c.mu.RLock exactly once.
package rwr_recursive_fixed

import "sync"

type Config struct {
	mu       sync.RWMutex
	values   map[string]string
	defaults map[string]string
}

// fallbackLocked returns the default for key; c.mu must be held.
func (c *Config) fallbackLocked(key string) string {
	return c.defaults[key]
}

func (c *Config) Get(key string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.values[key]; ok {
		return v
	}
	return c.fallbackLocked(key)
}

func (c *Config) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values[key] = value
}
