package cond_nosignal

import (
	"sync"
	"testing"
)

func TestDrainThenClose(t *testing.T) {
	q := NewQueue()
	var wg sync.WaitGroup
	sum := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			v, ok := q.Get()
			if !ok {
				return
			}
			sum += v
		}
	}()
	q.Put(1)
	q.Put(2)
	q.Close()
	wg.Wait() // want "deadlock"
	if sum != 3 {
		t.Errorf("sum = %d, want 3", sum)
	}
}
