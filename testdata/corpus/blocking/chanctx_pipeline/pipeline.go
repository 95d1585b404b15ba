// Package chanctx_pipeline: produce stops early when its context is done, but
// on that path it forgets to close its output channel. consume ranges over
// the channel waiting for a value or a close that will never come, and Run
// waits for consume's total. When the timeout fires mid-stream, the producer
// has left, the consumer waits in its range and Run waits for the total:
// a deadlock at Run's receive.
package chanctx_pipeline

import (
	"context"
	"time"
)

func produce(ctx context.Context, out chan<- int) {
	for i := 1; i <= 3; i++ {
		select {
		case out <- i:
		case <-ctx.Done():
			return // bug: out is left open
		}
	}
	close(out)
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
	sum := <-total // want "deadlock"
	_ = sum
}
