// Package race_plainvar_fixed is the corrected twin of race_plainvar. The
// goroutines used to write the shared error variable without
// synchronisation. The fix guards it with a mutex (and keeps the first
// error, so the result no longer depends on the schedule).
package race_plainvar_fixed

import (
	"strconv"
	"sync"
)

func Validate(inputs []string) error {
	var (
		mu  sync.Mutex
		bad error
		wg  sync.WaitGroup
	)
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := strconv.Atoi(in); err != nil {
				mu.Lock()
				if bad == nil {
					bad = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return bad
}
