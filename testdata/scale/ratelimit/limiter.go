// Package ratelimit: a token-bucket rate limiter refilled by a
// time.Ticker goroutine, shared by 10 clients that each make 3 requests.
// The refill loop drops a token when the bucket is full (select with
// default) and exits when Stop closes its quit channel; Stop waits for it
// to acknowledge, so the ticker is stopped and no goroutine outlives the
// limiter. Clients give up on a request when their context is done.
// Correct: no leak, no race, no deadlock.
package ratelimit

import (
	"context"
	"sync"
	"time"
)

type Limiter struct {
	tokens chan struct{}
	quit   chan struct{}
	done   chan struct{}
}

// New returns a limiter that allows one request per interval, with bursts
// of up to burst requests.
func New(interval time.Duration, burst int) *Limiter {
	l := &Limiter{
		tokens: make(chan struct{}, burst),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	for range burst {
		l.tokens <- struct{}{}
	}
	go l.refill(time.NewTicker(interval))
	return l
}

func (l *Limiter) refill(t *time.Ticker) {
	defer close(l.done)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			select {
			case l.tokens <- struct{}{}:
			default: // bucket full: the token is dropped
			}
		case <-l.quit:
			return
		}
	}
}

// Wait blocks until a request may proceed or ctx is done.
func (l *Limiter) Wait(ctx context.Context) error {
	select {
	case <-l.tokens:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stop stops the refill goroutine and waits for it to exit.
func (l *Limiter) Stop() {
	close(l.quit)
	<-l.done
}

// Serve runs clients goroutines, each making requests requests through l,
// and returns how many requests were let through.
func Serve(ctx context.Context, l *Limiter, clients, requests int) int {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		served int
	)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range requests {
				if l.Wait(ctx) != nil {
					return
				}
				mu.Lock()
				served++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return served
}
