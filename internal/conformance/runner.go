package conformance

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
)

// Runner runs cases under the toolchain and the evaluator and classifies
// them.
type Runner struct {
	// Toolchain gives the reference runs. If nil, the reference is what
	// Go's harness expects (Case.Expected): exit status 0 and the .out
	// contents, which is right for programs known to pass under `go run`.
	Toolchain *Toolchain
	// Evaluator runs the programs under cmcheck.
	Evaluator Evaluator
	// Workers is the number of cases run at once (0: GOMAXPROCS).
	Workers int
	// Progress, if non-nil, is called after each case with the number of
	// cases done so far. Calls are serialized.
	Progress func(done, total int, o Outcome)
}

// Run runs cases and returns their outcomes, in the order of cases. An
// error means that the run could not be completed (a cancelled context,
// or a failure to write the toolchain cache).
func (r *Runner) Run(ctx context.Context, cases []Case) ([]Outcome, error) {
	workers := r.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	outcomes := make([]Outcome, len(cases))
	errs := make([]error, len(cases))
	next := make(chan int)
	var (
		mu   sync.Mutex
		done int
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for i := range next {
				outcomes[i], errs[i] = r.runCase(ctx, cases[i])
				if r.Progress != nil {
					mu.Lock()
					done++
					r.Progress(done, len(cases), outcomes[i])
					mu.Unlock()
				}
			}
		})
	}
feed:
	for i := range cases {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cases[i], err)
		}
	}
	return outcomes, nil
}

// runCase runs and classifies one case.
func (r *Runner) runCase(ctx context.Context, c Case) (Outcome, error) {
	o := Outcome{Case: c}
	if c.NotApplicable != "" {
		o.Class, o.Reason = Skip, toolchainFailure(c, RunResult{})
		return o, nil
	}
	want := c.Expected()
	if r.Toolchain != nil {
		tc, _, err := r.Toolchain.Run(ctx, c)
		if err != nil {
			return o, err
		}
		o.Toolchain = tc
		if reason := toolchainFailure(c, tc); reason != "" {
			o.Class, o.Reason = Skip, reason
			return o, nil
		}
		want = tc
	}
	o.Evaluator = r.Evaluator.Run(ctx, c)
	o.Class, o.Reason = ClassifyEvaluator(want, o.Evaluator)
	return o, nil
}

// Tally counts the outcomes of one group of cases.
type Tally struct {
	Name   string
	Total  int
	Counts map[Class]int
}

// Eligible returns the number of cases the toolchain ran successfully
// (those not skipped).
func (t Tally) Eligible() int { return t.Total - t.Counts[Skip] }

// PassRate returns the percentage of eligible cases that pass (0 if there
// are none).
func (t Tally) PassRate() float64 {
	if t.Eligible() == 0 {
		return 0
	}
	return 100 * float64(t.Counts[Pass]) / float64(t.Eligible())
}

// Count tallies the outcomes of the cases in dirs (all if dirs is empty)
// under the given name.
func Count(name string, outcomes []Outcome, dirs ...string) Tally {
	t := Tally{Name: name, Counts: map[Class]int{}}
	for _, o := range outcomes {
		if len(dirs) == 0 || slices.Contains(dirs, o.Case.Dir) {
			t.Total++
			t.Counts[o.Class]++
		}
	}
	return t
}

// Summarize returns one tally per directory, in the order of dirs,
// followed by a "total" tally.
func Summarize(outcomes []Outcome, dirs []string) []Tally {
	var ts []Tally
	for _, dir := range dirs {
		ts = append(ts, Count(dir, outcomes, dir))
	}
	return append(ts, Count("total", outcomes))
}

// FormatTable formats tallies as an aligned text table.
func FormatTable(tallies []Tally) string {
	var sb strings.Builder
	tw := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "dir\ttotal\t")
	for _, c := range Classes() {
		fmt.Fprintf(tw, "%s\t", c)
	}
	fmt.Fprint(tw, "pass%\t\n")
	for _, t := range tallies {
		fmt.Fprintf(tw, "%s\t%d\t", t.Name, t.Total)
		for _, c := range Classes() {
			fmt.Fprintf(tw, "%d\t", t.Counts[c])
		}
		fmt.Fprintf(tw, "%.1f\t\n", t.PassRate())
	}
	tw.Flush()
	return sb.String()
}

// WriteReport writes one line per outcome: the case, its class and the
// reason, separated by tabs.
func WriteReport(w io.Writer, outcomes []Outcome) error {
	for _, o := range outcomes {
		if _, err := fmt.Fprintf(w, "%s\t%s\t%s\n", o.Case.ID(), o.Class, o.Reason); err != nil {
			return err
		}
	}
	return nil
}

// ReasonGroup is a set of cases with the same class and reason.
type ReasonGroup struct {
	Class  Class
	Reason string
	Cases  []string // case IDs
}

// GroupReasons groups the outcomes of the given classes by class and
// reason, largest groups first.
func GroupReasons(outcomes []Outcome, classes ...Class) []ReasonGroup {
	type key struct {
		class  Class
		reason string
	}
	index := map[key]int{}
	var groups []ReasonGroup
	for _, o := range outcomes {
		if !slices.Contains(classes, o.Class) {
			continue
		}
		k := key{o.Class, o.Reason}
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, ReasonGroup{Class: o.Class, Reason: o.Reason})
		}
		groups[i].Cases = append(groups[i].Cases, o.Case.ID())
	}
	slices.SortStableFunc(groups, func(a, b ReasonGroup) int {
		return cmp.Compare(len(b.Cases), len(a.Cases))
	})
	return groups
}
