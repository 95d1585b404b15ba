// Package doublelock_method: Registry.Register takes r.mu and then, to enforce
// the capacity limit, calls r.Len(), which takes r.mu again. sync.Mutex is not
// reentrant, so the first worker to register blocks forever on a lock it
// already holds, the other worker blocks behind it, and the test blocks in
// wg.Wait: a deadlock, reported at the test's wg.Wait (the test goroutine is
// the lowest-numbered blocked goroutine).
package doublelock_method

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

// Len reports how many items are registered.
func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.items)
}

// Register adds name unless the registry is full.
func (r *Registry) Register(name string, v int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Len() >= r.max { // takes r.mu a second time
		return ErrFull
	}
	r.items[name] = v
	return nil
}
