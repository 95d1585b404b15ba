// Package testmisuse_helper: the test runs Worker.Run in a goroutine and
// checks its result with requireNoError, a t.Helper that calls t.FailNow.
// When the test cancels the context, Run returns ctx.Err() (context.Canceled),
// so the helper's t.FailNow is reached on every run, from the worker
// goroutine rather than the test goroutine. The goroutine exits via
// runtime.Goexit and its deferred close(done) still runs.
package testmisuse_helper

import "context"

type Worker struct {
	jobs chan int
	sum  int
}

func (w *Worker) Run(ctx context.Context) error {
	for {
		select {
		case j := <-w.jobs:
			w.sum += j
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
