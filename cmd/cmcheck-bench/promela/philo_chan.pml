/* Dining philosophers with channel forks, as shared/bench/philo_chan:
 * a fork is a buffered channel of capacity 1 holding a token
 * (take = receive, put = send). A deadlock is reachable.
 * spin -a -DN=6 -DROUNDS=1 philo_chan.pml
 * The goroutines are started in one atomic step (main does nothing else
 * in between that they could observe). */
#ifndef N
#define N 5
#endif
#ifndef ROUNDS
#define ROUNDS 1
#endif

chan fork[N] = [1] of { bit };
byte wg = N;	/* sync.WaitGroup after wg.Add(N) */

proctype phil(byte i) {
	byte first = i, second = (i + 1) % N;
	byte r;
	for (r : 1 .. ROUNDS) {
		fork[first]?_;
		fork[second]?_;
		/* eat */
		fork[second]!0;
		fork[first]!0
	}
	wg--	/* wg.Done() */
}

init {
	byte i;
	for (i : 0 .. N - 1) {
		fork[i]!0
	}
	atomic {
		for (i : 0 .. N - 1) {
			run phil(i)
		}
	}
	wg == 0	/* wg.Wait() */
}
