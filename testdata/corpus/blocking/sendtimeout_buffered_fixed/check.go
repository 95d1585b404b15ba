// Package sendtimeout_buffered_fixed is the corrected twin of
// sendtimeout_buffered. FirstError used to return at the first error and
// leave the remaining results in the buffered channel. The fix receives
// every result (one per check) before returning, keeping the first non-nil
// error, so the channel is always empty at the end.
package sendtimeout_buffered_fixed

import "errors"

func FirstError(checks []func() error) error {
	errc := make(chan error, len(checks))
	for _, c := range checks {
		go func() {
			errc <- c()
		}()
	}
	var first error
	for range checks {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

var errDisk = errors.New("disk check failed")

func checkNet() error  { return nil }
func checkDisk() error { return errDisk }
