package order_sleep_fixed

import "testing"

func TestStartThenDial(t *testing.T) {
	s := &Server{}
	<-s.Start(8080)
	if s.addr == "" {
		t.Fatal("server is not listening yet")
	}
}
