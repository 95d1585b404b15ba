package model_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/ssa"

	"github.com/cmcheck/cmcheck/model"
)

// TestFingerprintSymmetry runs the twins program (two identical workers,
// one value sent) to the state after main's send, once with the value
// going to each worker. The two states differ only in which goroutine is
// which: with symmetry their fingerprints are equal, and Canon gives the
// renaming; without, they differ. (The worker that got the value has
// synchronised with main: the vector clocks must be renamed too.)
func TestFingerprintSymmetry(t *testing.T) {
	pkg := loadBench(t, "twins")
	it := model.New(pkg.Prog)
	run := func(partner int32) *model.State {
		s := it.NewState()
		s.EnableRace()
		s.SpawnMain([]*ssa.Function{pkg.Func("init")}, pkg.Func("main"))
		var buf []model.Transition
		for range 100 {
			buf = s.Enabled(buf[:0])
			require.NotEmpty(t, buf)
			// The workers first, until both wait; then main, sending to
			// the chosen worker, and stop.
			var next *model.Transition
			for i, tr := range buf {
				if tr.G != 1 {
					next = &buf[i]
					break
				}
			}
			if next == nil {
				for i, tr := range buf {
					if alt := s.AltKey(tr); alt.Kind == model.AltSend {
						if alt.Partner == partner {
							s.Do(buf[i])
							return s
						}
						continue
					}
					next = &buf[i]
				}
			}
			require.NotNil(t, next, "no transition to take: %v", buf)
			s.Do(*next)
		}
		t.Fatal("main never sent")
		return nil
	}
	toFirst, toSecond := run(2), run(3)

	h := model.NewHasher()
	fp1, ok := toFirst.Fingerprint(h)
	require.True(t, ok)
	c1 := append([]int32(nil), h.Canon()...)
	fp2, ok := toSecond.Fingerprint(h)
	require.True(t, ok)
	c2 := append([]int32(nil), h.Canon()...)
	assert.Equal(t, fp1, fp2, "renamed states should have one fingerprint")
	// The worker that got the value comes first in the canonical order
	// (its signature differs): one of the two states is renamed.
	assert.NotEqual(t, c1, c2)

	h.SetSymmetry(false)
	fp1, _ = toFirst.Fingerprint(h)
	fp2, _ = toSecond.Fingerprint(h)
	assert.NotEqual(t, fp1, fp2, "without symmetry, goroutine numbers tell the states apart")
	assert.Nil(t, h.Canon())
}
