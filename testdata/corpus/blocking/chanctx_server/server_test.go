package chanctx_server

import (
	"context"
	"testing"
	"time"
)

func TestCallBeforeDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	s := NewServer()
	go s.Serve(ctx)
	if got := s.Call(21); got != 42 {
		t.Errorf("Call(21) = %d, want 42", got)
	}
}
