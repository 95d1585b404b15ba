package explorer

import (
	"fmt"
	"math"
	"testing"
)

// mix is the splitmix64 finalizer applied to x plus a constant: a
// bijection, so distinct x give distinct, well-mixed 64-bit values that
// stand in for state fingerprints.
func mix(x uint64) uint64 {
	z := x + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func infoOf(i int) cacheInfo { return cacheInfo{sum: int32(i % 7), sleep: int32(i % 3)} }

// TestStateCache stores n fingerprints and checks that each is found
// with its entry, that absent ones are not, that storing again replaces
// an entry, and that the table takes at most 16 bytes per stored state
// once it holds more states than its initial slots.
func TestStateCache(t *testing.T) {
	initial := len(newStateCache().vals)
	for _, n := range []int{1e3, 1e4, 1e5, 1e6, 2e6} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			c := newStateCache()
			// Fingerprints at both ends of the range land on the first
			// and last slots: their runs wrap around the table's end.
			var fps []uint64
			for i := range uint64(50) {
				fps = append(fps, i, ^i)
			}
			for i := len(fps); i < n; i++ {
				fps = append(fps, mix(uint64(i)))
			}
			worst := 0.0
			for i, fp := range fps {
				c.store(fp, infoOf(i))
				if c.count != i+1 {
					t.Fatalf("count %d after %d stores", c.count, i+1)
				}
				if c.count > initial {
					b := float64(c.bytes()) / float64(c.count)
					if b > 16 {
						t.Fatalf("%d states: %.2f bytes a state", c.count, b)
					}
					worst = max(worst, b)
				}
			}
			for i, fp := range fps {
				if got, ok := c.lookup(fp); !ok || got != infoOf(i) {
					t.Fatalf("lookup(%#x) = %v, %v; want %v", fp, got, ok, infoOf(i))
				}
			}
			for i := range n {
				// mix is a bijection, so these differ from the stored
				// mix values (and match one of the 100 at the ends with
				// negligible chance).
				fp := mix(uint64(n + i))
				if _, ok := c.lookup(fp); ok {
					t.Fatalf("absent fingerprint %#x found", fp)
				}
			}
			for i := 0; i < n; i += 2 {
				c.store(fps[i], infoOf(i+1))
			}
			if c.count != n {
				t.Fatalf("count %d after replacing entries of %d states", c.count, n)
			}
			for i, fp := range fps {
				want := infoOf(i)
				if i%2 == 0 {
					want = infoOf(i + 1)
				}
				if got, ok := c.lookup(fp); !ok || got != want {
					t.Fatalf("after replacement: lookup(%#x) = %v, %v; want %v", fp, got, ok, want)
				}
			}
			t.Logf("%d states: %d slots, %.2f bytes a state (worst past %d: %.2f)",
				n, len(c.vals), float64(c.bytes())/float64(n), initial, worst)
		})
	}
}

// BenchmarkStateCacheStore stores new fingerprints, in tables grown from
// the initial size to 2²⁰ states (growth included).
func BenchmarkStateCacheStore(b *testing.B) {
	var c *stateCache
	for i := range b.N {
		if i%(1<<20) == 0 {
			c = newStateCache()
		}
		c.store(mix(uint64(i)), infoOf(i&7))
	}
}

// BenchmarkStateCacheLookup looks up stored (hit) and absent (miss)
// fingerprints in tables of 2¹⁹ to 2²⁰ states, eight sizes spaced
// evenly in log scale, so that the figure averages over the loads a
// table goes through as it grows.
func BenchmarkStateCacheLookup(b *testing.B) {
	for _, hit := range []bool{true, false} {
		name := "miss"
		if hit {
			name = "hit"
		}
		b.Run(name, func(b *testing.B) {
			done := 0
			for k := range 8 {
				b.StopTimer()
				n := int(float64(1<<19) * math.Exp2(float64(k)/8))
				c := newStateCache()
				for i := range n {
					c.store(mix(uint64(i)), infoOf(i&7))
				}
				m := b.N * (k + 1) / 8
				b.StartTimer()
				for j := done; j < m; j++ {
					fp := mix(uint64(j % n))
					if !hit {
						fp = mix(uint64(n + j))
					}
					if _, ok := c.lookup(fp); ok != hit {
						b.Fatal("wrong lookup result")
					}
				}
				done = m
			}
		})
	}
}
