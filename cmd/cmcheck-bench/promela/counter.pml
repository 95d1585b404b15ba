/* N processes each increment a shared counter K times under a mutex;
 * init waits for them (WaitGroup) and checks the total, as
 * shared/bench/counter.
 * spin -a -DN=4 -DK=2 counter.pml */
#ifndef N
#define N 3
#endif
#ifndef K
#define K 2
#endif

bool locked;	/* sync.Mutex */
byte counter;
byte wg = N;	/* sync.WaitGroup after wg.Add(N) */

proctype worker() {
	byte k, tmp;
	for (k : 1 .. K) {
		atomic { !locked -> locked = true };	/* mu.Lock() */
		tmp = counter;
		counter = tmp + 1;
		locked = false	/* mu.Unlock() */
	}
	wg--	/* wg.Done() */
}

init {
	byte i;
	atomic {
		for (i : 1 .. N) {
			run worker()
		}
	}
	wg == 0;	/* wg.Wait() */
	assert(counter == N * K)
}
