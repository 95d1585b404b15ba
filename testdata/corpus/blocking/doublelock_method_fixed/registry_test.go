package doublelock_method_fixed

import (
	"sync"
	"testing"
)

func TestRegisterConcurrently(t *testing.T) {
	r := NewRegistry(4)
	var wg sync.WaitGroup
	for i, name := range []string{"alpha", "beta"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.Register(name, i); err != nil {
				t.Errorf("Register(%q): %v", name, err)
			}
		}()
	}
	wg.Wait()
	if n := r.Len(); n != 2 {
		t.Errorf("Len = %d, want 2", n)
	}
}
