package frontend

import (
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"

	"github.com/cmcheck/cmcheck/internal/stdlib"
)

// A graph is what go/packages loaded: the packages matched by the
// patterns (with their test variants and test mains) and all their
// dependencies.
type graph struct {
	fp      *fileParser
	matched []*packages.Package // as returned by packages.Load
	roots   []*packages.Package // matched, less test mains and packages superseded by their test variant

	bodies, stripped int // SSA packages created with and without bodies
}

func newGraph(matched []*packages.Package, fp *fileParser) *graph {
	return &graph{fp: fp, matched: matched, roots: rootPackages(matched)}
}

// rootPackages selects the packages to look for entry points in. When a
// package p has a test variant "p [p.test]" (p compiled with its in-package
// _test.go files), the variant replaces p: it holds everything p holds.
// External test packages ("p_test [p.test]") are kept. The generated test
// main packages ("p.test") are dropped: their main is not the user's.
func rootPackages(pkgs []*packages.Package) []*packages.Package {
	hasVariant := make(map[string]bool) // by PkgPath
	testMains := make(map[string]bool)  // by ID
	for _, p := range pkgs {
		if test, ok := testOf(p); ok {
			hasVariant[p.PkgPath] = true
			testMains[test] = true
		}
	}
	var roots []*packages.Package
	for _, p := range pkgs {
		_, variant := testOf(p)
		if testMains[p.ID] || (!variant && hasVariant[p.PkgPath]) {
			continue
		}
		roots = append(roots, p)
	}
	return roots
}

// testOf returns the ID of the test main package a test variant was
// compiled for: go list writes the ID of a variant "path [path.test]".
func testOf(p *packages.Package) (string, bool) {
	rest, ok := strings.CutSuffix(p.ID, ".test]")
	if !ok {
		return "", false
	}
	i := strings.LastIndex(rest, " [")
	if i < 0 {
		return "", false
	}
	return rest[i+2:] + ".test", true
}

// hasBodies reports whether p's functions are interpreted from source.
func (g *graph) hasBodies(p *packages.Package) bool {
	return !g.inGOROOT(p) || stdlib.FromSource(p.PkgPath, true)
}

// inGOROOT reports whether p is a standard-library package.
func (g *graph) inGOROOT(p *packages.Package) bool {
	if p.PkgPath == "unsafe" {
		return true
	}
	for _, f := range p.GoFiles {
		if _, ok := g.fp.gorootImportPath(f); ok {
			return true
		}
	}
	return false
}

// diagnostics returns the problems found while loading, or nil.
func (g *graph) diagnostics(dir string, patterns []string) error {
	d := &Diagnostics{Dir: dir}
	if len(g.matched) == 0 {
		d.add(token.Position{}, "no packages matched %s", strings.Join(patterns, " "))
		return d.err()
	}
	broken := make(map[*packages.Package]bool) // packages with list or parse errors
	packages.Visit(g.matched, nil, func(p *packages.Package) {
		errs, stage := g.relevantErrors(p)
		switch {
		case stage == packages.TypeError && importsBroken(p, broken):
			// "could not import": the import's own errors say why.
			errs = nil
		case len(errs) > 0 && stage != packages.TypeError:
			broken[p] = true
		}
		for _, e := range errs {
			d.List = append(d.List, fromPackagesError(dir, e))
		}
		if p.Types == nil && len(p.Errors) == 0 {
			d.add(token.Position{}, "internal error: package %s has no type information", p.ID)
		}
	})
	return d.err()
}

// relevantErrors returns the errors of p worth showing and the stage that
// produced them. Like the go command, it shows only the first stage that
// failed: when go list or the parser complains, the type checker's errors
// are mostly consequences. In packages stripped of their bodies, type
// errors are expected ("imported and not used", "missing function body")
// and never shown, nor is the note go/packages adds to packages with errors
// when go list is newer than cmcheck.
func (g *graph) relevantErrors(p *packages.Package) ([]packages.Error, packages.ErrorKind) {
	byKind := make(map[packages.ErrorKind][]packages.Error)
	for _, e := range p.Errors {
		byKind[e.Kind] = append(byKind[e.Kind], e)
	}
	stripped := !g.hasBodies(p)
	if stripped {
		delete(byKind, packages.TypeError)
		delete(byKind, packages.UnknownError)
	}
	if errs := append(byKind[packages.ListError], byKind[packages.UnknownError]...); len(errs) > 0 {
		return errs, packages.ListError
	}
	if errs := byKind[packages.ParseError]; len(errs) > 0 {
		return errs, packages.ParseError
	}
	return byKind[packages.TypeError], packages.TypeError
}

// importsBroken reports whether a direct import of p is in broken.
func importsBroken(p *packages.Package, broken map[*packages.Package]bool) bool {
	for _, imp := range p.Imports {
		if broken[imp] {
			return true
		}
	}
	return false
}

// buildSSA creates an SSA package for every package reachable from the
// roots, each exactly once, and builds them. It returns the SSA packages of
// the roots.
func (g *graph) buildSSA(fset *token.FileSet, mode ssa.BuilderMode) (*ssa.Program, []*ssa.Package, error) {
	prog := ssa.NewProgram(fset, mode)
	created := make(map[*types.Package]*ssa.Package)
	packages.Visit(g.roots, nil, func(p *packages.Package) {
		if created[p.Types] != nil {
			return
		}
		if g.hasBodies(p) {
			created[p.Types] = prog.CreatePackage(p.Types, p.Syntax, p.TypesInfo, true)
			g.bodies++
		} else {
			created[p.Types] = prog.CreatePackage(p.Types, nil, nil, true)
			g.stripped++
		}
	})
	if err := buildAll(prog); err != nil {
		return nil, nil, err
	}

	roots := make([]*ssa.Package, len(g.roots))
	for i, p := range g.roots {
		roots[i] = created[p.Types]
	}
	return prog, roots, nil
}

// buildAll builds the SSA packages of prog in parallel, as
// ssa.Program.Build does, but turns a panic of go/ssa into an error.
func buildAll(prog *ssa.Program) error {
	pkgs := prog.AllPackages()
	errs := make([]error, len(pkgs))
	limit := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, p := range pkgs {
		wg.Go(func() {
			limit <- struct{}{}
			defer func() { <-limit }()
			errs[i] = buildPackage(p)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// buildPackage builds p, turning a panic into an error.
func buildPackage(p *ssa.Package) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: building SSA for package %s: %v", p.Pkg.Path(), r)
		}
	}()
	p.Build()
	return nil
}

// sources pairs the SSA packages of the roots that have bodies with their
// syntax.
func (g *graph) sources(pkgs []*ssa.Package) []source {
	var srcs []source
	for i, p := range g.roots {
		if g.hasBodies(p) {
			srcs = append(srcs, source{pkg: pkgs[i], files: p.Syntax})
		}
	}
	return srcs
}

// clauses returns, for each root, the position of the package clause of
// its first file, or the zero Position if it has no syntax.
func (g *graph) clauses(fset *token.FileSet) []token.Position {
	pos := make([]token.Position, len(g.roots))
	for i, p := range g.roots {
		for _, f := range p.Syntax {
			fp := fset.Position(f.Package)
			if pos[i].Filename == "" || fp.Filename < pos[i].Filename {
				pos[i] = fp
			}
		}
	}
	return pos
}

// stats returns the counts known to the graph and the parser.
func (g *graph) stats() LoadStats {
	return LoadStats{
		Packages:         g.bodies + g.stripped,
		BodyPackages:     g.bodies,
		StrippedPackages: g.stripped,
		FilesParsed:      int(g.fp.full.Load()),
		FilesStripped:    int(g.fp.stripped.Load()),
	}
}
