// Package sendtimeout_buffered: a "fix" for the stranded-sender leak that
// trades it for a lost message. FirstError gives its error channel room for
// every check, so no sender ever blocks, but it still returns at the first
// non-nil error: when the failing check's result arrives first, the other
// check's result is left in the buffer, where nothing can ever receive it
// (a lost message at the send). No goroutine leaks.
package sendtimeout_buffered

import "errors"

func FirstError(checks []func() error) error {
	errc := make(chan error, len(checks))
	for _, c := range checks {
		go func() {
			errc <- c() // want "lost-message"
		}()
	}
	for range checks {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

var errDisk = errors.New("disk check failed")

func checkNet() error  { return nil }
func checkDisk() error { return errDisk }
