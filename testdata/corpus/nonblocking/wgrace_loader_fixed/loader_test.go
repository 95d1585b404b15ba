package wgrace_loader_fixed

import "testing"

func TestLoad(t *testing.T) {
	l := &Loader{}
	l.Start("a,b")
	if got := l.Wait(); len(got) != 2 {
		t.Errorf("loaded %v, want 2 items", got)
	}
}
