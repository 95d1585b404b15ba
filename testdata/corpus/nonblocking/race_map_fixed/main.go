// Command race_map_fixed is the corrected twin of race_map. Handle and Lookup
// used to touch the routes map with no synchronisation. The fix guards the
// map with a sync.RWMutex: writers Lock, readers RLock.
package main

import (
	"fmt"
	"sync"
)

type Router struct {
	mu     sync.RWMutex
	routes map[string]string
}

func (r *Router) Handle(path, handler string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.routes[path] = handler
}

func (r *Router) Lookup(path string) (string, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	h, ok := r.routes[path]
	return h, ok
}

func main() {
	r := &Router{routes: make(map[string]string)}
	registered := make(chan struct{})
	go func() {
		defer close(registered)
		r.Handle("/health", "healthHandler")
		r.Handle("/metrics", "metricsHandler")
	}()
	if h, ok := r.Lookup("/health"); ok {
		fmt.Println("early:", h)
	}
	<-registered
	h, _ := r.Lookup("/metrics")
	fmt.Println("metrics:", h)
}
