// Package testmisuse_fatal_fixed is the corrected twin of testmisuse_fatal.
// The test used to call t.Fatalf from the Serve goroutine, and did so on
// every run because Serve returns ErrServerClosed on shutdown. The fix sends
// Serve's error back to the test goroutine, which treats ErrServerClosed as
// the normal outcome and calls t.Fatalf itself only for anything else.
package testmisuse_fatal_fixed

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
