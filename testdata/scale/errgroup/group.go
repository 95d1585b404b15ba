// Package errgroup: a hand-written errgroup, as many code bases had before
// golang.org/x/sync/errgroup: Go runs a task in a goroutine, the first
// task to fail records its error under a sync.Once and cancels the group's
// context, and Wait waits for every task and returns that first error.
// FetchAll uses it for 20 downloads started in a loop; the downloads give
// up when the context is cancelled. Correct: Wait returns only after every
// task has finished, the error is written once, before Wait reads it.
package errgroup

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type Group struct {
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	errOnce sync.Once
	err     error
}

func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &Group{cancel: cancel}, ctx
}

func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				g.cancel()
			})
		}
	}()
}

func (g *Group) Wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}

// download stands for fetching one object: it takes (id%3+1) ms, and
// object 13 is missing.
func download(ctx context.Context, id int) ([]byte, error) {
	select {
	case <-time.After(time.Duration(id%3+1) * time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if id == 13 {
		return nil, fmt.Errorf("object %d: not found", id)
	}
	return []byte(fmt.Sprintf("object-%d", id)), nil
}

// FetchAll downloads objects 0..n-1 and returns them, or the first error.
func FetchAll(ctx context.Context, n int) ([][]byte, error) {
	g, ctx := WithContext(ctx)
	objs := make([][]byte, n)
	for i := range n {
		g.Go(func() error {
			b, err := download(ctx, i)
			if err != nil {
				return err
			}
			objs[i] = b
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return objs, nil
}
