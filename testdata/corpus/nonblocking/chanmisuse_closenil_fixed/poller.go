// Package chanmisuse_closenil_fixed is the corrected twin of
// chanmisuse_closenil. The stop channel used to be created in Start, so a
// Stop that ran first closed a nil channel. The fix creates it in the
// constructor; if Stop runs first, the loop started later sees the closed
// channel and exits at once.
package chanmisuse_closenil_fixed

import "sync"

type Poller struct {
	mu   sync.Mutex
	stop chan struct{}
	wg   sync.WaitGroup
}

func NewPoller() *Poller {
	return &Poller{stop: make(chan struct{})}
}

func (p *Poller) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Add(1)
	go p.loop(p.stop)
}

func (p *Poller) loop(stop <-chan struct{}) {
	defer p.wg.Done()
	<-stop
}

func (p *Poller) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.stop)
}

// Run starts the poller asynchronously and stops it.
//
//cmcheck:entry
func Run() {
	p := NewPoller()
	started := make(chan struct{})
	go func() {
		defer close(started)
		p.Start()
	}()
	p.Stop()
	<-started
	p.wg.Wait()
}
