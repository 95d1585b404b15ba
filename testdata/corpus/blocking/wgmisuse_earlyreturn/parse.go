// Package wgmisuse_earlyreturn: each parser goroutine calls wg.Done at the end
// of its body, but the error path returns before reaching it. With one bad
// input the counter stays at one forever and Parse blocks in wg.Wait: a
// deadlock at wg.Wait (the entry goroutine is the only one left).
package wgmisuse_earlyreturn

import (
	"strconv"
	"sync"
)

type Parsed struct {
	mu   sync.Mutex
	vals []int
	errs []error
}

func (p *Parsed) Parse(inputs []string) {
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			n, err := strconv.Atoi(in)
			p.mu.Lock()
			if err != nil {
				p.errs = append(p.errs, err)
				p.mu.Unlock()
				return // bug: skips wg.Done
			}
			p.vals = append(p.vals, n)
			p.mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait() // want "deadlock"
}

// Run parses one good and one bad input.
//
//cmcheck:entry
func Run() {
	p := &Parsed{}
	p.Parse([]string{"7", "seven"})
}
