// Package counter: a request-statistics middleware. Handle runs for each
// request on its own goroutine (20 concurrent requests in the test) and
// bumps the server's hit counter and per-status tally with plain
// increments: the counter is updated without the mutex that guards the
// tally, so concurrent requests race on it and lose updates, and the test
// sees fewer hits than requests.
package counter

import "sync"

type Stats struct {
	hits int

	mu       sync.Mutex
	byStatus map[int]int
}

func NewStats() *Stats {
	return &Stats{byStatus: make(map[int]int)}
}

// Handle records one request that ended with status code.
func (s *Stats) Handle(code int) {
	s.hits++ // want "data-race" "atomicity"
	s.mu.Lock()
	s.byStatus[code]++
	s.mu.Unlock()
}

// Snapshot returns the hit count and the tally.
func (s *Stats) Snapshot() (int, map[int]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tally := make(map[int]int, len(s.byStatus))
	for k, v := range s.byStatus {
		tally[k] = v
	}
	return s.hits, tally
}
