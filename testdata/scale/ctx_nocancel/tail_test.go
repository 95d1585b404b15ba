package ctx_nocancel

import (
	"context"
	"fmt"
	"testing"
)

func TestTail(t *testing.T) {
	var streams []string
	for i := range 12 {
		streams = append(streams, fmt.Sprintf("db-%d", i))
	}
	lines, err := Tail(context.Background(), streams, 20)
	if err == nil && len(lines) != 20 {
		t.Errorf("Tail returned %d lines, want 20", len(lines))
	}
}
