// Package order_sleep_fixed is the corrected twin of order_sleep. The test
// used to sleep and hope the listener had set addr. The fix has Start return
// a ready channel that the listener closes after setting addr; the test
// waits on it, which orders the write before the read.
package order_sleep_fixed

import (
	"strconv"
	"time"
)

type Server struct {
	addr string
}

func (s *Server) Start(port int) <-chan struct{} {
	ready := make(chan struct{})
	go func() {
		time.Sleep(10 * time.Millisecond) // pretend to bind
		s.addr = "127.0.0.1:" + strconv.Itoa(port)
		close(ready)
	}()
	return ready
}
