package race_structfield_fixed

import (
	"errors"
	"testing"
)

func TestReconnectStatus(t *testing.T) {
	c := &Conn{state: "down"}
	done := make(chan struct{})
	go c.reconnect(func(int) error { return errors.New("connection refused") }, done)
	t.Logf("state=%s lastErr=%v", c.State(), c.LastErr())
	<-done
	if c.LastErr() == nil {
		t.Errorf("LastErr = nil after a failed reconnect")
	}
}
