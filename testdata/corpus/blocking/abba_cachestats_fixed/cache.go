// Package abba_cachestats_fixed is the corrected twin of abba_cachestats.
// Get used to record statistics (s.mu) while holding c.mu, and Report takes
// c.mu while holding s.mu. The fix makes Get release c.mu before it calls
// record, so no goroutine ever holds c.mu while waiting for s.mu.
package abba_cachestats_fixed

import (
	"fmt"
	"sync"
)

type Stats struct {
	mu     sync.Mutex
	hits   int
	misses int
	cache  *Cache
}

func (s *Stats) record(hit bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if hit {
		s.hits++
	} else {
		s.misses++
	}
}

func (s *Stats) Report() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	size := s.cache.Len()
	return fmt.Sprintf("hits=%d misses=%d size=%d", s.hits, s.misses, size)
}

type Cache struct {
	mu    sync.Mutex
	data  map[string]int
	stats *Stats
}

func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.data)
}

func (c *Cache) Get(key string) (int, bool) {
	c.mu.Lock()
	v, ok := c.data[key]
	c.mu.Unlock()
	c.stats.record(ok)
	return v, ok
}

// Run looks a key up while another goroutine builds a report.
//
//cmcheck:entry
func Run() {
	c := &Cache{data: map[string]int{"a": 1}}
	s := &Stats{cache: c}
	c.stats = s
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		c.Get("a")
	}()
	go func() {
		defer wg.Done()
		_ = s.Report()
	}()
	wg.Wait()
}
