package counter

import (
	"sync"
	"testing"
)

func TestHandle(t *testing.T) {
	const requests = 20
	s := NewStats()
	var wg sync.WaitGroup
	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := 200
			if i%5 == 0 {
				code = 500
			}
			s.Handle(code)
		}()
	}
	wg.Wait()
	hits, tally := s.Snapshot()
	if hits != requests {
		t.Errorf("hits = %d, want %d", hits, requests) // want "test-failure"
	}
	if tally[200]+tally[500] != requests {
		t.Errorf("tally = %v, want %d requests", tally, requests)
	}
}
