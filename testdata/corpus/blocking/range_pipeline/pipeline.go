// Package range_pipeline: generate sends its numbers into a pipeline but
// never closes its output channel. The square stage ranges over that channel,
// so after the last number it waits forever. Run takes exactly as many
// results as it fed in and returns, leaving the square goroutine blocked in
// its range: a leak (the generator itself finishes).
package range_pipeline

func generate(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		for _, n := range nums {
			out <- n
		}
		// bug: out is never closed
	}()
	return out
}

func square(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in { // want "leak"
			out <- n * n
		}
	}()
	return out
}

// Run squares two numbers through the pipeline.
//
//cmcheck:entry
func Run() {
	sq := square(generate(2, 3))
	total := <-sq
	total += <-sq
	_ = total
}
