// Package sendtimeout_ctx_fixed is the corrected twin of sendtimeout_ctx. The
// worker used to send its answer unconditionally and blocked forever after
// Resolve gave up on ctx.Done(). The fix makes the worker's send a select
// that also watches ctx.Done(), so once the caller has left (or the test's
// deferred cancel runs) the worker returns.
package sendtimeout_ctx_fixed

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
		select {
		case answer <- addr:
		case <-ctx.Done():
		}
	}()
	select {
	case a := <-answer:
		return a, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
