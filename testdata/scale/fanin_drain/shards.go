// Package fanin_drain is the corrected twin of fanin_leak: the results
// channel has room for one result per shard and CheckAll receives every
// result, keeping the first error, so no worker blocks and no result is
// left behind.
package fanin_drain

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

// CheckAll returns the first error received from any shard.
func CheckAll(shards int) error {
	results := make(chan result, shards)
	for i := 0; i < shards; i++ {
		go func() {
			results <- result{shard: i, err: probe(i)}
		}()
	}
	var first error
	for range shards {
		if r := <-results; r.err != nil && first == nil {
			first = r.err
		}
	}
	return first
}
