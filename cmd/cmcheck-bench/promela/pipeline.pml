/* Producer/consumer pipeline, as shared/bench/pipeline: P producers send
 * M items each on a buffered channel work (capacity B); W workers select
 * between work and quit, forwarding 2*x on a buffered results channel
 * (capacity B); init sums P*M results, checks the sum, sends one quit per
 * worker and waits for them (WaitGroup).
 * spin -a -DP=2 -DM=3 -DW=2 -DB=2 pipeline.pml */
#ifndef P
#define P 2
#endif
#ifndef M
#define M 2
#endif
#ifndef W
#define W 2
#endif
#ifndef B
#define B 2
#endif

chan work = [B] of { byte };
chan results = [B] of { byte };
chan quit = [0] of { bit };
byte wg = W;	/* sync.WaitGroup after wg.Add(W) */

proctype producer(byte id) {
	byte j;
	for (j : 0 .. M - 1) {
		work!(id * M + j + 1)
	}
}

proctype worker() {
	byte x;
	do
	:: work?x -> results!(2 * x)
	:: quit?_ -> wg--; break	/* wg.Done(); return */
	od
}

init {
	byte i, x;
	int sum;
	atomic {
		for (i : 1 .. W) {
			run worker()
		}
		for (i : 0 .. P - 1) {
			run producer(i)
		}
	}
	for (i : 1 .. P * M) {
		results?x;
		sum = sum + x
	}
	assert(sum == (P * M) * (P * M + 1));
	for (i : 1 .. W) {
		quit!0
	}
	wg == 0	/* wg.Wait() */
}
