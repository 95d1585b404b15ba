// Package doublelock_method_fixed is the corrected twin of doublelock_method.
// Register used to call the locking Len while holding r.mu. The fix splits
// out lenLocked, which assumes the caller holds r.mu; Register uses it and
// Len is only the public, locking wrapper. Every path takes r.mu once.
package doublelock_method_fixed

import (
	"errors"
	"sync"
)

var ErrFull = errors.New("registry full")

type Registry struct {
	mu    sync.Mutex
	items map[string]int
	max   int
}

func NewRegistry(max int) *Registry {
	return &Registry{items: make(map[string]int), max: max}
}

// lenLocked reports the size; r.mu must be held.
func (r *Registry) lenLocked() int {
	return len(r.items)
}

// Len reports how many items are registered.
func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lenLocked()
}

// Register adds name unless the registry is full.
func (r *Registry) Register(name string, v int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lenLocked() >= r.max {
		return ErrFull
	}
	r.items[name] = v
	return nil
}
