package tctx

import (
	"context"
	"testing"
)

func worker(ctx context.Context, out chan<- int) {
	select {
	case out <- 1:
	case <-ctx.Done():
	}
}

// TestContext: the worker's send would leak without t.Context being
// cancelled when the test ends.
func TestContext(t *testing.T) {
	out := make(chan int)
	go worker(t.Context(), out)
}
