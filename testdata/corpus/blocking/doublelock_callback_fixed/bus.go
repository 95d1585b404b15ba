// Package doublelock_callback_fixed is the corrected twin of
// doublelock_callback. Publish used to call the handlers while holding b.mu,
// so a handler that called back into the bus (Unsubscribe) locked b.mu twice.
// The fix copies the subscriber list under the lock and calls the handlers
// after releasing it.
package doublelock_callback_fixed

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
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, s := range b.subs {
		if s.id == id {
			b.subs = append(b.subs[:i], b.subs[i+1:]...)
			return
		}
	}
}

func (b *Bus) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

func (b *Bus) Publish(event string) {
	b.mu.Lock()
	subs := append([]subscription(nil), b.subs...)
	b.mu.Unlock()
	for _, s := range subs {
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
