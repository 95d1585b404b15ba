package errgroup

import (
	"context"
	"errors"
	"testing"
)

func TestFetchAll(t *testing.T) {
	objs, err := FetchAll(context.Background(), 20)
	if err == nil {
		t.Fatalf("FetchAll returned %d objects and no error, want object 13's error", len(objs))
	}
	if errors.Is(err, context.Canceled) {
		t.Errorf("FetchAll = %v, want object 13's error, not the cancellation it caused", err)
	}
}
