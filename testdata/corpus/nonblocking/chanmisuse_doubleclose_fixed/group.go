// Package chanmisuse_doubleclose_fixed is the corrected twin of
// chanmisuse_doubleclose. Fail used to check-then-close the quit channel,
// which two workers could both get through. The fix closes quit through a
// sync.Once, so it is closed exactly once however many workers fail.
package chanmisuse_doubleclose_fixed

import "sync"

type Group struct {
	quit      chan struct{}
	closeOnce sync.Once
	mu        sync.Mutex
	errs      []error
}

func (g *Group) Fail(err error) {
	g.mu.Lock()
	g.errs = append(g.errs, err)
	g.mu.Unlock()
	g.closeOnce.Do(func() { close(g.quit) })
}
