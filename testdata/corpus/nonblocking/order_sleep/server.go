// Package order_sleep: Server.Start launches the listener goroutine, which
// sets s.addr once it has "bound" (simulated by a 10ms sleep). The test
// sleeps for the same 10ms and then reads s.addr, trusting the sleep to order
// the two. A sleep orders nothing: the read can happen before the write, so
// the test can fail, and the write and the read race.
package order_sleep

import (
	"strconv"
	"time"
)

type Server struct {
	addr string
}

func (s *Server) Start(port int) {
	go func() {
		time.Sleep(10 * time.Millisecond)          // pretend to bind
		s.addr = "127.0.0.1:" + strconv.Itoa(port) // want "data-race"
	}()
}
