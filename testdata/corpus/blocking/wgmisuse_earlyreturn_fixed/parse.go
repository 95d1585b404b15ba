// Package wgmisuse_earlyreturn_fixed is the corrected twin of
// wgmisuse_earlyreturn. The parser goroutine used to call wg.Done only at the
// end of its body, so the error path skipped it. The fix defers wg.Done as
// the goroutine's first statement, so every return path calls it.
package wgmisuse_earlyreturn_fixed

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
			defer wg.Done()
			n, err := strconv.Atoi(in)
			p.mu.Lock()
			defer p.mu.Unlock()
			if err != nil {
				p.errs = append(p.errs, err)
				return
			}
			p.vals = append(p.vals, n)
		}()
	}
	wg.Wait()
}

// Run parses one good and one bad input.
//
//cmcheck:entry
func Run() {
	p := &Parsed{}
	p.Parse([]string{"7", "seven"})
}
