package chanmisuse_doubleclose_fixed

import (
	"fmt"
	"sync"
	"testing"
)

func TestBothWorkersFail(t *testing.T) {
	g := &Group{quit: make(chan struct{})}
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g.Fail(fmt.Errorf("worker %d: disk full", i))
		}()
	}
	wg.Wait()
	<-g.quit
	if len(g.errs) != 2 {
		t.Errorf("recorded %d errors, want 2", len(g.errs))
	}
}
