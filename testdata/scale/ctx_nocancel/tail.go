// Package ctx_nocancel: Tail follows 12 log streams at once, one goroutine
// per stream started in a loop, each sending its lines on a shared
// channel in a select with ctx.Done(), as it should. Tail cancels the
// streams' context when it has read what it wants, but it returns early on
// the first corrupt line without calling cancel (go vet's lostcancel
// check flags it): the streams that still have lines to send block in
// their select forever, since their context is never done.
package ctx_nocancel

import (
	"context"
	"fmt"
	"strings"
)

type Line struct {
	Stream string
	Text   string
}

// stream sends the lines of one log, each stream having three.
func stream(ctx context.Context, name string, out chan<- Line) {
	for i := range 3 {
		text := fmt.Sprintf("%s: line %d", name, i)
		if name == "db-7" && i == 1 {
			text = "\x00corrupt"
		}
		select { // want "leak"
		case out <- Line{Stream: name, Text: text}:
		case <-ctx.Done():
			return
		}
	}
}

// Tail returns the first n lines of the streams, in arrival order.
func Tail(ctx context.Context, streams []string, n int) ([]Line, error) {
	ctx, cancel := context.WithCancel(ctx)
	lines := make(chan Line)
	for _, s := range streams {
		go stream(ctx, s, lines)
	}
	var out []Line
	for len(out) < n {
		l := <-lines
		if strings.HasPrefix(l.Text, "\x00") {
			return out, fmt.Errorf("stream %s: corrupt line after %d lines", l.Stream, len(out)) // bug: cancel is not called
		}
		out = append(out, l)
	}
	cancel()
	return out, nil
}
