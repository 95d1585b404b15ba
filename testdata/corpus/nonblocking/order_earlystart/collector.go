// Package order_earlystart: NewCollector starts the run goroutine before it
// has created the input channel. run reads c.in when its range starts; if it
// runs first it sees nil (and the read races with the constructor's write of
// c.in). Ranging over a nil channel blocks forever, so Add's send on the real
// channel never finds a receiver: the entry goroutine deadlocks in Add.
package order_earlystart

type Collector struct {
	in    chan string
	done  chan struct{}
	total int
}

func NewCollector() *Collector {
	c := &Collector{done: make(chan struct{})}
	go c.run()               // bug: started before c.in exists
	c.in = make(chan string) // want "data-race"
	return c
}

func (c *Collector) run() {
	defer close(c.done)
	for s := range c.in {
		c.total += len(s)
	}
}

func (c *Collector) Add(s string) {
	c.in <- s // want "deadlock"
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
