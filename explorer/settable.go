package explorer

import "slices"

// setTable numbers distinct sets (sorted lists of comparable elements):
// ids maps a set's hash to the first number with that hash, next chains
// the others, so that a hash collision costs a comparison, never a wrong
// merge. The summaries of the state cache and the ancestries of their
// entries are numbered this way.
type setTable[T comparable] struct {
	ids  map[uint64]int32
	next []int32
	sets [][]T
}

// find returns the number of set, whose hash is h, if it has one.
func (t *setTable[T]) find(set []T, h uint64) (int32, bool) {
	first, ok := t.ids[h]
	if !ok {
		return 0, false
	}
	for id := first; id >= 0; id = t.next[id] {
		if slices.Equal(t.sets[id], set) {
			return id, true
		}
	}
	return 0, false
}

// add numbers set, of hash h, which find did not find; the table keeps
// set as it is (the caller must not change it after).
func (t *setTable[T]) add(set []T, h uint64) int32 {
	if t.ids == nil {
		t.ids = make(map[uint64]int32)
	}
	id := int32(len(t.sets))
	t.sets = append(t.sets, set)
	if first, ok := t.ids[h]; ok {
		// Second in its chain: the first stays the map's entry.
		t.next = append(t.next, t.next[first])
		t.next[first] = id
	} else {
		t.next = append(t.next, -1)
		t.ids[h] = id
	}
	return id
}
