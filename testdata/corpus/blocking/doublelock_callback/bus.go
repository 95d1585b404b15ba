// Package doublelock_callback: Bus.Publish holds b.mu while it calls every
// subscriber's Handle method through the Handler interface. The one-shot
// subscriber unsubscribes itself from inside Handle, and Unsubscribe takes
// b.mu again. The test goroutine (the only goroutine) blocks forever on a lock
// it already holds: a deadlock reported at the Lock in Unsubscribe.
package doublelock_callback

import "sync"

type Handler interface {
	Handle(b *Bus, event string)
}

type subscription struct {
	id int
	h  Handler
}

type Bus struct {
	mu   sync.Mutex
	subs []subscription
	next int
}

func (b *Bus) Subscribe(h Handler) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	b.subs = append(b.subs, subscription{id: b.next, h: h})
	return b.next
}

func (b *Bus) Unsubscribe(id int) {
	b.mu.Lock() // want "deadlock"
	defer b.mu.Unlock()
	for i, s := range b.subs {
		if s.id == id {
			b.subs = append(b.subs[:i], b.subs[i+1:]...)
			return
		}
	}
}

func (b *Bus) Publish(event string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		s.h.Handle(b, event)
	}
}

// oneShot records the first event it sees and then unsubscribes itself.
type oneShot struct {
	id  int
	got []string
}

func (o *oneShot) Handle(b *Bus, event string) {
	o.got = append(o.got, event)
	b.Unsubscribe(o.id)
}
