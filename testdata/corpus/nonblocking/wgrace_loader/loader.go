// Package wgrace_loader: Loader.load calls l.wg.Add(1) inside the goroutine
// that Start launches, instead of before the go statement. If Wait runs
// before that Add, the counter is still zero and Wait returns at once: the
// caller reads l.data while load writes it (a data race) and may see it
// empty (the test fails).
package wgrace_loader

import (
	"strings"
	"sync"
)

type Loader struct {
	wg   sync.WaitGroup
	data []string
}

func (l *Loader) Start(src string) {
	go l.load(src)
}

func (l *Loader) load(src string) {
	l.wg.Add(1) // bug: must happen before "go l.load"
	defer l.wg.Done()
	l.data = strings.Split(src, ",") // want "data-race"
}

func (l *Loader) Wait() []string {
	l.wg.Wait()
	return l.data
}
