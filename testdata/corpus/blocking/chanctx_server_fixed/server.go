// Package chanctx_server_fixed is the corrected twin of chanctx_server. Call
// used to send its request unconditionally and blocked forever once Serve
// had left on ctx.Done(). The fix has Serve close s.done when it returns and
// Call select on s.done as well as on the send. Once Serve has taken a
// request it always replies, so the receive of the reply cannot block
// forever.
package chanctx_server_fixed

import (
	"context"
	"errors"
)

var ErrStopped = errors.New("server stopped")

type request struct {
	n     int
	reply chan int
}

type Server struct {
	reqs chan request
	done chan struct{}
}

func NewServer() *Server {
	return &Server{reqs: make(chan request), done: make(chan struct{})}
}

func (s *Server) Serve(ctx context.Context) {
	defer close(s.done)
	for {
		select {
		case r := <-s.reqs:
			r.reply <- r.n * 2
		case <-ctx.Done():
			return
		}
	}
}

func (s *Server) Call(n int) (int, error) {
	r := request{n: n, reply: make(chan int)}
	select {
	case s.reqs <- r:
	case <-s.done:
		return 0, ErrStopped
	}
	return <-r.reply, nil
}
