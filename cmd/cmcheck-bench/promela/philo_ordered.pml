/* Dining philosophers with channel forks, deadlock-free, as
 * shared/bench/philo_ordered: the last philosopher takes its forks in the
 * opposite order.
 * spin -a -DN=6 -DROUNDS=1 philo_ordered.pml
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
	byte first = i, second = i + 1;
	if
	:: i == N - 1 -> first = 0; second = N - 1
	:: else
	fi;
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
