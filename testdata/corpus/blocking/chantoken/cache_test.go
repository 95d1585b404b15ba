package chantoken

import (
	"sync"
	"testing"
)

func TestGet(t *testing.T) {
	c := NewCache()
	var wg sync.WaitGroup
	for _, key := range []string{"", "a"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Get(key)
		}()
	}
	wg.Wait() // want "deadlock"
}
