package fanin_drain

import "testing"

const shards = 24

func TestCheckAll(t *testing.T) {
	if err := CheckAll(shards); err == nil {
		t.Fatal("CheckAll: want an error, shards 3, 10 and 17 are down")
	}
}
