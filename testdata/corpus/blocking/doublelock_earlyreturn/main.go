// Command doublelock_earlyreturn: Store.Load locks s.mu and, on an empty key,
// returns an error without unlocking. Whichever worker loads the empty key
// leaves the mutex locked forever. If it runs first, the other worker blocks
// in Lock and main blocks in wg.Wait; if it runs second, wg.Wait returns and
// main's own final Load blocks in Lock. Both are deadlocks (main is goroutine
// 1): reported at wg.Wait or at the Lock in Load, depending on the order.
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
	s.mu.Lock() // want "deadlock"
	if key == "" {
		return "", errEmptyKey // returns with s.mu still held
	}
	v, ok := s.data[key]
	s.mu.Unlock()
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
	wg.Wait() // want "deadlock"
	v, err := s.Load("host")
	fmt.Println("host =", v, err)
}
