// Package testmisuse_helper_fixed is the corrected twin of testmisuse_helper.
// The worker goroutine used to call a FailNow helper itself, and Run's
// context.Canceled made it fail on every run. The fix sends Run's error to
// the test goroutine, which accepts context.Canceled (the expected way to
// stop) and calls the helper only from the test goroutine.
package testmisuse_helper_fixed

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
