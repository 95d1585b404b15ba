// Package cond_nosignal: Queue.Close marks the queue closed but never calls
// Broadcast. A worker that is already waiting in Get (queue empty, not yet
// closed) is never woken: the predicate changed but nobody signalled. The
// worker waits forever and the test blocks in wg.Wait: a deadlock reported
// at wg.Wait.
package cond_nosignal

import "sync"

type Queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

// Get returns the next item, or false once the queue is closed and empty.
func (q *Queue) Get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	// bug: a worker already waiting in Get is not woken
}
