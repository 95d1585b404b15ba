package testmisuse_helper

import (
	"context"
	"testing"
)

func requireNoError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Logf("unexpected error: %v", err)
		t.FailNow() // want "test-failure"
	}
}

func TestWorkerStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &Worker{jobs: make(chan int)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		requireNoError(t, w.Run(ctx))
	}()
	w.jobs <- 2
	w.jobs <- 3
	cancel()
	<-done
	if w.sum != 5 {
		t.Errorf("sum = %d, want 5", w.sum)
	}
}
