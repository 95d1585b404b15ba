package chanctx_server_fixed

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
	got, err := s.Call(21)
	if err == nil && got != 42 {
		t.Errorf("Call(21) = %d, want 42", got)
	}
	cancel()
	<-s.done
}
