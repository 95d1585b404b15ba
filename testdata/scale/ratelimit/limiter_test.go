package ratelimit

import (
	"context"
	"testing"
	"time"
)

func TestServe(t *testing.T) {
	const clients, requests = 10, 3
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l := New(time.Millisecond, 5)
	served := Serve(ctx, l, clients, requests)
	l.Stop()
	if served > clients*requests {
		t.Errorf("served %d requests, only %d were made", served, clients*requests)
	}
}
