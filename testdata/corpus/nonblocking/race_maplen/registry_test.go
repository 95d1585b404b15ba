package race_maplen

import "testing"

func TestSizeWhileRemoving(t *testing.T) {
	r := New()
	r.Add("a")
	done := make(chan bool)
	go func() {
		r.Remove("a")
		done <- true
	}()
	if n := r.Size(); n > 1 {
		t.Errorf("size %d", n)
	}
	<-done
}
