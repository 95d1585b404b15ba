// Package chanlock_broadcast_fixed is the corrected twin of
// chanlock_broadcast. Broadcast used to hold h.mu during its blocking sends,
// while the receiver needed h.mu (in Ack) before it could receive again. The
// fix copies the subscriber list under the lock and sends after releasing
// it.
package chanlock_broadcast_fixed

import "sync"

type Hub struct {
	mu    sync.Mutex
	subs  []chan string
	acked int
}

func (h *Hub) Subscribe() <-chan string {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := make(chan string)
	h.subs = append(h.subs, c)
	return c
}

func (h *Hub) Broadcast(msg string) {
	h.mu.Lock()
	subs := append([]chan string(nil), h.subs...)
	h.mu.Unlock()
	for _, c := range subs {
		c <- msg
	}
}

func (h *Hub) Ack() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.acked++
}
