//go:build go1.21

// Package capture_range: this file is compiled with Go 1.21 semantics (the
// build line above), so the range variable name is one variable shared by
// every iteration. Each greeter goroutine reads name when it runs, racing
// with the loop's write of the next name; if the first goroutine runs after
// the loop moved on, both greet "bob" and the test's check fails.
package capture_range

func greetAll(names []string) []string {
	out := make(chan string)
	for _, name := range names {
		go func() {
			out <- "hello " + name // want "data-race"
		}()
	}
	var got []string
	for range names {
		got = append(got, <-out)
	}
	return got
}
