package model

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// Plain loads and stores are not scheduling points until the race
// detector finds them racing (the explorer then makes them scheduling
// points in a further round). The detector keeps, for each memory
// location, the last write and each goroutine's last read: a goroutine
// that writes a location several times before another goroutine's write
// is found racing with its last write only, and the interleavings that
// put the other write between its earlier ones are never explored (the
// randomised test's seed 14188: x0++ three times, then another goroutine
// writes x0; the race and the values at the first lines were lost). So
// when an access races, every load and store of the program that
// accesses the same static location becomes a scheduling point too (for
// a field known by its struct type only, those of the same function).

// staticLoc names the location an SSA address denotes when it is the
// same in every execution: a global, a local variable (an Alloc, also
// reached from the closures it is captured by), a field of a struct or an
// element of an array or slice held in such a location, or a field of a
// struct type wherever it lives. Nil when it is not known (a pointer
// parameter, say).
type staticLoc struct {
	base  ssa.Value // a *ssa.Global or *ssa.Alloc, or nil
	typ   string    // the struct type of a field whose base is not known
	field int       // -1: the location itself; k: field k; -2: an element
}

// locIndex maps static locations to the loads and stores that access
// them, for the whole program.
type locIndex struct {
	byLoc    map[staticLoc][]ssa.Instruction
	bindings map[*ssa.FreeVar]ssa.Value // what a closure's free variable is bound to
}

// SameLocation returns the plain loads and stores of the program that
// access the static location load or store in accesses (in included);
// nil if in is not one, or its location is not static.
func (it *Interp) SameLocation(in ssa.Instruction) []ssa.Instruction {
	it.locOnce.Do(func() { it.locs = buildLocIndex(it.prog) })
	addr := accessAddr(in)
	if addr == nil {
		return nil
	}
	loc, ok := it.locs.loc(addr)
	if !ok {
		return nil
	}
	same := it.locs.byLoc[loc]
	if loc.base != nil {
		return same
	}
	// A field of a struct type wherever it lives: only the accesses of
	// the same function (the others may reach other values of the type;
	// the bank example's balance checked, then updated, in Transfer, but
	// not the test's reads of the balances after Wait).
	var out []ssa.Instruction
	for _, o := range same {
		if o.Parent() == in.Parent() {
			out = append(out, o)
		}
	}
	return out
}

// accessAddr returns the address a load or store accesses (nil for other
// instructions).
func accessAddr(in ssa.Instruction) ssa.Value {
	switch in := in.(type) {
	case *ssa.Store:
		return in.Addr
	case *ssa.UnOp:
		if in.Op == token.MUL {
			return in.X
		}
	}
	return nil
}

func buildLocIndex(prog *ssa.Program) *locIndex {
	x := &locIndex{byLoc: make(map[staticLoc][]ssa.Instruction), bindings: make(map[*ssa.FreeVar]ssa.Value)}
	fns := ssautil.AllFunctions(prog)
	for fn := range fns {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				mc, ok := in.(*ssa.MakeClosure)
				if !ok {
					continue
				}
				cl, ok := mc.Fn.(*ssa.Function)
				if !ok {
					continue
				}
				for i, v := range mc.Bindings {
					if i < len(cl.FreeVars) {
						x.bindings[cl.FreeVars[i]] = v
					}
				}
			}
		}
	}
	for fn := range fns {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				addr := accessAddr(in)
				if addr == nil {
					continue
				}
				if loc, ok := x.loc(addr); ok {
					x.byLoc[loc] = append(x.byLoc[loc], in)
				}
			}
		}
	}
	return x
}

// loc returns the static location of address v.
func (x *locIndex) loc(v ssa.Value) (staticLoc, bool) {
	base, ok := x.base(v, 0)
	if ok {
		return staticLoc{base: base, field: -1}, true
	}
	switch v := v.(type) {
	case *ssa.FieldAddr:
		if b, ok := x.base(v.X, 0); ok {
			return staticLoc{base: b, field: v.Field}, true
		}
		if p, ok := v.X.Type().Underlying().(*types.Pointer); ok {
			return staticLoc{typ: types.TypeString(p.Elem(), nil), field: v.Field}, true
		}
	case *ssa.IndexAddr:
		// The elements of an array or slice held in a static location.
		h := v.X
		if u, ok := h.(*ssa.UnOp); ok && u.Op == token.MUL {
			h = u.X // a slice loaded from a variable
		}
		if b, ok := x.base(h, 0); ok {
			return staticLoc{base: b, field: -2}, true
		}
	}
	return staticLoc{}, false
}

// base returns the global or local variable v denotes, following the
// free variables of closures to what they are bound to.
func (x *locIndex) base(v ssa.Value, depth int) (ssa.Value, bool) {
	switch v := v.(type) {
	case *ssa.Global:
		return v, true
	case *ssa.Alloc:
		return v, true
	case *ssa.FreeVar:
		if b, ok := x.bindings[v]; ok && depth < 16 {
			return x.base(b, depth+1)
		}
	}
	return nil, false
}
