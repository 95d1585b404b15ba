// Command cmcheck-bench measures cmcheck on the benchmark programs of
// shared/bench and checks the facts each must show.
//
//	go run ./cmd/cmcheck-bench [-suite default|quick] [-filter REGEX]
//	    [-timeout 120s] [-j N] [-format text|json] [-spin] [-bench-dir DIR]
//
// Each program is instantiated at each size into a temporary directory
// (the NAME = value constant lines rewritten, as shared/bench/instantiate.sh
// does), loaded, and its main explored. Every row runs in a subprocess of
// this command (re-executed with the hidden -one flag) so that the peak
// RSS reported is that row's own. The table gives the verdict, findings,
// executions, distinct states (when the explorer reports them),
// transitions, exploration wall time, load time and peak RSS, the SPIN
// figure quoted for that row and the ratio of cmcheck's exploration time
// to SPIN's, and whether the row's fact holds (PASS/FAIL).
//
// With -spin, the Promela models in promela/ are verified with SPIN on this
// machine (spin -a; gcc -O2; pan -m100000 -c0) and shown side by side.
//
// The exit status is 0 when every fact holds, 1 when one fails, 2 for a
// usage error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime"
	"sync"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Row is a case with its measurement and the facts checked.
type Row struct {
	Case        Case         `json:"-"`
	Key         string       `json:"key"`
	Expect      string       `json:"expect"`
	M           *Measurement `json:"result"`
	Fact        string       `json:"fact"` // PASS or FAIL
	FactWhy     string       `json:"fact_detail,omitempty"`
	Exact       string       `json:"exact"` // PASS, FAIL or - (not available)
	ExactWhy    string       `json:"exact_detail,omitempty"`
	SpinRef     *SpinRef     `json:"spin_reference,omitempty"`
	SpinRatio   float64      `json:"spin_ratio,omitempty"` // cmcheck exploration time / SPIN reference time
	Spin        *SpinResult  `json:"spin,omitempty"`       // with -spin: SPIN on this machine
	SpinMyRatio float64      `json:"spin_measured_ratio,omitempty"`
	// SpinEndToEnd is cmcheck's load and exploration time over SPIN's
	// spin -a, gcc and pan time: each tool from the source it is given
	// to its answer (the "compile and search included").
	SpinEndToEnd float64       `json:"spin_end_to_end_ratio,omitempty"`
	Wall         time.Duration `json:"wall_ns"` // the whole row: subprocess, load and exploration
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cmcheck-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	suite := fs.String("suite", "default", "which rows: default (every listed size) or quick (small sizes, for CI)")
	filter := fs.String("filter", "", "run only the rows whose \"program params\" (e.g. \"philo_chan N=6 ROUNDS=1\") match `REGEX`")
	timeout := fs.Duration("timeout", 120*time.Second, "exploration time bound per row")
	jobs := fs.Int("j", 1, "rows run at once (more than 1 disturbs the times)")
	format := fs.String("format", "text", "output format: text or json")
	benchDir := fs.String("bench-dir", "", "directory of the benchmark programs (default: ../shared/bench from the repository root)")
	withSpin := fs.Bool("spin", false, "also verify the Promela models with SPIN on this machine")
	var eng engine
	fs.BoolVar(&eng.Stateless, "stateless", false, "explore without state caching (explorer.Options.NoStateCache), to compare")
	fs.BoolVar(&eng.NoSymmetry, "no-symmetry", false, "state caching without symmetry (explorer.Options.NoSymmetry), to compare")
	fs.IntVar(&eng.Workers, "workers", 1, "goroutines searching each row at once (explorer.Options.Workers)")
	fs.BoolVar(&eng.NoSnapshots, "no-snapshots", false, "replay every execution from the initial state instead of restoring snapshots (explorer.Options.NoSnapshots), to compare")
	fs.BoolVar(&eng.AllSnapshots, "all-snapshots", false, "copy the state at every node with several enabled transitions, whatever the copies cost (explorer.Options.AllSnapshots), to compare")
	inProcess := fs.Bool("in-process", false, "run the rows in this process (peak RSS is then cumulative)")
	one := fs.String("one", "", "internal: run one row of `PROGRAM` in this process and print its measurement")
	params := fs.String("params", "", "internal: with -one, the constants, N=6,ROUNDS=1")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: cmcheck-bench [flags]\n\nFlags:\n")
		fs.VisitAll(func(f *flag.Flag) {
			if f.Name == "one" || f.Name == "params" {
				return
			}
			name, usage := flag.UnquoteUsage(f)
			fmt.Fprintf(stderr, "  -%s", f.Name)
			if name != "" {
				fmt.Fprintf(stderr, " %s", name)
			}
			fmt.Fprintf(stderr, "\n    \t%s", usage)
			if f.DefValue != "" && f.DefValue != "false" {
				fmt.Fprintf(stderr, " (default %s)", f.DefValue)
			}
			fmt.Fprintln(stderr)
		})
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "cmcheck-bench: unknown format %q (want text or json)\n", *format)
		return 2
	}
	bench := *benchDir
	if bench == "" {
		var err error
		if bench, err = findBenchDir(); err != nil {
			fmt.Fprintln(stderr, "cmcheck-bench:", err)
			return 2
		}
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	if *one != "" {
		return runOne(ctx, bench, *one, *params, *timeout, eng)
	}

	cases, err := suiteByName(*suite)
	if err != nil {
		fmt.Fprintln(stderr, "cmcheck-bench:", err)
		return 2
	}
	if *filter != "" {
		re, err := regexp.Compile(*filter)
		if err != nil {
			fmt.Fprintln(stderr, "cmcheck-bench: -filter:", err)
			return 2
		}
		var kept []Case
		for _, c := range cases {
			if re.MatchString(c.Key()) {
				kept = append(kept, c)
			}
		}
		cases = kept
	}
	if len(cases) == 0 {
		fmt.Fprintln(stderr, "cmcheck-bench: no rows selected")
		return 2
	}
	if *withSpin {
		if err := spinAvailable(); err != nil {
			fmt.Fprintln(stderr, "cmcheck-bench: -spin:", err)
			return 2
		}
	}
	if *jobs < 1 {
		*jobs = 1
	}

	started := time.Now()
	rows := make([]*Row, len(cases))
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := make(chan int)
	for w := 0; w < *jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c := cases[i]
				t0 := time.Now()
				var m *Measurement
				if *inProcess {
					m = measure(ctx, bench, c, *timeout, eng)
				} else {
					m = measureSubprocess(ctx, bench, c, *timeout, eng)
				}
				r := evaluate(c, m)
				r.Wall = time.Since(t0)
				if *withSpin && hasPromela(c.Program) {
					r.Spin = runSpin(ctx, c)
					if r.Spin.Error == "" && r.Spin.Time > 0 && m.Error == "" {
						r.SpinMyRatio = float64(m.Explore) / float64(r.Spin.Time)
						r.SpinEndToEnd = float64(m.Load+m.Explore) / float64(r.Spin.Build+r.Spin.Time)
					}
				}
				rows[i] = r
				if *format == "text" {
					mu.Lock()
					fmt.Fprintf(stderr, "%-32s %-10s %s [%s]\n", r.Key, verdictOf(m), r.Fact, r.Wall.Round(time.Millisecond))
					mu.Unlock()
				}
			}
		}()
	}
	for i := range cases {
		next <- i
	}
	close(next)
	wg.Wait()

	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report{
			Date: started.Format(time.RFC3339), CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), LoadAverage: loadAverage,
			Suite: *suite, Timeout: timeout.String(), Rows: rows,
		}); err != nil {
			fmt.Fprintln(stderr, "cmcheck-bench:", err)
			return 1
		}
	default:
		writeText(stdout, rows, *suite, *timeout, started, *withSpin)
	}
	for _, r := range rows {
		if r.Fact != "PASS" || r.Exact == "FAIL" {
			return 1
		}
	}
	return 0
}

type report struct {
	Date        string `json:"date"`
	CPUs        int    `json:"cpus"`
	GoVersion   string `json:"go_version"`
	LoadAverage string `json:"load_average"` // 1-minute, at start
	Suite       string `json:"suite"`
	Timeout     string `json:"timeout"`
	Rows        []*Row `json:"rows"`
}

// evaluate checks a row's facts.
func evaluate(c Case, m *Measurement) *Row {
	r := &Row{Case: c, Key: c.Key(), Expect: c.Expect.String(), M: m, SpinRef: c.Spin}
	r.Fact, r.FactWhy = check(c, m)
	r.Exact, r.ExactWhy = checkExact(c, m)
	if c.Spin != nil && m.Error == "" && c.Spin.Time > 0 {
		r.SpinRatio = float64(m.Explore) / float64(c.Spin.Time)
	}
	return r
}

func verdictOf(m *Measurement) string {
	if m.Error != "" {
		return "error"
	}
	return m.Verdict
}
