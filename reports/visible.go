package reports

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"

	"github.com/cmcheck/cmcheck/frontend"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// Access operations.
const (
	opLoad  = "load"
	opStore = "store"
)

// accessOp returns "load" or "store" for a memory access instruction, ""
// for any other instruction.
func accessOp(in ssa.Instruction) string {
	switch in := in.(type) {
	case *ssa.UnOp:
		if in.Op == token.MUL {
			return opLoad
		}
	case *ssa.Store:
		return opStore
	}
	return ""
}

// accessKey identifies an access within its function: position, kind,
// and the function.
type accessKey struct {
	pos Position
	op  string
	fn  string
}

// encodeVisible serialises the loads and stores of a finding's Visible
// set: position, kind, function, and the index among the accesses with
// the same position, kind and function (in block order), so that
// ResolveVisible can find each again in a reloaded program.
func encodeVisible(dir string, vis map[ssa.Instruction]bool) []Access {
	var out []Access
	for in, ok := range vis {
		if !ok || in == nil {
			continue
		}
		fn := in.Parent()
		op := accessOp(in)
		if fn == nil || op == "" {
			continue
		}
		key := accessKey{pos: position(dir, fn.Prog.Fset.Position(in.Pos())), op: op, fn: fn.String()}
		idx := 0
		forAccesses(fn, func(other ssa.Instruction, o string) bool {
			if other == in {
				return false
			}
			if o == op && other.Pos() == in.Pos() {
				idx++
			}
			return true
		})
		out = append(out, Access{Pos: key.pos, Op: op, Func: key.fn, Index: idx})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Op != b.Op {
			return a.Op < b.Op
		}
		if a.Func != b.Func {
			return a.Func < b.Func
		}
		return a.Index < b.Index
	})
	return out
}

// forAccesses calls f for each load and store of fn in block order until
// f returns false.
func forAccesses(fn *ssa.Function, f func(ssa.Instruction, string) bool) {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if op := accessOp(in); op != "" && !f(in, op) {
				return
			}
		}
	}
}

// ResolveVisible finds the loads and stores described by accesses in the
// functions of entry e's package and its dependencies (dir is the
// directory the positions are relative to). It fails, naming the access,
// if one cannot be found: the code changed since the report was written.
func ResolveVisible(e frontend.Entry, dir string, accesses []Access) (map[ssa.Instruction]bool, error) {
	if len(accesses) == 0 {
		return nil, nil
	}
	want := make(map[accessKey][]int) // wanted indices
	files := make(map[string]bool)
	for _, a := range accesses {
		k := accessKey{pos: a.Pos, op: a.Op, fn: a.Func}
		want[k] = append(want[k], a.Index)
		files[a.Pos.File] = true
	}
	pkgs := dependencies(e.Pkg)
	prog := e.Pkg.Prog
	found := make(map[ssa.Instruction]bool)
	seen := make(map[accessKey]int) // accesses met so far, per key
	for fn := range ssautil.AllFunctions(prog) {
		if !pkgs[functionPackage(fn)] || len(fn.Blocks) == 0 {
			continue
		}
		if f := prog.Fset.File(fn.Pos()); f != nil && !files[relPath(dir, f.Name())] && !files[filepath.ToSlash(f.Name())] {
			// A function's accesses are in its own file (closures
			// are functions of their own).
			continue
		}
		name := fn.String()
		counts := make(map[accessKey]int)
		forAccesses(fn, func(in ssa.Instruction, op string) bool {
			k := accessKey{pos: position(dir, prog.Fset.Position(in.Pos())), op: op, fn: name}
			idxs, ok := want[k]
			if ok {
				n := counts[k]
				for _, i := range idxs {
					if i == n {
						found[in] = true
						seen[k]++
					}
				}
			}
			counts[k]++
			return true
		})
	}
	for _, a := range accesses {
		k := accessKey{pos: a.Pos, op: a.Op, fn: a.Func}
		if seen[k] < len(want[k]) {
			return nil, fmt.Errorf("the %s at %s in %s (a scheduling point of the saved execution) is not in the program any more: the code changed since the report was written", a.Op, a.Pos, a.Func)
		}
	}
	return found, nil
}

// functionPackage returns the package a function belongs to, that of its
// generic origin for an instance, and of its enclosing function for a
// closure.
func functionPackage(fn *ssa.Function) *ssa.Package {
	for fn != nil {
		if fn.Pkg != nil {
			return fn.Pkg
		}
		if o := fn.Origin(); o != nil && o != fn {
			fn = o
			continue
		}
		fn = fn.Parent()
	}
	return nil
}

// dependencies returns pkg and every package it imports, directly or not.
func dependencies(pkg *ssa.Package) map[*ssa.Package]bool {
	deps := make(map[*ssa.Package]bool)
	var visit func(tp *types.Package)
	seen := make(map[*types.Package]bool)
	visit = func(tp *types.Package) {
		if seen[tp] {
			return
		}
		seen[tp] = true
		if p := pkg.Prog.Package(tp); p != nil {
			deps[p] = true
		}
		for _, imp := range tp.Imports() {
			visit(imp)
		}
	}
	visit(pkg.Pkg)
	return deps
}
