package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
)

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressFunc is the callback the explorer is asked to offer (it has
// none yet): called from time to time during the exploration of an
// entry point with the executions done so far and the depth of the
// current one. When explorer.Options grows such a field, check sets it
// to (*progress).update.
type progressFunc func(executions, depth int)

var _ progressFunc = (*progress)(nil).update

// progress draws a one-line live status on a terminal: the entry point
// being explored, executions done and their rate, depth, elapsed time
// and the time bound. It redraws a few times a second from its own
// goroutine; everything it shows is guarded by mu. A disabled progress
// does nothing.
type progress struct {
	w     io.Writer
	on    bool
	bound time.Duration

	mu       sync.Mutex
	total    int // entries; 0 while loading
	index    int
	entry    string
	started  time.Time
	execs    int // in the current entry, as reported by update
	depth    int
	finished int // executions of the finished entries
	ended    int // finished entries
	parallel int // entries explored at once, if more than one (then entry is unused)
	width    int // of the line drawn last

	stop chan struct{}
	done chan struct{}
}

// newProgress returns a progress line that says "loading packages" until
// the first entry starts.
func newProgress(w io.Writer, on bool, bound time.Duration) *progress {
	p := &progress{w: w, on: on, bound: bound, started: time.Now()}
	if !on {
		return p
	}
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return p
}

// start says that the exploration of entry number i (from 0) of total
// begins.
func (p *progress) start(i, total int, entry string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	p.index, p.total, p.entry, p.started = i, total, entry, time.Now()
	p.execs, p.depth = 0, 0
	p.mu.Unlock()
	p.draw()
}

// startAll says that total entries are explored, jobs at once.
func (p *progress) startAll(total, jobs int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	p.total, p.parallel, p.started = total, jobs, time.Now()
	p.mu.Unlock()
	p.draw()
}

// update receives the explorer's progress on the current entry.
func (p *progress) update(executions, depth int) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	p.execs, p.depth = executions, depth
	p.mu.Unlock()
}

// finish says that an entry is done. It may be called from several
// goroutines (with -j).
func (p *progress) finish(r *explorer.Result) {
	if !p.on {
		return
	}
	p.mu.Lock()
	p.finished += r.Stats.Executions
	p.ended++
	p.execs, p.depth = 0, 0
	p.mu.Unlock()
}

// close stops redrawing and erases the status line.
func (p *progress) close() {
	if !p.on {
		return
	}
	close(p.stop)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	elapsed := time.Since(p.started)
	if p.total == 0 {
		line := fmt.Sprintf("cmcheck: loading packages  %s", elapsed.Round(100*time.Millisecond))
		fmt.Fprint(p.w, "\r"+line+"\033[K")
		p.width = len(line)
		return
	}
	line := fmt.Sprintf("cmcheck: [%d/%d] %s", p.index+1, p.total, shorten(p.entry, 50))
	if p.parallel > 0 {
		line = fmt.Sprintf("cmcheck: %d of %d entry points done (%d at once)", p.ended, p.total, p.parallel)
	}
	if p.execs > 0 {
		rate := float64(p.execs) / elapsed.Seconds()
		line += fmt.Sprintf("  %d executions (%.0f/s), depth %d", p.execs, rate, p.depth)
	}
	if p.parallel > 0 {
		line += fmt.Sprintf("  %s elapsed", elapsed.Round(100*time.Millisecond))
	} else {
		line += fmt.Sprintf("  %s of %s", elapsed.Round(100*time.Millisecond), p.bound)
	}
	if p.finished > 0 {
		line += fmt.Sprintf("  %d executions so far", p.finished)
	}
	fmt.Fprint(p.w, "\r"+line+"\033[K")
	p.width = len(line)
}

// shorten cuts s to at most n bytes, keeping its end.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+1:]
}
