// Package edges has one properly synchronised test per happens-before
// edge of the Go memory model that cmcheck models. Each must be reported
// clean: a data race or lost update here is a false alarm. Each test
// writes a plain variable in one goroutine and reads it in another,
// ordered only by the edge under test.
package edges

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestGoStatement(t *testing.T) {
	x := 0
	x = 1
	done := make(chan bool)
	go func() { _ = x; done <- true }()
	<-done
}

func TestUnbufferedSendBeforeReceive(t *testing.T) {
	x, ch := 0, make(chan int)
	go func() { x = 1; ch <- 0 }()
	<-ch
	_ = x
}

func TestUnbufferedReceiveBeforeSendCompletes(t *testing.T) {
	x, ch := 0, make(chan int)
	go func() { x = 1; <-ch }()
	ch <- 0
	_ = x
	x = 2
}

func TestBufferedSendBeforeReceive(t *testing.T) {
	x, ch := 0, make(chan int, 2)
	go func() { x = 1; ch <- 0 }()
	<-ch
	_ = x
}

func TestKthReceiveBeforeKPlusCSend(t *testing.T) {
	// A channel of capacity 1 used as a semaphore: the first receive
	// happens before the second send completes.
	x, sem := 0, make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			x++
			<-sem
		}()
	}
	wg.Wait()
}

func TestCloseBeforeReceiveOfZero(t *testing.T) {
	x, ch := 0, make(chan int)
	go func() { x = 1; close(ch) }()
	<-ch
	_ = x
}

func TestMutex(t *testing.T) {
	var mu sync.Mutex
	x := 0
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			mu.Lock()
			x++
			mu.Unlock()
		}()
	}
	wg.Wait()
}

func TestRWMutex(t *testing.T) {
	var mu sync.RWMutex
	x := 0
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); mu.Lock(); x++; mu.Unlock() }()
	for i := 0; i < 2; i++ {
		go func() { defer wg.Done(); mu.RLock(); _ = x; mu.RUnlock() }()
	}
	wg.Wait()
}

func TestWaitGroup(t *testing.T) {
	x := 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { x = 1; wg.Done() }()
	wg.Wait()
	_ = x
}

func TestWaitGroupGo(t *testing.T) {
	x := 0
	var wg sync.WaitGroup
	wg.Go(func() { x = 1 })
	wg.Wait()
	_ = x
}

func TestOnce(t *testing.T) {
	var once sync.Once
	x := 0
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			once.Do(func() { x = 1 })
			_ = x
		}()
	}
	wg.Wait()
}

func TestCond(t *testing.T) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	x, ready := 0, false
	go func() {
		mu.Lock()
		x, ready = 1, true
		c.Signal()
		mu.Unlock()
	}()
	mu.Lock()
	for !ready {
		c.Wait()
	}
	_ = x
	mu.Unlock()
}

func TestAtomicStoreLoad(t *testing.T) {
	x := 0
	var flag atomic.Bool
	go func() { x = 1; flag.Store(true) }()
	if flag.Load() {
		_ = x
	}
}

func TestAtomicValue(t *testing.T) {
	x := 0
	var v atomic.Value
	go func() { x = 1; v.Store("ready") }()
	if v.Load() != nil {
		_ = x
	}
}

func TestAtomicAdd(t *testing.T) {
	var n int64
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() { defer wg.Done(); atomic.AddInt64(&n, 1) }()
	}
	wg.Wait()
	if atomic.LoadInt64(&n) != 2 {
		t.Error("lost an add")
	}
}

func TestContextCancel(t *testing.T) {
	x := 0
	ctx, cancel := context.WithCancel(context.Background())
	go func() { x = 1; cancel() }()
	<-ctx.Done()
	_ = x
}

func TestAfterFunc(t *testing.T) {
	x := 0
	done := make(chan bool)
	x = 1
	time.AfterFunc(time.Millisecond, func() { _ = x; done <- true })
	<-done
}

func TestTimeAfter(t *testing.T) {
	x := 0
	x = 1
	<-time.After(time.Millisecond)
	_ = x
}

func TestSubtest(t *testing.T) {
	x := 0
	t.Run("sub", func(t *testing.T) { x = 1 })
	_ = x
}

func TestSyncMap(t *testing.T) {
	var m sync.Map
	x := 0
	go func() { x = 1; m.Store("k", 1) }()
	if _, ok := m.Load("k"); ok {
		_ = x
	}
	m.Range(func(k, v any) bool { return true })
}

func TestSyncPool(t *testing.T) {
	p := sync.Pool{New: func() any { return new(int) }}
	done := make(chan bool)
	go func() {
		v := p.Get().(*int)
		*v = 1
		p.Put(v)
		done <- true
	}()
	<-done
	v := p.Get().(*int)
	*v = 2
}

func TestOnceValue(t *testing.T) {
	calls := 0
	get := sync.OnceValue(func() int { calls++; return 42 })
	done := make(chan int)
	go func() { done <- get() }()
	if v := get(); v != 42 {
		t.Errorf("got %d", v)
	}
	if v := <-done; v != 42 || calls != 1 {
		t.Errorf("got %d after %d calls", v, calls)
	}
	f := sync.OnceFunc(func() { calls++ })
	f()
	f()
	if calls != 2 {
		t.Errorf("OnceFunc ran %d times", calls-1)
	}
}
