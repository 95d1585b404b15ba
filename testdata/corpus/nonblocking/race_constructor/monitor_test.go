package race_constructor

import "testing"

func TestMonitorLifecycle(t *testing.T) {
	m := NewMonitor()
	t.Logf("initial status: %s", m.Status())
	m.Stop()
	if s := m.Status(); s != "stopped" {
		t.Errorf("status after Stop = %q, want stopped", s)
	}
}
