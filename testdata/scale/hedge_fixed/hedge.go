// Package hedge_fixed is the corrected twin of hedge_leak: each replica
// goroutine sends its answer in a select with ctx.Done(), and Query's
// deferred cancel releases every goroutine that has not sent once Query
// has returned, so none is left blocked.
package hedge_fixed

import (
	"context"
	"fmt"
	"time"
)

// ask stands for an RPC to one replica: replica i answers after
// (i%4+1)*10 ms, unless the context is done first.
func ask(ctx context.Context, replica int) (string, error) {
	select {
	case <-time.After(time.Duration(replica%4+1) * 10 * time.Millisecond):
		return fmt.Sprintf("value from replica %d", replica), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Query returns the first replica's answer.
func Query(ctx context.Context, replicas int) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	answers := make(chan string)
	for i := range replicas {
		go func() {
			v, err := ask(ctx, i)
			if err != nil {
				return
			}
			select {
			case answers <- v:
			case <-ctx.Done():
			}
		}()
	}
	select {
	case v := <-answers:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
