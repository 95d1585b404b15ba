// Command race_map: Router.Handle writes the routes map without a lock, and
// main already looks routes up while the registration goroutine is still
// adding them. The goroutine's write of routes["/health"] and main's read of
// the same key are unordered: a data race on the map. (The second lookup,
// after <-registered, is ordered and fine.)
package main

import "fmt"

type Router struct {
	routes map[string]string
}

func (r *Router) Handle(path, handler string) {
	r.routes[path] = handler // want "data-race"
}

func (r *Router) Lookup(path string) (string, bool) {
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
