package chanlock_broadcast

import "testing"

func TestBroadcastTwice(t *testing.T) {
	h := &Hub{}
	c := h.Subscribe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 2; i++ {
			<-c
			h.Ack()
		}
	}()
	h.Broadcast("one")
	h.Broadcast("two")
	<-done
	if h.acked != 2 {
		t.Errorf("acked = %d, want 2", h.acked)
	}
}
