// Package hedge_leak: Query sends the same read to 16 replicas at once
// (hedged requests), one goroutine per replica started in a loop, and
// returns the first answer, or ctx.Err() when its 50 ms deadline passes.
// Each replica call honours the context, but the goroutine then sends its
// answer on an unbuffered channel without selecting on ctx.Done(): once
// Query has taken the first answer (or given up), every replica that
// answers later blocks forever on that send.
package hedge_leak

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
			answers <- v // want "leak"
		}()
	}
	select {
	case v := <-answers:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
