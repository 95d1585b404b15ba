// Package chanctx_pipeline_fixed is the corrected twin of chanctx_pipeline.
// The producer used to return on ctx.Done() without closing its output, so
// the consumer's range never ended. The fix closes the output with defer, on
// every return path; the consumer then always delivers a (possibly partial)
// total.
package chanctx_pipeline_fixed

import (
	"context"
	"time"
)

func produce(ctx context.Context, out chan<- int) {
	defer close(out)
	for i := 1; i <= 3; i++ {
		select {
		case out <- i:
		case <-ctx.Done():
			return
		}
	}
}

func consume(in <-chan int, total chan<- int) {
	sum := 0
	for v := range in {
		sum += v
	}
	total <- sum
}

// Run sums what the producer manages to send before the deadline.
//
//cmcheck:entry
func Run() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	nums := make(chan int)
	total := make(chan int)
	go produce(ctx, nums)
	go consume(nums, total)
	sum := <-total
	_ = sum
}
