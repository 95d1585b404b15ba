// Package chanlock_broadcast: Hub.Broadcast holds h.mu while it sends the
// message to every subscriber on unbuffered channels. The subscriber
// acknowledges each message with h.Ack, which needs h.mu. When the second
// Broadcast takes h.mu before the subscriber's Ack of the first message,
// Broadcast waits for the subscriber to receive while the subscriber waits
// for the lock: a deadlock, reported at the send in Broadcast where the test
// goroutine is stuck.
package chanlock_broadcast

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
	defer h.mu.Unlock()
	for _, c := range h.subs {
		c <- msg // want "deadlock"
	}
}

func (h *Hub) Ack() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.acked++
}
