// Command doublelock_earlyreturn_fixed is the corrected twin of
// doublelock_earlyreturn. Load used to return early on an empty key with s.mu
// still locked. The fix releases the lock with defer right after taking it,
// so every return path unlocks.
package main

import (
	"errors"
	"fmt"
	"sync"
)

var errEmptyKey = errors.New("empty key")

type Store struct {
	mu   sync.Mutex
	data map[string]string
}

func (s *Store) Load(key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if key == "" {
		return "", errEmptyKey
	}
	v, ok := s.data[key]
	if !ok {
		return "", fmt.Errorf("no key %q", key)
	}
	return v, nil
}

func main() {
	s := &Store{data: map[string]string{"host": "example.org"}}
	var wg sync.WaitGroup
	for _, key := range []string{"host", ""} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = s.Load(key)
		}()
	}
	wg.Wait()
	v, err := s.Load("host")
	fmt.Println("host =", v, err)
}
