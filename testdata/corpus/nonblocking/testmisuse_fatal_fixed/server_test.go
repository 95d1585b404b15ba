package testmisuse_fatal_fixed

import (
	"errors"
	"testing"
)

func TestServeAndClose(t *testing.T) {
	s := NewServer()
	errc := make(chan error)
	go func() {
		errc <- s.Serve()
	}()
	s.Handle("ping")
	s.Close()
	if err := <-errc; !errors.Is(err, ErrServerClosed) {
		t.Fatalf("Serve: %v", err)
	}
	if s.handled != 1 {
		t.Errorf("handled %d requests, want 1", s.handled)
	}
}
