// Package chanctx_server: Server.Serve answers requests until its context is
// done. Call sends a request on the unbuffered reqs channel and waits for the
// reply, but it does not watch the server's lifetime. When the context's
// deadline fires before Serve takes the request (timers may fire at any
// moment), Serve has already returned and the test goroutine blocks forever
// in Call's send; no other goroutine is alive: a deadlock at that send.
package chanctx_server

import "context"

type request struct {
	n     int
	reply chan int
}

type Server struct {
	reqs chan request
}

func NewServer() *Server { return &Server{reqs: make(chan request)} }

func (s *Server) Serve(ctx context.Context) {
	for {
		select {
		case r := <-s.reqs:
			r.reply <- r.n * 2
		case <-ctx.Done():
			return
		}
	}
}

func (s *Server) Call(n int) int {
	r := request{n: n, reply: make(chan int)}
	s.reqs <- r // want "deadlock"
	return <-r.reply
}
