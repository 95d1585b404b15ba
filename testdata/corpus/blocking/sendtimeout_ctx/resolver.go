// Package sendtimeout_ctx: Resolver.Resolve starts a worker per lookup and
// returns ctx.Err() as soon as the context is done. The worker sends its
// answer on an unbuffered channel; when the context deadline fires first,
// Resolve has already returned and the worker blocks forever on its send: a
// leak when the test returns.
package sendtimeout_ctx

import (
	"context"
	"strings"
)

type Resolver struct {
	table map[string]string
}

func (r *Resolver) Resolve(ctx context.Context, name string) (string, error) {
	answer := make(chan string)
	go func() {
		addr := r.table[strings.ToLower(name)]
		answer <- addr // want "leak"
	}()
	select {
	case a := <-answer:
		return a, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
