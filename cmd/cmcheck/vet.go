package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/internal/gctune"
	"github.com/cmcheck/cmcheck/model"
	"github.com/cmcheck/cmcheck/reports"
)

// The go vet protocol (see golang.org/x/tools/go/analysis/unitchecker):
// "go vet -vettool=cmcheck" runs the tool with -V=full to learn its
// version (for caching), with -flags to learn its flags (as JSON), and
// then once per package unit with the flags the user gave and a single
// argument, the path of a JSON file *.cfg describing the unit.

// exitVetFindings is unitchecker's exit status when it reports
// diagnostics.
const exitVetFindings exitStatus = 1

// vetConfig is the part of unitchecker's Config that cmcheck uses.
type vetConfig struct {
	ID         string // "p", or "p_test [p.test]" for an external test package
	Dir        string
	ImportPath string
	GoFiles    []string
	VetxOnly   bool   // run only for facts: cmcheck has none
	VetxOutput string // where facts go: cmcheck writes an empty file
	Stdout     string // where standard output goes (-json)
}

// vetFlags are the flags that cmcheck accepts under go vet.
type vetFlags struct {
	json       bool
	maxSteps   int
	maxExecs   int
	timeout    time.Duration
	leakOnMain bool
	noReduce   bool
	noRace     bool
	noCache    bool
}

func newVetFlagSet(f *vetFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("cmcheck (go vet)", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&f.json, "json", false, "print findings in go vet's JSON format")
	fs.IntVar(&f.maxSteps, "max-steps", 20000, "bound on visible operations in one execution")
	fs.IntVar(&f.maxExecs, "max-executions", 1_000_000, "bound on executions explored per entry point")
	fs.DurationVar(&f.timeout, "timeout", 60*time.Second, "bound on exploration time per entry point")
	fs.BoolVar(&f.leakOnMain, "leak-on-main", false, "report goroutines left blocked when main returns as leaks")
	fs.BoolVar(&f.noReduce, "no-reduction", false, "explore every interleaving, without partial-order reduction")
	fs.BoolVar(&f.noRace, "no-race", false, "turn off data-race and atomicity detection")
	fs.BoolVar(&f.noCache, "no-state-cache", false, "turn off state caching (every execution runs to its end)")
	return fs
}

// vetProtocol handles an invocation by go vet, and reports whether args
// are one.
func vetProtocol(args []string, e env) (exitStatus, bool) {
	switch {
	case len(args) == 1 && args[0] == "-V=full":
		id, err := buildID()
		if err != nil {
			fmt.Fprintf(e.stderr, "cmcheck: %v\n", err)
			return exitError, true
		}
		fmt.Fprintf(e.stdout, "cmcheck version devel %s buildID=%s\n", version(), id)
		return exitOK, true
	case len(args) == 1 && args[0] == "-flags":
		type jsonFlag struct {
			Name  string
			Bool  bool
			Usage string
		}
		flags := []jsonFlag{}
		var vf vetFlags
		newVetFlagSet(&vf, io.Discard).VisitAll(func(f *flag.Flag) {
			b, ok := f.Value.(interface{ IsBoolFlag() bool })
			flags = append(flags, jsonFlag{Name: f.Name, Bool: ok && b.IsBoolFlag(), Usage: f.Usage})
		})
		data, err := json.MarshalIndent(flags, "", "\t")
		if err != nil {
			fmt.Fprintf(e.stderr, "cmcheck: internal error: %v\n", err)
			return exitError, true
		}
		fmt.Fprintf(e.stdout, "%s\n", data)
		return exitOK, true
	case len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg"):
		var vf vetFlags
		fs := newVetFlagSet(&vf, e.stderr)
		if err := fs.Parse(args); err != nil {
			return exitUsage, true
		}
		if fs.NArg() != 1 {
			fmt.Fprintf(e.stderr, "cmcheck: under go vet, cmcheck takes one unit.cfg argument (got %q)\n", fs.Args())
			return exitUsage, true
		}
		return runVet(fs.Arg(0), vf, e), true
	}
	return exitOK, false
}

// runVet checks the entry points of one package unit, following
// unitchecker's conventions: findings as "file:line:col: kind: message"
// lines on standard error and exit status 1 if there are any; with
// -json (which go vet passes since Go 1.26, printing the diagnostics
// itself), go vet's JSON tree on cfg.Stdout and exit status 0; on
// failure, a message and exit status 1. Entry points not fully checked
// are noted on standard error, without changing the status.
func runVet(cfgFile string, vf vetFlags, e env) exitStatus {
	fail := func(err error) exitStatus {
		fmt.Fprintf(e.stderr, "cmcheck: %v\n", err)
		return exitError
	}
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return fail(fmt.Errorf("reading go vet config: %w", err))
	}
	var cfg vetConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		return fail(fmt.Errorf("decoding go vet config %s: %w", cfgFile, err))
	}
	if cfg.VetxOutput != "" {
		// cmcheck computes no facts; an empty file lets go vet cache.
		if err := os.WriteFile(cfg.VetxOutput, nil, 0o666); err != nil {
			return fail(fmt.Errorf("writing %s: %w", cfg.VetxOutput, err))
		}
	}
	if cfg.VetxOnly || len(cfg.GoFiles) == 0 {
		return exitOK
	}
	// A package with tests is vetted once, with its _test.go files (an
	// external test package is a unit of its own).
	test := false
	for _, f := range cfg.GoFiles {
		test = test || strings.HasSuffix(f, "_test.go")
	}
	dir := cfg.Dir
	if dir == "" {
		dir = filepath.Dir(cfg.GoFiles[0])
	}
	prog, err := frontend.Load(frontend.Config{Dir: dir, Tests: test}, ".")
	if err != nil {
		return fail(err)
	}
	var entries []frontend.Entry
	for _, en := range prog.Entries {
		if en.Pkg.Pkg.Path() == cfg.ImportPath {
			entries = append(entries, en)
		}
	}
	opts := reports.Options{
		Timeout:       reports.Duration(vf.timeout),
		MaxExecutions: vf.maxExecs,
		MaxSteps:      vf.maxSteps,
		LeakOnMain:    vf.leakOnMain,
		NoReduction:   vf.noReduce,
		NoRace:        vf.noRace,
		NoStateCache:  vf.noCache,
	}
	it := model.New(prog.SSA)
	gctune.ForExploration(explorer.DefaultMaxMemory)
	var results []*explorer.Result
	for _, en := range entries {
		results = append(results, explorer.Explore(context.Background(), it, en, opts.Explorer()))
	}
	// Positions stay absolute, as go vet expects (it shortens them).
	rep := reports.New(reports.RunInfo{Patterns: []string{cfg.ImportPath}, Options: opts}, results)
	for _, en := range rep.Entries {
		if en.Verdict == string(explorer.Incomplete) || en.Verdict == string(explorer.Unsupported) {
			fmt.Fprintf(e.stderr, "%s: cmcheck: %s not fully checked: %s: %s\n", en.Pos, en.Name, en.Verdict, en.Reason)
		}
	}
	if vf.json {
		if cfg.Stdout == "" {
			if err := writeVetJSON(e.stdout, cfg.ID, rep); err != nil {
				return fail(err)
			}
			return exitOK
		}
		f, err := os.Create(cfg.Stdout)
		if err != nil {
			return fail(fmt.Errorf("writing go vet output: %w", err))
		}
		err = writeVetJSON(f, cfg.ID, rep)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fail(fmt.Errorf("writing go vet output: %w", err))
		}
		return exitOK
	}
	st := exitOK
	for _, ef := range rep.Findings() {
		f := ef.Finding
		fmt.Fprintf(e.stderr, "%s: %s: %s\n", f.Pos, f.Kind, f.Message)
		for _, r := range f.Related {
			fmt.Fprintf(e.stderr, "%s: \t%s\n", r.Pos, r.Message)
		}
		st = exitVetFindings
	}
	return st
}

// writeVetJSON writes go vet's JSON format: {unit ID: {analyzer: [diagnostic]}},
// with the finding kind as the analyzer name and category.
func writeVetJSON(w io.Writer, id string, rep *reports.Report) error {
	type related struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	type diagnostic struct {
		Category string    `json:"category,omitempty"`
		Posn     string    `json:"posn"`
		End      string    `json:"end"`
		Message  string    `json:"message"`
		Related  []related `json:"related,omitempty"`
	}
	byKind := make(map[string][]diagnostic)
	for _, ef := range rep.Findings() {
		f := ef.Finding
		// go vet prints the message without the category: it starts
		// with the kind, as in cmcheck's own output.
		d := diagnostic{Category: f.Kind, Posn: f.Pos.String(), End: f.Pos.String(), Message: f.Kind + ": " + f.Message}
		for _, r := range f.Related {
			d.Related = append(d.Related, related{Posn: r.Pos.String(), End: r.Pos.String(), Message: r.Message})
		}
		byKind[f.Kind] = append(byKind[f.Kind], d)
	}
	tree := map[string]map[string][]diagnostic{}
	if len(byKind) > 0 {
		tree[id] = byKind
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return fmt.Errorf("internal error: encoding go vet JSON: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
