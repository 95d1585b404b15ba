package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // bad input or internal failure
	exitUsage = 2
	exitBug   = 3 // findings reported
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type config struct {
	exec       string
	maxSteps   int
	maxExecs   int
	timeout    time.Duration
	leakOnMain bool
	noReduce   bool
	noRace     bool
	verbose    bool
	stats      bool
	dir        string
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cmcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	fs.StringVar(&cfg.exec, "exec", "", "run `FILE.go` (or a main package) once under the evaluator, as go run would")
	fs.IntVar(&cfg.maxSteps, "max-steps", 20000, "bound on visible operations in one execution")
	fs.IntVar(&cfg.maxExecs, "max-executions", 1_000_000, "bound on executions explored per entry point")
	fs.DurationVar(&cfg.timeout, "timeout", 60*time.Second, "bound on exploration time per entry point")
	fs.BoolVar(&cfg.leakOnMain, "leak-on-main", false, "report goroutines left blocked when main returns as leaks")
	fs.BoolVar(&cfg.noReduce, "no-reduction", false, "explore every interleaving, without partial-order reduction")
	fs.BoolVar(&cfg.noRace, "no-race", false, "turn off data-race and atomicity detection")
	fs.BoolVar(&cfg.verbose, "v", false, "show every step of each trace")
	fs.BoolVar(&cfg.stats, "stats", false, "print exploration statistics for every entry point")
	fs.StringVar(&cfg.dir, "C", "", "change to `dir` before loading packages")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: cmcheck [flags] PATTERN...\n       cmcheck -exec FILE.go\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if cfg.exec != "" {
		return runExec(cfg.exec, stdout, stderr, cfg.maxSteps*1000)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	return check(ctx, cfg, fs.Args(), stdout, stderr)
}

func check(ctx context.Context, cfg config, patterns []string, stdout, stderr io.Writer) int {
	prog, err := frontend.Load(frontend.Config{Dir: cfg.dir, Tests: true}, patterns...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	if err := prog.NoEntries(); err != nil && len(prog.Entries) == 0 {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	it := model.New(prog.SSA)
	opts := explorer.Options{
		MaxSteps:      cfg.maxSteps,
		MaxExecutions: cfg.maxExecs,
		Timeout:       cfg.timeout,
		LeakOnMain:    cfg.leakOnMain,
		NoReduction:   cfg.noReduce,
		NoRace:        cfg.noRace,
	}
	if os.Getenv("CMCHECK_DEBUG") != "" {
		opts.Debug = stderr
	}
	var results []*explorer.Result
	for _, e := range prog.Entries {
		if ctx.Err() != nil {
			break
		}
		results = append(results, explorer.Explore(ctx, it, e, opts))
	}
	w := &textWriter{w: stdout, dir: prog.Dir(), verbose: cfg.verbose, stats: cfg.stats}
	w.results(results)
	status := exitOK
	for _, r := range results {
		switch r.Verdict {
		case explorer.Bug:
			status = exitBug
		}
	}
	return status
}
