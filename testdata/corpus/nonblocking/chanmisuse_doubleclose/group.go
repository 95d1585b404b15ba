// Package chanmisuse_doubleclose: both workers call Group.Fail when they hit
// an error, and Fail closes the quit channel unless it already looks closed.
// The check (a select with default) and the close are not atomic: both
// workers can see quit still open and both close it; the second close
// panics.
package chanmisuse_doubleclose

import "sync"

type Group struct {
	quit chan struct{}
	mu   sync.Mutex
	errs []error
}

func (g *Group) Fail(err error) {
	g.mu.Lock()
	g.errs = append(g.errs, err)
	g.mu.Unlock()
	select {
	case <-g.quit:
		// already shutting down
	default:
		close(g.quit) // want "panic" "data-race"
	}
}
