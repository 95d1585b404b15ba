package model

import (
	"cmp"
	"math"
	"slices"
)

// Symmetry: goroutines are interchangeable.
//
// A program cannot tell its goroutines apart by their numbers (Go has no
// goroutine identity), so two states that differ only in which number
// each goroutine has behave alike: renaming the goroutines maps the
// executions of one onto those of the other. The fingerprint therefore
// hashes a renamed state, with the goroutines in a canonical order:
// goroutines started by the same function at the same go statement with
// the same arguments form a class, and the members of a class take the
// class's places in the order of a signature of what each is doing (its
// frames and pending operation, pointers not followed), then of
// number. Every goroutine number the fingerprint hashes (mutex holders,
// waiters, timers' creators, vector clock columns, access epochs, ...)
// is the canonical one.
//
// Two states with the same fingerprint are then equal up to a renaming:
// the composition of their canonical orders. The explorer translates what
// it stores with a state (the summary's goroutines, the sleep set) to
// canonical numbers, and what it finds at a state met again back to the
// state's own numbers (Hasher.Canon). Goroutines whose signatures tie
// keep their numbers' order: symmetric states may then be told apart,
// which loses merging, never soundness. (For the renaming to be sound,
// every goroutine number the fingerprint hashes must go through gid; a
// number hashed as it is would make two states collide that only the
// renaming makes equal.)

// goSig is a goroutine's place in the canonical order.
type goSig struct {
	fn, pos, start, sig uint64
	g                   *Goroutine
}

// SetSymmetry turns the canonical goroutine order on or off (it is on
// by default); with it off, goroutines are hashed by number and Canon
// is always the identity.
func (h *Hasher) SetSymmetry(on bool) { h.noSymmetry = !on }

// Canon returns, for the state last fingerprinted, each goroutine's
// canonical number by its ID (index 0 unused), or nil when every
// goroutine keeps its number. Numbers beyond the slice (goroutines not
// yet started) are their own. The slice is valid until the next
// fingerprint.
func (h *Hasher) Canon() []int32 { return h.canon }

// canonicalOrder sets h.order, h.canon and h.inv for state s. Goroutines
// started by the same function, at the same go statement, with the same
// arguments (pointers not followed) form a class; the members of a class
// are put in the class's places (its numbers, in order) by signature,
// then number. Other goroutines keep their places: goroutines started
// with different arguments (philosophers with their own forks) are never
// interchangeable, and renaming them would only cost translations.
func (h *Hasher) canonicalOrder(s *State) {
	h.order, h.canon, h.inv = s.gs, nil, nil
	if h.noSymmetry || len(s.gs) < 2 {
		return
	}
	sigs := h.sigs[:0]
	for _, g := range s.gs {
		sigs = append(sigs, goSig{fn: h.fnID(g.StartFn), pos: uint64(g.StartPos), start: g.startSig, g: g})
	}
	slices.SortFunc(sigs, func(a, b goSig) int {
		return cmp.Or(cmp.Compare(a.fn, b.fn), cmp.Compare(a.pos, b.pos), cmp.Compare(a.start, b.start), cmp.Compare(a.g.ID, b.g.ID))
	})
	h.sigs = sigs
	var order []*Goroutine
	for i := 0; i < len(sigs); {
		j := i + 1
		for j < len(sigs) && sigs[j].fn == sigs[i].fn && sigs[j].pos == sigs[i].pos && sigs[j].start == sigs[i].start {
			j++
		}
		if j-i < 2 {
			i = j
			continue
		}
		// A class: its places are its members' numbers, in order
		// (sigs[i:j] is sorted by number).
		class := sigs[i:j]
		for k := range class {
			class[k].sig = h.signature(class[k].g)
		}
		if !slices.IsSortedFunc(class, cmpSig) {
			places := h.places[:0]
			for _, e := range class {
				places = append(places, e.g.ID)
			}
			h.places = places
			slices.SortFunc(class, cmpSig)
			if order == nil {
				order = append(h.orderBuf[:0], s.gs...)
			}
			for k, e := range class {
				order[places[k]-1] = e.g
			}
		}
		i = j
	}
	if order == nil {
		return
	}
	n := len(s.gs) + 1
	h.canon = slices.Grow(h.canon[:0], n)[:n]
	h.inv = slices.Grow(h.inv[:0], n)[:n]
	h.canon[0], h.inv[0] = 0, 0
	for i, g := range order {
		h.canon[g.ID] = int32(i + 1)
		h.inv[i+1] = int32(g.ID)
	}
	h.order, h.orderBuf = order, order
}

// cmpSig orders the members of a class: by signature, then number.
func cmpSig(a, b goSig) int {
	return cmp.Or(cmp.Compare(a.sig, b.sig), cmp.Compare(a.g.ID, b.g.ID))
}

// gid returns the canonical number of goroutine id (0: none).
func (h *Hasher) gid(id int) uint64 {
	if id > 0 && id < len(h.canon) {
		return uint64(h.canon[id])
	}
	return uint64(id)
}

// real returns the goroutine number whose canonical number is c.
func (h *Hasher) real(c int) int {
	if c > 0 && c < len(h.inv) {
		return int(h.inv[c])
	}
	return c
}

// signature hashes what goroutine g is doing, without following
// pointers and without goroutine numbers: the same for two goroutines
// that a renaming could exchange.
func (h *Hasher) signature(g *Goroutine) uint64 {
	sig := uint64(offset)
	w := func(x uint64) {
		sig ^= x
		sig *= prime64
		sig ^= sig >> 29
	}
	if g.done {
		return 1
	}
	w(uint64(g.curPos))
	w(uint64(len(g.frames)))
	for j, fr := range g.frames {
		w(h.fnID(fr.code.fn))
		w(uint64(fr.block))
		w(uint64(fr.pc))
		h.liveBuf = fr.liveRegs(pendingDst(g, j), h.liveBuf)
		for r, v := range fr.regs {
			if isLive(h.liveBuf, r) {
				w(shallow(v, 2))
			}
		}
	}
	switch o := g.pending.(type) {
	case nil:
		w(0xc0)
	case *sendOp:
		w(0xc4)
		w(uint64(o.pos))
		w(shallow(o.val, 2))
	case *recvOp:
		w(0xc5)
		w(uint64(o.pos))
	case *selectOp:
		w(0xc7)
		w(uint64(o.pos))
	case *nativeOp:
		w(0xc8)
		w(uint64(o.pos))
	default:
		w(0xcf)
	}
	return sig
}

// shallow hashes a value without following pointers: scalars by value,
// channels by number, composites by their elements to depth d.
func shallow(v Value, d int) uint64 {
	switch v := v.(type) {
	case nil:
		return 0
	case bool:
		if v {
			return 3
		}
		return 2
	case int:
		return uint64(v)*prime64 + 5
	case int64:
		return uint64(v)*prime64 + 7
	case int32:
		return uint64(v)*prime64 + 11
	case uint64:
		return v*prime64 + 13
	case uint:
		return uint64(v)*prime64 + 17
	case uint8:
		return uint64(v)*prime64 + 19
	case float64:
		return math.Float64bits(v)*prime64 + 23
	case string:
		x := uint64(offset)
		for i := 0; i < len(v); i++ {
			x ^= uint64(v[i])
			x *= prime64
		}
		return x
	case *Chan:
		if v == nil {
			return 29
		}
		return uint64(v.ID)*prime64 + 31
	case Struct:
		return shallowAll(v, d) + 37
	case Array:
		return shallowAll(v, d) + 41
	case Tuple:
		return shallowAll(v, d) + 43
	case Iface:
		return shallow(v.V, d)*prime64 + 47
	}
	return 53 // pointers, slices, maps, closures: not followed
}

func shallowAll(vs []Value, d int) uint64 {
	x := uint64(len(vs))
	if d == 0 {
		return x
	}
	for _, v := range vs {
		x = (x ^ shallow(v, d-1)) * prime64
	}
	return x
}
