package explorer

import (
	"slices"

	"github.com/cmcheck/cmcheck/model"
)

// Symmetry (model/symmetry.go): a state's fingerprint is that of its
// goroutines renamed into a canonical order, so a state met again may be
// the one stored with its goroutines renamed. What the cache keeps with a
// state is in canonical numbers: the summary entries' goroutines and the
// goroutines of their ancestries, and the sleep set's goroutines and
// rendezvous partners. It is translated into the state's own numbers
// when the state is met again (cached), and from them when it is stored
// (finishNode). Clocks on the search path (procClocks) stay in the
// path's own numbers.

// perm maps a state's goroutine numbers to canonical ones (fwd) and back
// (inv); both nil for the identity. Numbers beyond them are their own.
type perm struct{ fwd, inv []int32 }

// newPerm copies the renaming of the state last fingerprinted by h.
func newPerm(h *model.Hasher) perm {
	c := h.Canon()
	if c == nil {
		return perm{}
	}
	p := perm{fwd: slices.Clone(c), inv: make([]int32, len(c))}
	for g, k := range c {
		p.inv[k] = int32(g)
	}
	return p
}

func (p perm) identity() bool { return p.fwd == nil }

// canon and own map one goroutine number.
func (p perm) canon(g int) int { return apply(p.fwd, g) }
func (p perm) own(g int) int   { return apply(p.inv, g) }

func apply(m []int32, g int) int {
	if g > 0 && g < len(m) {
		return int(m[g])
	}
	return g
}

// mapEntry renames the goroutines of a summary entry by f.
func (x *explorer) mapEntry(e sumEntry, f func(int) int) sumEntry {
	e.g = int32(f(int(e.g)))
	set := x.ancSet(e.anc)
	out := x.srcBuf[:0] // intern keeps a copy
	for _, s := range set {
		if s.kind() == srcG {
			s = srcG | source(uint32(f(int(s.id()))))
		}
		out = append(out, s)
	}
	slices.Sort(out)
	e.anc = x.cache.ancs.intern(out, x.cache.shared)
	x.srcBuf = out
	return e
}

// mapSummary returns the entries renamed by f (a new list).
func (x *explorer) mapSummary(sum []sumEntry, f func(int) int) summary {
	out := make(summary, len(sum))
	for i, e := range sum {
		out[i] = x.mapEntry(e, f)
	}
	return out
}

// mapSleep renames a sleep set key by f.
func mapSleep(k sleepKey, f func(int) int) sleepKey {
	k.g = f(k.g)
	k.alt.Partner = int32(f(int(k.alt.Partner)))
	return k
}
