// Package capture_range_fixed is the corrected twin of capture_range. The
// buggy file was compiled with Go 1.21 loop semantics, where all goroutines
// shared one range variable. Without the version-lowering build line the
// module's Go 1.26 semantics apply: each iteration has its own name.
package capture_range_fixed

func greetAll(names []string) []string {
	out := make(chan string)
	for _, name := range names {
		go func() {
			out <- "hello " + name
		}()
	}
	var got []string
	for range names {
		got = append(got, <-out)
	}
	return got
}
