package testmisuse_fatal

import (
	"sync"
	"testing"
)

func TestServeAndClose(t *testing.T) {
	s := NewServer()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := s.Serve(); err != nil {
			t.Fatalf("Serve: %v", err) // want "test-failure"
		}
	}()
	s.Handle("ping")
	s.Close()
	wg.Wait()
	if s.handled != 1 {
		t.Errorf("handled %d requests, want 1", s.handled)
	}
}
