// Package race_plainvar: Validate checks its inputs in parallel and records a
// failure in the local variable bad, which every goroutine captures, without
// any synchronisation. With two invalid inputs, two goroutines write bad at
// the same time: a data race (write/write) on a plain variable. Reading bad
// after wg.Wait is fine; only the two writes race.
package race_plainvar

import (
	"strconv"
	"sync"
)

func Validate(inputs []string) error {
	var bad error
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := strconv.Atoi(in); err != nil {
				bad = err // want "data-race"
			}
		}()
	}
	wg.Wait()
	return bad
}
