package testmisuse_helper_fixed

import (
	"context"
	"errors"
	"testing"
)

func requireNoError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Logf("unexpected error: %v", err)
		t.FailNow()
	}
}

func TestWorkerStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &Worker{jobs: make(chan int)}
	errc := make(chan error)
	go func() {
		errc <- w.Run(ctx)
	}()
	w.jobs <- 2
	w.jobs <- 3
	cancel()
	err := <-errc
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	requireNoError(t, err)
	if w.sum != 5 {
		t.Errorf("sum = %d, want 5", w.sum)
	}
}
