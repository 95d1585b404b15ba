// Package chanmisuse_closenil: Poller creates its stop channel lazily, in
// Start. Run starts the poller from a goroutine and then stops it; if Stop
// runs before Start, p.stop is still nil and close(p.stop) panics (close of
// nil channel).
package chanmisuse_closenil

import "sync"

type Poller struct {
	mu   sync.Mutex
	stop chan struct{}
	wg   sync.WaitGroup
}

func (p *Poller) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stop = make(chan struct{})
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
	close(p.stop) // want "panic"
}

// Run starts the poller asynchronously and stops it.
//
//cmcheck:entry
func Run() {
	p := &Poller{}
	started := make(chan struct{})
	go func() {
		defer close(started)
		p.Start()
	}()
	p.Stop()
	<-started
	p.wg.Wait()
}
