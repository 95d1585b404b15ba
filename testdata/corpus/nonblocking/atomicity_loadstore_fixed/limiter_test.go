package atomicity_loadstore_fixed

import "testing"

func TestLimitOne(t *testing.T) {
	l := &Limiter{limit: 1}
	granted := make(chan bool)
	for i := 0; i < 2; i++ {
		go func() { granted <- l.TryAcquire() }()
	}
	n := 0
	for i := 0; i < 2; i++ {
		if <-granted {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d goroutines acquired a limit-1 slot", n)
	}
}
