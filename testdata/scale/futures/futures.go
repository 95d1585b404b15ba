// Package futures: ordered fan-out with one future per request. Render
// starts a goroutine per template fragment (32 in the test), each
// delivering its result on its own buffered channel of capacity 1, and
// assembles the page by receiving from the futures in order, so the
// output order does not depend on which fragment finishes first. Correct:
// each future has exactly one sender and one receiver, nothing blocks,
// nothing is left behind.
package futures

import (
	"fmt"
	"strings"
)

type future chan string

func start(f func() string) future {
	c := make(future, 1)
	go func() { c <- f() }()
	return c
}

func fragment(i int) string {
	return fmt.Sprintf("<div id=%q>%s</div>", fmt.Sprint("f", i), strings.Repeat("x", i%4))
}

// Render returns the page made of n fragments.
func Render(n int) string {
	futures := make([]future, n)
	for i := range n {
		futures[i] = start(func() string { return fragment(i) })
	}
	var b strings.Builder
	for _, f := range futures {
		b.WriteString(<-f)
	}
	return b.String()
}
