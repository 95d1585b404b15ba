// Package race_maplen_fixed is the corrected twin of race_maplen: Size
// takes the lock too, so len(sessions) is ordered with Remove's delete.
package race_maplen_fixed

import "sync"

type Registry struct {
	mu       sync.Mutex
	sessions map[string]int
}

func New() *Registry { return &Registry{sessions: make(map[string]int)} }

func (r *Registry) Add(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sessions[id]++
}

func (r *Registry) Remove(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.sessions, id)
}

// Size is read by the metrics goroutine.
func (r *Registry) Size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sessions)
}
