package rwr_recursive_fixed

import "testing"

func TestGetWhileSetting(t *testing.T) {
	c := &Config{
		values:   map[string]string{},
		defaults: map[string]string{"mode": "fast"},
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Set("level", "3")
	}()
	if got := c.Get("mode"); got != "fast" {
		t.Errorf("Get(mode) = %q, want fast", got)
	}
	<-done
}
