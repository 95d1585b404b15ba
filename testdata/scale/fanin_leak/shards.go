// Package fanin_leak: CheckAll health-checks every shard of a cluster with
// one goroutine per shard, started in a loop, each sending its result on an
// unbuffered channel. The collector returns at the first error it receives:
// every worker that has not sent yet blocks forever on its send (the most
// common goroutine leak in real Go code: a receiver that gave up early).
package fanin_leak

import "fmt"

type result struct {
	shard int
	err   error
}

// probe stands for an RPC to one shard: a little local work, and every
// seventh shard (3, 10, 17) is down.
func probe(shard int) error {
	sum := 0
	for i := 0; i < shard%5+1; i++ {
		sum += i * shard
	}
	if shard%7 == 3 {
		return fmt.Errorf("shard %d: unavailable (load %d)", shard, sum)
	}
	return nil
}

// CheckAll returns the first error of any shard.
func CheckAll(shards int) error {
	results := make(chan result)
	for i := 0; i < shards; i++ {
		go func() {
			results <- result{shard: i, err: probe(i)} // want "leak"
		}()
	}
	for range shards {
		r := <-results
		if r.err != nil {
			return r.err // bug: the workers that have not sent yet are stranded
		}
	}
	return nil
}
