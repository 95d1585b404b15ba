package batcher

import (
	"testing"
	"time"
)

func TestBatch(t *testing.T) {
	const producers, perProducer, max = 6, 4, 5
	seen := make(map[int]bool)
	Batch(Produce(producers, perProducer), max, 3*time.Millisecond, func(b []int) {
		if len(b) > max {
			t.Errorf("batch of %d records, want at most %d", len(b), max)
		}
		for _, v := range b {
			if seen[v] {
				t.Errorf("record %d flushed twice", v)
			}
			seen[v] = true
		}
	})
	if len(seen) != producers*perProducer {
		t.Errorf("%d records flushed, want %d", len(seen), producers*perProducer)
	}
}
