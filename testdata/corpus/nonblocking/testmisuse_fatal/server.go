// Package testmisuse_fatal: the test runs Server.Serve in a goroutine and
// calls t.Fatalf there if Serve returns an error. t.Fatalf (FailNow) must only
// be called from the test goroutine, and this call is always reached: Serve
// returns ErrServerClosed when the test shuts the server down. The goroutine
// exits via runtime.Goexit, its deferred wg.Done still runs, so the test
// itself does not hang.
package testmisuse_fatal

import "errors"

var ErrServerClosed = errors.New("server closed")

type Server struct {
	reqs    chan string
	quit    chan struct{}
	handled int
}

func NewServer() *Server {
	return &Server{reqs: make(chan string), quit: make(chan struct{})}
}

func (s *Server) Serve() error {
	for {
		select {
		case <-s.reqs:
			s.handled++
		case <-s.quit:
			return ErrServerClosed
		}
	}
}

func (s *Server) Handle(req string) { s.reqs <- req }

func (s *Server) Close() { close(s.quit) }
