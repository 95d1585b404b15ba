package hedge_fixed

import (
	"context"
	"strings"
	"testing"
)

func TestQuery(t *testing.T) {
	v, err := Query(context.Background(), 16)
	if err == nil && !strings.HasPrefix(v, "value from replica") {
		t.Errorf("Query = %q, want a replica's value", v)
	}
}
