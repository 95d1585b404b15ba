// Package abba_cachestats: Cache.Get holds c.mu while it records the hit or
// miss in Stats (taking s.mu); Stats.Report holds s.mu while it asks the
// cache for its size (taking c.mu). A lookup and a report running at the same
// time take the two locks in opposite orders and can deadlock; the entry
// function then blocks in wg.Wait, where the deadlock is reported.
package abba_cachestats

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
	size := s.cache.Len() // s.mu -> c.mu
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
	defer c.mu.Unlock()
	v, ok := c.data[key]
	c.stats.record(ok) // c.mu -> s.mu
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
	wg.Wait() // want "deadlock"
}
