package order_sleep

import (
	"testing"
	"time"
)

func TestStartThenDial(t *testing.T) {
	s := &Server{}
	s.Start(8080)
	time.Sleep(10 * time.Millisecond) // "long enough"
	if s.addr == "" {
		t.Fatal("server is not listening yet") // want "test-failure"
	}
}
