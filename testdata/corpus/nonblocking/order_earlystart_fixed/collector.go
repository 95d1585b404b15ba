// Package order_earlystart_fixed is the corrected twin of order_earlystart.
// NewCollector used to start the run goroutine before initialising c.in. The
// fix initialises every field first and starts the goroutine last, so the go
// statement orders the initialisation before run's reads.
package order_earlystart_fixed

type Collector struct {
	in    chan string
	done  chan struct{}
	total int
}

func NewCollector() *Collector {
	c := &Collector{in: make(chan string), done: make(chan struct{})}
	go c.run()
	return c
}

func (c *Collector) run() {
	defer close(c.done)
	for s := range c.in {
		c.total += len(s)
	}
}

func (c *Collector) Add(s string) {
	c.in <- s
}

func (c *Collector) Close() int {
	close(c.in)
	<-c.done
	return c.total
}

// Run collects one string.
//
//cmcheck:entry
func Run() {
	c := NewCollector()
	c.Add("hello")
	_ = c.Close()
}
