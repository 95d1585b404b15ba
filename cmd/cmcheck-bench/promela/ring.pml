/* Token ring, as shared/bench/ring: N processes connected by unbuffered
 * channels; init injects T tokens at node 0; each token makes H hops and is
 * then reported on a buffered done channel (capacity T). Nodes blocked in
 * their receive when init ends are a valid end state (the end label).
 * T < N keeps it deadlock-free.
 * spin -a -DN=10 -DT=5 ring.pml */
#ifndef N
#define N 4
#endif
#ifndef T
#define T 2
#endif
#ifndef H
#define H (2 * N)
#endif

chan ch[N] = [0] of { byte };
chan done = [T] of { byte };

proctype node(byte i) {
	byte h;
end:
	do
	:: ch[i]?h ->
		if
		:: h + 1 >= H -> done!i
		:: else -> ch[(i + 1) % N]!(h + 1)
		fi
	od
}

init {
	byte i;
	atomic {
		for (i : 0 .. N - 1) {
			run node(i)
		}
	}
	for (i : 1 .. T) {
		ch[0]!0
	}
	for (i : 1 .. T) {
		done?_
	}
}
