package sendtimeout_error

import "testing"

func TestFetchAllReportsError(t *testing.T) {
	if _, err := FetchAll([]string{"a", "bad:b"}); err == nil {
		t.Fatal("FetchAll succeeded, want an error for bad:b")
	}
}
