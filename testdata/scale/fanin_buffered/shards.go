// Package fanin_buffered is the textbook fix of fanin_leak, as issue
// reports and review comments usually suggest it: the results channel gets
// room for one result per shard, so no worker can block on its send and
// nothing leaks. CheckAll still returns at the first error, so the results
// of the shards not yet received stay in the buffer and are dropped. By
// cmcheck's rules (cmcheck -explain lost-message) that is a lost message,
// reported at the send; fanin_drain is the twin that comes out clean.
package fanin_buffered

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
	results := make(chan result, shards) // the textbook fix: room for every result
	for i := 0; i < shards; i++ {
		go func() {
			results <- result{shard: i, err: probe(i)} // want "lost-message"
		}()
	}
	for range shards {
		r := <-results
		if r.err != nil {
			return r.err // no worker blocks, but the other results stay in the buffer
		}
	}
	return nil
}
