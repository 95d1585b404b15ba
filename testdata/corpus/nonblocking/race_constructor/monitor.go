// Package race_constructor: NewMonitor starts the monitor's goroutine, which
// writes m.status as soon as it runs. Status reads the field without
// synchronisation, and the test calls it right after the constructor
// returns: the goroutine's write and the caller's read race. (The read after
// Stop is ordered by the done channel and is fine.)
package race_constructor

type Monitor struct {
	status string
	stop   chan struct{}
	done   chan struct{}
}

func NewMonitor() *Monitor {
	m := &Monitor{status: "unknown", stop: make(chan struct{}), done: make(chan struct{})}
	go m.run()
	return m
}

func (m *Monitor) run() {
	defer close(m.done)
	m.status = "up" // want "data-race"
	<-m.stop
	m.status = "stopped"
}

func (m *Monitor) Status() string {
	return m.status
}

func (m *Monitor) Stop() {
	close(m.stop)
	<-m.done
}
