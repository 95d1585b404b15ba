// Package batcher: a log shipper's batching loop. Several producers send
// records on one channel; Batch groups them into batches of at most max
// records and flushes a partial batch when no record has arrived for
// linger, re-arming a single time.Timer with Reset after each record and
// each flush (safe without draining the channel under the Go 1.23 timer
// semantics this module's go version selects). Correct: every record is
// flushed exactly once, in batches no larger than max, and Batch returns
// once the producers are done.
package batcher

import (
	"sync"
	"time"
)

// Batch reads records from in until it is closed and hands them to flush
// in batches.
func Batch(in <-chan int, max int, linger time.Duration, flush func([]int)) {
	timer := time.NewTimer(linger)
	defer timer.Stop()
	var batch []int
	for {
		select {
		case v, ok := <-in:
			if !ok {
				if len(batch) > 0 {
					flush(batch)
				}
				return
			}
			batch = append(batch, v)
			if len(batch) == max {
				flush(batch)
				batch = nil
			}
			timer.Reset(linger)
		case <-timer.C:
			if len(batch) > 0 {
				flush(batch)
				batch = nil
			}
			timer.Reset(linger)
		}
	}
}

// Produce starts producers goroutines that each send perProducer records,
// pausing between them, and closes the returned channel when all are done.
func Produce(producers, perProducer int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perProducer {
				out <- p*100 + i
				time.Sleep(time.Duration(p+1) * time.Millisecond)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
