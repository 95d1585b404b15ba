package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wgEvents runs src's main, always taking the first enabled transition,
// and returns the events of its WaitGroup operations.
func wgEvents(t *testing.T, src string) []Event {
	t.Helper()
	prog := loadProgram(t, src)
	require.NotEmpty(t, prog.Entries)
	s := New(prog.SSA).NewState()
	s.SpawnMain(nil, prog.Entries[0].Func)
	var evs []Event
	var buf []Transition
	for i := 0; i < 1000 && !s.Done(); i++ {
		if buf = s.Enabled(buf[:0]); len(buf) == 0 {
			break
		}
		if ev := s.Do(buf[0]); strings.HasPrefix(ev.Kind, "waitgroup") {
			evs = append(evs, ev)
		}
	}
	return evs
}

// TestWaitGroupUnits checks what partial-order reduction is told a
// WaitGroup's counter changes touch (wgAccess): an Add reads the
// WaitGroup and writes its units; a Done that takes back a unit its
// goroutine owns (its parent's Add handed over by the go statement) only
// reads the WaitGroup, and writes its zero when it brings the counter
// there; a Done whose goroutine owns no unit (started before the Add)
// writes the WaitGroup.
func TestWaitGroupUnits(t *testing.T) {
	evs := wgEvents(t, `package main

import "sync"

func main() {
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go wg.Done()
	}
	wg.Wait()
}
`)
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
		switch e.Kind {
		case "waitgroup add":
			assert.False(t, e.Write, "Add: %+v", e)
			assert.Equal(t, []string{"waitgroup 1 units"}, e.Writes[:len(e.Writes)-int(e.LateWrites)], "Add: %+v", e)
		case "waitgroup done":
			assert.False(t, e.Write, "covered Done: %+v", e)
		}
	}
	assert.Contains(t, kinds, "waitgroup done")
	arrivals := 0
	for _, e := range evs {
		if e.LateWrites > 0 && e.Writes[len(e.Writes)-1] == "waitgroup 1 zero" {
			arrivals++
		}
	}
	assert.Equal(t, 1, arrivals, "main arrives in Wait once: %+v", evs)
	zeroes := 0
	for _, e := range evs {
		if e.Kind == "waitgroup done" && slices.Contains(e.Writes, "waitgroup 1 zero") {
			zeroes++
		}
	}
	assert.Equal(t, 1, zeroes, "one Done brings the counter to zero: %+v", evs)

	evs = wgEvents(t, `package main

import "sync"

func main() {
	var wg sync.WaitGroup
	done := make(chan bool)
	go func() {
		<-done
		wg.Done()
	}()
	wg.Add(1)
	done <- true
	wg.Wait()
}
`)
	found := false
	for _, e := range evs {
		if e.Kind == "waitgroup done" {
			found = true
			assert.True(t, e.Write, "a Done without a unit of its own writes the WaitGroup: %+v", e)
		}
	}
	assert.True(t, found, "no Done in %+v", evs)
}
