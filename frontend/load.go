package frontend

import (
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
)

// Config controls loading. The zero Config loads the packages matched in
// the current directory without their tests.
type Config struct {
	Dir   string   // working directory for pattern resolution ("" = current directory)
	Tests bool     // include _test.go files and test packages (cmcheck sets it by default)
	Env   []string // extra environment for the go command, added to os.Environ()

	// SanityCheck runs go/ssa's internal consistency checks on every
	// function built. It is slow; it is meant for debugging cmcheck.
	SanityCheck bool
}

// Program is a loaded program: its SSA form and its entry points.
type Program struct {
	Fset     *token.FileSet
	SSA      *ssa.Program
	Packages []*ssa.Package // the root packages matched by the patterns, test variants preferred
	Entries  []Entry        // sorted by package path, then source position
	Stats    LoadStats

	dir     string           // absolute working directory, for diagnostics
	clauses []token.Position // package clause of each of Packages, for diagnostics
}

// LoadStats says where the time of a load went and how big the program is.
type LoadStats struct {
	List      time.Duration // running go env and go list (measured up to the first file parsed)
	TypeCheck time.Duration // parsing and type-checking, after go list
	Parse     time.Duration // parsing alone, summed over goroutines (so it may exceed TypeCheck)
	SSA       time.Duration // creating and building SSA
	Total     time.Duration // the whole of Load

	Packages         int // packages given an SSA form: the roots' import graph, test variants included
	BodyPackages     int // packages whose functions have SSA bodies
	StrippedPackages int // standard-library packages loaded without function bodies
	FilesParsed      int // files parsed with their function bodies
	FilesStripped    int // files parsed and then stripped of their bodies
}

// loadMode is what go/packages must produce: syntax and types for every
// package in the graph, since all of them are type-checked from source.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedTypes | packages.NeedSyntax |
	packages.NeedTypesInfo | packages.NeedModule

// Load loads the packages matched by patterns and builds their SSA form.
//
// Patterns are those of the go command (./..., import paths, directories;
// none means ".").
// A pattern naming a .go file inside a module selects the package that
// contains the file; files outside any module are loaded together as one
// package, as "go run a.go b.go" does.
//
// Problems in the program (syntax and type errors, missing packages,
// patterns matching nothing, misplaced //cmcheck:entry markers) are
// returned as a *Diagnostics. Other errors are failures to run the tools.
func Load(cfg Config, patterns ...string) (*Program, error) {
	start := time.Now()
	dir, err := workingDir(cfg.Dir)
	if err != nil {
		return nil, err
	}
	env := environment(cfg.Env)
	goroot, err := gorootDir(dir, env)
	if err != nil {
		return nil, err
	}

	fp := newFileParser(goroot, start)
	pcfg := &packages.Config{
		Mode:      loadMode,
		Dir:       dir,
		Env:       env,
		Tests:     cfg.Tests,
		Fset:      token.NewFileSet(),
		ParseFile: fp.parseFile,
	}
	pkgs, err := packages.Load(pcfg, queries(dir, patterns)...)
	if err != nil {
		return nil, fmt.Errorf("loading packages: %w", err)
	}
	loaded := time.Now()

	prog := &Program{Fset: pcfg.Fset, dir: dir}
	g := newGraph(pkgs, fp)
	if err := g.diagnostics(dir, patterns); err != nil {
		return nil, err
	}

	ssaStart := time.Now()
	var mode ssa.BuilderMode = ssa.InstantiateGenerics
	if cfg.SanityCheck {
		mode |= ssa.SanityCheckFunctions
	}
	prog.SSA, prog.Packages, err = g.buildSSA(pcfg.Fset, mode)
	if err != nil {
		return nil, err
	}
	if err := addRuntime(pcfg, prog.SSA); err != nil {
		return nil, err
	}
	ssaDone := time.Now()

	prog.clauses = g.clauses(prog.Fset)
	prog.Entries, err = findEntries(prog.Fset, g.sources(prog.Packages), dir)
	if err != nil {
		return nil, err
	}

	prog.Stats = g.stats()
	prog.Stats.List = fp.untilFirstParse()
	if prog.Stats.List > 0 {
		prog.Stats.TypeCheck = loaded.Sub(start) - prog.Stats.List
	}
	prog.Stats.Parse = time.Duration(fp.parseNS.Load())
	prog.Stats.SSA = ssaDone.Sub(ssaStart)
	prog.Stats.Total = time.Since(start)
	return prog, nil
}

// NoEntries returns a *Diagnostics naming each root package that has no
// entry point, or nil if every one has some. A package and its external
// test package (p_test) count as one.
func (p *Program) NoEntries() error {
	has := make(map[string]bool)
	for _, e := range p.Entries {
		has[basePath(e.Pkg)] = true
	}
	d := &Diagnostics{Dir: p.dir}
	for i, pkg := range p.Packages {
		path := basePath(pkg)
		if has[path] {
			continue
		}
		has[path] = true // report each path once
		d.add(p.clauses[i], "package %s has no entry point (no TestXxx(*testing.T), main.main or %s function)", path, entryMarker)
	}
	return d.err()
}

// basePath returns the import path of pkg, or for an external test
// package "p_test", of the package p it tests.
func basePath(pkg *ssa.Package) string {
	path := pkg.Pkg.Path()
	if strings.HasSuffix(pkg.Pkg.Name(), "_test") {
		path = strings.TrimSuffix(path, "_test")
	}
	return path
}

// workingDir returns dir made absolute, or the current directory.
func workingDir(dir string) (string, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", fmt.Errorf("finding working directory: %w", err)
		}
		return wd, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolving directory %s: %w", dir, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("working directory: %w", err)
	}
	return abs, nil
}

// environment returns the environment of the go command. cgo is off unless
// the process environment or Config.Env sets CGO_ENABLED: cmcheck cannot
// run C code, and processing cgo files would run a C compiler during go
// list.
func environment(extra []string) []string {
	env := append([]string{"CGO_ENABLED=0"}, os.Environ()...)
	return append(env, extra...)
}

// gorootDir asks the go command where its GOROOT is.
func gorootDir(dir string, env []string) (string, error) {
	cmd := exec.Command("go", "env", "GOROOT")
	cmd.Dir = dir
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			err = errors.New(msg)
		}
		return "", fmt.Errorf("running go env GOROOT: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// queries turns patterns into go/packages queries: a .go file that belongs
// to a module becomes a file= query, so that its whole package is loaded
// under its real import path; other patterns pass through.
func queries(dir string, patterns []string) []string {
	qs := make([]string, len(patterns))
	for i, p := range patterns {
		qs[i] = p
		if !strings.HasSuffix(p, ".go") {
			continue
		}
		file := p
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		if fi, err := os.Stat(file); err == nil && fi.Mode().IsRegular() && inModule(filepath.Dir(file)) {
			qs[i] = "file=" + file
		}
	}
	return qs
}

// inModule reports whether dir is inside a module (has a go.mod above it).
func inModule(dir string) bool {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

// Dir returns the absolute working directory the patterns were resolved in.
func (p *Program) Dir() string { return p.dir }

// addRuntime makes sure the program has package runtime (without bodies):
// the model gives run-time panics runtime's error types, so that recover()
// returns a runtime.Error. A program that imports nothing lacks it.
func addRuntime(pcfg *packages.Config, prog *ssa.Program) error {
	if prog.ImportedPackage("runtime") != nil {
		return nil
	}
	cfg := *pcfg
	cfg.Tests = false
	cfg.Mode = packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedImports | packages.NeedDeps
	pkgs, err := packages.Load(&cfg, "runtime")
	if err != nil {
		return fmt.Errorf("loading package runtime: %w", err)
	}
	if len(pkgs) != 1 || pkgs[0].Types == nil {
		return fmt.Errorf("loading package runtime: no types")
	}
	prog.CreatePackage(pkgs[0].Types, nil, nil, true)
	return nil
}
