// Package range_pipeline_fixed is the corrected twin of range_pipeline. The
// generator used to leave its output open, so the square stage's range never
// ended. The fix closes the generator's output when it is done (deferred),
// which ends the square stage, which closes its own output, and Run ranges
// over that to the end.
package range_pipeline_fixed

func generate(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n
		}
	}()
	return out
}

func square(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in {
			out <- n * n
		}
	}()
	return out
}

// Run squares two numbers through the pipeline.
//
//cmcheck:entry
func Run() {
	total := 0
	for v := range square(generate(2, 3)) {
		total += v
	}
	_ = total
}
