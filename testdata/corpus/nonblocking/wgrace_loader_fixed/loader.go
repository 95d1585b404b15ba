// Package wgrace_loader_fixed is the corrected twin of wgrace_loader. The
// goroutine used to call wg.Add itself, racing with Wait. The fix calls
// l.wg.Add(1) in Start, before the go statement, so Wait always sees it.
package wgrace_loader_fixed

import (
	"strings"
	"sync"
)

type Loader struct {
	wg   sync.WaitGroup
	data []string
}

func (l *Loader) Start(src string) {
	l.wg.Add(1)
	go l.load(src)
}

func (l *Loader) load(src string) {
	defer l.wg.Done()
	l.data = strings.Split(src, ",")
}

func (l *Loader) Wait() []string {
	l.wg.Wait()
	return l.data
}
