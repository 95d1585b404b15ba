package doublelock_callback_fixed

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
	if n := b.Len(); n != 0 {
		t.Errorf("%d subscribers left, want 0", n)
	}
}
