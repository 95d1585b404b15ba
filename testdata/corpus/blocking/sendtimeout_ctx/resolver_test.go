package sendtimeout_ctx

import (
	"context"
	"testing"
	"time"
)

func TestResolve(t *testing.T) {
	r := &Resolver{table: map[string]string{"db": "10.0.0.7"}}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	addr, err := r.Resolve(ctx, "DB")
	if err == nil && addr != "10.0.0.7" {
		t.Errorf("Resolve(DB) = %q, want 10.0.0.7", addr)
	}
}
