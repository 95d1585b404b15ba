package leak

import (
	"testing"
	"time"
)

func TestLookup(t *testing.T) {
	v, err := Lookup("k", time.Second)
	if err == nil && v != "value of k" {
		t.Errorf("Lookup = %q", v)
	}
}
