// Package race_constructor_fixed is the corrected twin of race_constructor.
// The goroutine started by NewMonitor used to write status while callers read
// it unsynchronised. The fix guards status with a mutex on both sides.
package race_constructor_fixed

import "sync"

type Monitor struct {
	mu     sync.Mutex
	status string
	stop   chan struct{}
	done   chan struct{}
}

func NewMonitor() *Monitor {
	m := &Monitor{status: "unknown", stop: make(chan struct{}), done: make(chan struct{})}
	go m.run()
	return m
}

func (m *Monitor) setStatus(s string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.status = s
}

func (m *Monitor) run() {
	defer close(m.done)
	m.setStatus("up")
	<-m.stop
	m.setStatus("stopped")
}

func (m *Monitor) Status() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.status
}

func (m *Monitor) Stop() {
	close(m.stop)
	<-m.done
}
