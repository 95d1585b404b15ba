package doublelock_callback

import "testing"

func TestOneShotSubscriber(t *testing.T) {
	b := &Bus{}
	o := &oneShot{}
	o.id = b.Subscribe(o)
	b.Publish("ready")
	b.Publish("again")
	if len(o.got) != 1 {
		t.Errorf("one-shot subscriber saw %v, want exactly one event", o.got)
	}
}
