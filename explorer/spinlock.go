package explorer

import (
	"runtime"
	"sync/atomic"
)

// spinLock guards the very short critical sections of the tables the
// workers share (the state cache, the ancestries). A contended
// sync.Mutex parks the goroutine after a few spins, and waking it costs
// a context switch, tens of microseconds on the project's 2-core virtual
// machine, against the few hundred nanoseconds the holder keeps the
// lock: spinning (yielding the processor now and then) is cheaper.
type spinLock struct{ held atomic.Bool }

func (l *spinLock) Lock() {
	for i := 1; !l.held.CompareAndSwap(false, true); i++ {
		if i%64 == 0 {
			runtime.Gosched()
		}
	}
}

func (l *spinLock) Unlock() { l.held.Store(false) }
