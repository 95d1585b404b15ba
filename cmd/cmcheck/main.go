package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/internal/gctune"
	"github.com/cmcheck/cmcheck/model"
	"github.com/cmcheck/cmcheck/reports"
)

func main() {
	os.Exit(int(run(os.Args[1:], os.Stdout, os.Stderr)))
}

type config struct {
	exec       string
	maxSteps   int
	maxExecs   int
	timeout    time.Duration
	total      time.Duration
	leakOnMain bool
	noReduce   bool
	noRace     bool
	noCache    bool
	noSym      bool
	noSnaps    bool
	workers    int
	preempts   int
	fairTime   bool
	pctRuns    int
	pctTimeout time.Duration
	pctDepth   int
	verbose    bool
	stats      bool
	dir        string

	format    format
	output    string
	from      string
	replay    string
	finding   int
	explain   string
	failOn    verdictSet
	failOnBug bool
	progress  bool
	jobs      int
	maxMemory byteSize
}

func (c *config) options() reports.Options {
	return reports.Options{
		Timeout:       reports.Duration(c.timeout),
		MaxExecutions: c.maxExecs,
		MaxSteps:      c.maxSteps,
		LeakOnMain:    c.leakOnMain,
		NoReduction:   c.noReduce,
		NoRace:        c.noRace,
		NoStateCache:  c.noCache,
		NoSymmetry:    c.noSym,
		NoSnapshots:   c.noSnaps,
		Workers:       workersOption(c.workers),
		MaxMemory:     uint64(c.maxMemory),
		Preemptions:   c.preempts,
		FairTime:      c.fairTime,
		PCTRuns:       c.pctRuns,
		PCTTimeout:    reports.Duration(c.pctTimeout),
		PCTDepth:      c.pctDepth,
	}
}

// workersOption is -workers as recorded in reports: only a parallel
// search is recorded (1 is the default and is left out).
func workersOption(n int) int {
	if n <= 1 {
		return 0
	}
	return n
}

// env is what a run of the command talks to.
type env struct {
	stdout, stderr io.Writer
	// stderrTTY says whether stderr is a terminal (live progress goes
	// there).
	stderrTTY bool
}

func run(args []string, stdout, stderr io.Writer) exitStatus {
	e := env{stdout: stdout, stderr: stderr}
	if f, ok := stderr.(*os.File); ok {
		e.stderrTTY = isTerminal(f)
	}
	if st, ok := vetProtocol(args, e); ok {
		return st
	}
	fs := flag.NewFlagSet("cmcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.format = formatText
	fs.StringVar(&cfg.exec, "exec", "", "run `FILE.go` (or a main package) once under the evaluator, as go run would")
	fs.IntVar(&cfg.maxSteps, "max-steps", 20000, "bound on visible operations in one execution")
	fs.IntVar(&cfg.maxExecs, "max-executions", 1_000_000, "bound on executions explored per entry point")
	fs.DurationVar(&cfg.timeout, "timeout", 60*time.Second, "bound on exploration time per entry point")
	fs.DurationVar(&cfg.total, "total-timeout", 0, "bound on the exploration time of the whole run (0: none); entry points not explored in it are incomplete")
	fs.BoolVar(&cfg.leakOnMain, "leak-on-main", false, "report goroutines left blocked when main returns as leaks")
	fs.BoolVar(&cfg.noReduce, "no-reduction", false, "explore every interleaving, without partial-order reduction")
	fs.BoolVar(&cfg.noRace, "no-race", false, "turn off data-race and atomicity detection")
	fs.BoolVar(&cfg.noCache, "no-state-cache", false, "turn off state caching (every execution runs to its end)")
	fs.BoolVar(&cfg.noSym, "no-symmetry", false, "tell apart states that differ only in how their goroutines are numbered (state caching merges them by default)")
	fs.IntVar(&cfg.workers, "workers", 1, "goroutines searching each entry point at once (a parallel search: same verdicts and findings, but the trace shown for a finding and the statistics may differ from run to run)")
	fs.BoolVar(&cfg.noSnaps, "no-snapshots", false, "replay every execution from the initial state instead of restoring copies of states (for measurements)")
	fs.BoolVar(&cfg.fairTime, "fair-time", false, "local work takes no time: timers more than 10ms away fire only when no goroutine can move")
	fs.IntVar(&cfg.preempts, "preemptions", 0, "bound on preemptions per execution (0: none); a search cut by it is incomplete")
	fs.IntVar(&cfg.pctRuns, "pct", 100_000, "random (PCT) executions run when the exhaustive search stops at a bound (0: none)")
	fs.DurationVar(&cfg.pctTimeout, "pct-timeout", 0, "wall time for the random search after an incomplete exhaustive one (default: a quarter of -timeout)")
	fs.IntVar(&cfg.pctDepth, "pct-depth", 3, "bug depth the random search aims at (PCT's d)")
	fs.BoolVar(&cfg.verbose, "v", false, "show every step of each trace")
	fs.BoolVar(&cfg.stats, "stats", false, "print exploration statistics for every entry point")
	fs.StringVar(&cfg.dir, "C", "", "change to `dir` before loading packages")
	fs.Var(&cfg.format, "format", "output `format`: text, json, sarif or html")
	fs.StringVar(&cfg.output, "o", "", "write the output to `file` (replaced atomically) instead of standard output")
	fs.StringVar(&cfg.from, "from", "", "render the results saved in `results.json` (by -format json) instead of checking packages")
	fs.StringVar(&cfg.replay, "replay", "", "re-execute the traces saved in `results.json` against the current code")
	fs.IntVar(&cfg.finding, "finding", 0, "with -replay, replay only finding number `n`")
	fs.StringVar(&cfg.explain, "explain", "", "document finding `kind` (deadlock, leak, ...; \"all\" for every kind) and exit")
	fs.Var(&cfg.failOn, "fail-on", "exit with status 3 when an entry point's verdict is in the comma-separated `list` (bug, incomplete, unsupported; none); default bug for text and html, none for json and sarif")
	fs.BoolVar(&cfg.failOnBug, "fail-on-bug", false, "exit with status 3 when a bug is found, whatever the format (for -format json and sarif)")
	fs.IntVar(&cfg.jobs, "j", runtime.GOMAXPROCS(0), "explore up to `n` entry points at once")
	fs.Var(&cfg.maxMemory, "max-memory", "bound on the Go heap cmcheck may use, such as 4GiB (default 8GiB)")
	fs.BoolVar(&cfg.progress, "progress", false, "show a live status line on standard error even when it is not a terminal")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: cmcheck [flags] PATTERN...\n"+
			"       cmcheck -format FORMAT -from results.json\n"+
			"       cmcheck -replay results.json [-finding N]\n"+
			"       cmcheck -explain KIND\n"+
			"       cmcheck -exec FILE.go\n"+
			"       go vet -vettool=$(which cmcheck) PACKAGES\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	set := make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	usage := func(format string, args ...any) exitStatus {
		fmt.Fprintf(stderr, "cmcheck: "+format+"\n", args...)
		fmt.Fprintf(stderr, "run 'cmcheck -help' for usage\n")
		return exitUsage
	}

	modes := 0
	for _, m := range []string{"exec", "explain", "from", "replay"} {
		if set[m] {
			modes++
		}
	}
	if modes > 1 {
		return usage("-exec, -explain, -from and -replay exclude each other")
	}
	if set["finding"] && !set["replay"] {
		return usage("-finding needs -replay")
	}
	switch {
	case set["exec"]:
		return exitStatus(runExec(cfg.exec, stdout, stderr, cfg.maxSteps*1000))
	case set["explain"]:
		if fs.NArg() > 0 {
			return usage("-explain takes no packages")
		}
		return explain(cfg.explain, e, usage)
	case set["from"]:
		if fs.NArg() > 0 {
			return usage("-from takes no packages: the results are in %s", cfg.from)
		}
		return renderSaved(cfg, set, e)
	case set["replay"]:
		if fs.NArg() > 0 {
			return usage("-replay takes no packages: they are named in %s", cfg.replay)
		}
		if set["format"] && cfg.format != formatText {
			return usage("-replay prints text; -format %s cannot be used with it", cfg.format)
		}
		ctx, cancel := interruptible(e)
		defer cancel()
		return replay(ctx, cfg, e)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	if cfg.workers < 1 || cfg.workers > 256 {
		return usage("-workers %d: must be between 1 and 256", cfg.workers)
	}
	ctx, cancel := interruptible(e)
	defer cancel()
	return check(ctx, cfg, set, fs.Args(), e)
}

// interruptible returns a context cancelled by the first Ctrl-C (SIGINT):
// the exploration stops, and the results so far are printed, marked
// incomplete. A second Ctrl-C exits at once.
func interruptible(e env) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt)
	go func() {
		select {
		case <-sig:
		case <-ctx.Done():
			return
		}
		fmt.Fprintln(e.stderr, "cmcheck: interrupted: stopping (press Ctrl-C again to exit at once)")
		cancel()
		select {
		case <-sig:
			os.Exit(130)
		case <-time.After(time.Hour):
		}
	}()
	return ctx, func() {
		signal.Stop(sig)
		cancel()
	}
}

// failSet returns the verdicts that make the run fail: -fail-on if given,
// else bug for the text and html formats (and with -fail-on-bug).
func failSet(cfg config, set map[string]bool) verdictSet {
	fail := cfg.failOn
	if !set["fail-on"] {
		fail = verdictSet{}
		if cfg.format == formatText || cfg.format == formatHTML {
			fail[explorer.Bug] = true
		}
	}
	if cfg.failOnBug {
		fail = fail.with(explorer.Bug)
	}
	return fail
}

func check(ctx context.Context, cfg config, set map[string]bool, patterns []string, e env) exitStatus {
	pr := newProgress(e.stderr, cfg.progress || e.stderrTTY, cfg.timeout)
	prog, err := frontend.Load(frontend.Config{Dir: cfg.dir, Tests: true}, patterns...)
	if err != nil {
		pr.close()
		fmt.Fprintln(e.stderr, err)
		return exitError
	}
	if err := prog.NoEntries(); err != nil && len(prog.Entries) == 0 {
		pr.close()
		fmt.Fprintln(e.stderr, err)
		return exitError
	}
	it := model.New(prog.SSA)
	opts := cfg.options().Explorer()
	if os.Getenv("CMCHECK_DEBUG") != "" {
		opts.Debug = e.stderr
	}
	if cfg.jobs <= 1 || len(prog.Entries) <= 1 {
		opts.Progress = pr.update
	}
	// The run's time bound (-total-timeout) stops the explorations like
	// an interrupt, but the entry points it leaves out are reported.
	runCtx := ctx
	if cfg.total > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, cfg.total)
		defer cancel()
	}
	gctune.ForExploration(cmp.Or(opts.MaxMemory, explorer.DefaultMaxMemory))
	var results []*explorer.Result
	if cfg.jobs <= 1 || len(prog.Entries) <= 1 {
		for i, entry := range prog.Entries {
			if runCtx.Err() != nil {
				break
			}
			pr.start(i, len(prog.Entries), entry.Name)
			r := explorer.Explore(runCtx, it, entry, opts)
			pr.finish(r)
			results = append(results, r)
		}
	} else {
		pr.startAll(len(prog.Entries), cfg.jobs)
		results = explorer.ExploreAll(runCtx, it, prog.Entries, opts, cfg.jobs, pr.finish)
	}
	if ctx.Err() == nil && runCtx.Err() != nil {
		results = withUnexplored(prog.Entries, results)
	}
	pr.close()
	rep := reports.New(reports.RunInfo{
		Dir:       prog.Dir(),
		Patterns:  patterns,
		Version:   version(),
		GoVersion: runtime.Version(),
		Options:   cfg.options(),
	}, results)
	st := exitOK
	if err := render(cfg, rep, e); err != nil {
		fmt.Fprintf(e.stderr, "cmcheck: %v\n", err)
		st = exitError
	}
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "cmcheck: interrupted")
		st = worst(st, exitError)
	}
	return worst(st, statusOf(rep, failSet(cfg, set)))
}

// withUnexplored returns the results in the order of entries, with the
// entry points that were not explored before the run's time bound
// reported incomplete.
func withUnexplored(entries []frontend.Entry, results []*explorer.Result) []*explorer.Result {
	done := make(map[string]*explorer.Result, len(results))
	for _, r := range results {
		done[r.Entry.Name] = r
	}
	out := make([]*explorer.Result, 0, len(entries))
	for _, e := range entries {
		r, ok := done[e.Name]
		if !ok {
			r = &explorer.Result{Entry: e, Verdict: explorer.Incomplete, Reason: "not explored: total time bound reached (-total-timeout)"}
		}
		out = append(out, r)
	}
	return out
}

// renderSaved implements -from: render a saved JSON report.
func renderSaved(cfg config, set map[string]bool, e env) exitStatus {
	rep, err := readReport(cfg.from)
	if err != nil {
		fmt.Fprintf(e.stderr, "cmcheck: %v\n", err)
		return exitError
	}
	if err := render(cfg, rep, e); err != nil {
		fmt.Fprintf(e.stderr, "cmcheck: %v\n", err)
		return exitError
	}
	return statusOf(rep, failSet(cfg, set))
}

func readReport(path string) (*reports.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading saved results: %w", err)
	}
	rep, err := reports.Read(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}

// render writes the report in the chosen format to standard output or
// to the -o file.
func render(cfg config, rep *reports.Report, e env) error {
	var fn func(io.Writer) error
	switch cfg.format {
	case formatText:
		fn = func(w io.Writer) error {
			return reports.WriteText(w, rep, reports.TextOptions{Verbose: cfg.verbose, Stats: cfg.stats})
		}
	case formatJSON:
		fn = func(w io.Writer) error { return reports.WriteJSON(w, rep) }
	case formatSARIF:
		fn = func(w io.Writer) error { return reports.WriteSARIF(w, rep) }
	case formatHTML:
		fn = func(w io.Writer) error { return reports.WriteHTML(w, rep) }
	default:
		return fmt.Errorf("internal error: format %q", cfg.format)
	}
	return writeOutput(cfg.output, e.stdout, fn)
}

func explain(kind string, e env, usage func(string, ...any) exitStatus) exitStatus {
	kinds := reports.Kinds()
	if kind != "all" {
		k, ok := reports.LookupKind(kind)
		if !ok {
			return usage("-explain: unknown finding kind %q; the kinds are %s", kind, strings.Join(reports.KindNames(), ", "))
		}
		kinds = []reports.KindDoc{k}
	}
	for i, k := range kinds {
		if i > 0 {
			fmt.Fprintf(e.stdout, "\n%s\n\n", strings.Repeat("-", 72))
		}
		if err := reports.Explain(e.stdout, k); err != nil {
			fmt.Fprintf(e.stderr, "cmcheck: %v\n", err)
			return exitError
		}
	}
	return exitOK
}
