package explorer

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cmcheck/cmcheck/model"
)

// TestRenaming checks the translation of what the cache keeps with a
// state between the state's goroutine numbers and the canonical ones: a
// state whose goroutines 2 and 3 are exchanged by its canonical order
// (goroutine 4 and beyond keep their numbers).
func TestRenaming(t *testing.T) {
	p := perm{fwd: []int32{0, 1, 3, 2}, inv: []int32{0, 1, 3, 2}}
	assert.Equal(t, []int{1, 3, 2, 4, 0}, []int{p.canon(1), p.canon(2), p.canon(3), p.canon(4), p.canon(0)})
	assert.Equal(t, 2, p.own(p.canon(2)))

	x := &explorer{cache: newStateCache()}
	ancs := &x.cache.ancs
	anc := ancs.intern([]source{srcG | 2, srcG | 4, srcW | 7, srcT}, false)
	e := sumEntry{g: 2, anc: anc, obj: 7, flags: sumWaits}
	c := x.mapEntry(e, p.canon)
	assert.Equal(t, int32(3), c.g)
	assert.Equal(t, []source{srcG | 3, srcG | 4, srcW | 7, srcT}, ancs.get(c.anc, false), "goroutine sources renamed, the others kept, sorted")
	assert.Equal(t, e.obj, c.obj)
	assert.Equal(t, e, x.mapEntry(c, p.own), "renaming back gives the entry")

	// Timers' entries (goroutine 0) keep their number.
	timers := sumEntry{g: 0, anc: ancs.intern([]source{srcT}, false), global: true}
	assert.Equal(t, timers, x.mapEntry(timers, p.canon))

	// Sleep sets: the goroutine and a rendezvous partner are renamed.
	k := sleepKey{g: 2, alt: model.Alt{Kind: model.AltSend, Partner: 3}}
	assert.Equal(t, sleepKey{g: 3, alt: model.Alt{Kind: model.AltSend, Partner: 2}}, mapSleep(k, p.canon))
	cur := sleeping{k: {}}
	stored := appendSleepSet(nil, cur, p)
	assert.Contains(t, stored, mapSleep(k, p.canon))
	keys := []sleepKey{mapSleep(k, p.canon)}
	assert.True(t, sleepCovers(keys, cur, p), "the stored set, renamed back, is the current one")
	assert.False(t, sleepCovers(keys, cur, perm{}), "without renaming it is another goroutine's")
	assert.Len(t, appendIntersectSleep(nil, keys, cur, p), 1)
}
