// Package race_maplen: a registry whose Size reads len(sessions) without
// the lock that Add and Remove take, as metrics and health endpoints often
// do ("it is only a length"). len of a map reads the map, and Remove's
// delete writes it: the race detector reports the pair, and a map written
// while being read can crash the program (concurrent map read and map
// write).
package race_maplen

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
	delete(r.sessions, id) // want "data-race"
}

// Size is read by the metrics goroutine.
func (r *Registry) Size() int {
	return len(r.sessions)
}
