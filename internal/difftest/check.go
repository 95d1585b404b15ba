package difftest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// Checker explores the programs of a batch with cmcheck.
type Checker struct {
	Batch   *Batch
	Interp  *model.Interp
	entries map[string]frontend.Entry // by program name
}

// ExploreOptions are the bounds used for every generated program: an
// incomplete exploration means the generator made too big a program.
var ExploreOptions = explorer.Options{
	Outcomes:      true,
	Timeout:       20 * time.Second,
	MaxExecutions: 200_000,
	MaxSteps:      2000,
}

// Load loads the Check variants of the batch.
func (b *Batch) Load() (*Checker, error) {
	prog, err := frontend.Load(frontend.Config{Dir: b.Dir, Env: []string{"GOFLAGS=-mod=mod", "GOWORK=off"}}, "./check/...", "./checkgs/...")
	if err != nil {
		return nil, err
	}
	c := &Checker{Batch: b, Interp: model.New(prog.SSA), entries: make(map[string]frontend.Entry)}
	for _, e := range prog.Entries {
		if e.Kind == frontend.EntryMain {
			// "check/p0001" or "checkgs/p0001"
			c.entries[strings.TrimPrefix(e.Pkg.Pkg.Path(), Module+"/")] = e
		}
	}
	for _, p := range b.Progs {
		for _, d := range []string{"check/", "checkgs/"} {
			if _, ok := c.entries[d+p.Name]; !ok {
				return nil, fmt.Errorf("no main entry for %s%s", d, p.Name)
			}
		}
	}
	return c, nil
}

// Check is everything known about one program: its real runs, cmcheck's
// result, and where they disagree.
type Check struct {
	Program *Program // nil for CheckFile
	Name    string
	Source  []byte // as cmcheck explores it
	Runs    []RealRun
	Result  *explorer.Result
	// Replays records, for each finding, the error or mismatch of its
	// replay ("" if it replayed).
	Replays       []string
	Disagreements []Disagreement
	// Covered is the number of cmcheck's outcomes seen in real runs
	// without a race report.
	Covered int
	// Unreduced is the exploration without partial-order reduction,
	// made only to classify missing races.
	Unreduced *explorer.Result
}

// UnreducedTimeout bounds the exploration without reduction.
var UnreducedTimeout = 30 * time.Second

// A Disagreement is a difference between the real runtime and cmcheck, or
// an inconsistency in cmcheck's own result.
type Disagreement struct {
	Kind   string // see the Kind* constants
	Detail string
	// Known names the known, reported cause the disagreement was
	// traced to (see the Known* constants), "" if none.
	Known string
}

// Known causes of disagreements.
const (
	// KnownReduction: the missing outcome is reachable in cmcheck's model
	// (a search of every interleaving finds it, see reachable), or the
	// missing race is found without partial-order reduction: the
	// explorer's reduction pruned it (see doc.go for the mechanisms).
	KnownReduction = "reduction"
	// KnownChanRace: the race detector reports a close unordered with a
	// send on the same channel as a data race; cmcheck reports only the
	// send-on-closed-channel panic it can cause.
	KnownChanRace = "chan-race"
	// KnownChanAtomicity: an atomicity finding ("lost update") on a
	// channel, between a close and a send or close: the channel
	// operations that the race detector treats as accesses are fed to the
	// lost-update detector too, which reports them although a channel
	// has no value that a stale read could overwrite.
	KnownChanAtomicity = "chan-atomicity"
	// KnownRuntimeHang: the real program printed its crash report and
	// then hung instead of exiting: two goroutines crashing at once (a
	// panic and a fatal error) can leave the Go runtime waiting forever.
	// A problem of the real runtime, not of cmcheck.
	KnownRuntimeHang = "runtime-hang"
)

// Kinds of disagreement.
const (
	// A real run ended in an outcome (output and end) that no explored
	// execution has.
	KindMissingOutcome = "missing-outcome"
	// The race detector reported a race; cmcheck reported no data-race.
	KindMissingRace = "missing-race"
	// The race detector reported a race between two lines; cmcheck
	// reported data races, but none between those lines.
	KindRacePosition = "race-position"
	// A finding's schedule does not replay to the same finding.
	KindReplay = "replay"
	// A data-race or atomicity finding in a program without unprotected
	// shared accesses (see Program.MayRace).
	KindFalseRace = "false-race"
	// The verdict is unsupported, or an internal error ended exploration.
	KindVerdict = "verdict"
	// The outcomes and findings of cmcheck disagree with each other (a
	// panic outcome without a panic finding, ...).
	KindInconsistent = "inconsistent"
	// Exploration hit a bound: the generator made too big a program.
	KindIncomplete = "incomplete"
	// A real run did not end: the watchdog missed a deadlock.
	KindHang = "hang"
)

// Explore explores p with cmcheck and checks the result against its real
// runs.
func (c *Checker) Explore(ctx context.Context, p *Program, runs []RealRun) *Check {
	ch := &Check{Program: p, Name: p.Name, Source: p.Source(SourceCheck), Runs: runs}
	gs := c.entries["checkgs/"+p.Name]
	check(ctx, c.Interp, c.entries["check/"+p.Name], &gs, ch)
	return ch
}

// check explores entry e and compares the result with ch.Runs; gs, if
// not nil, is the same program with runtime.Gosched() after every
// statement, explored to classify missing outcomes.
func check(ctx context.Context, it *model.Interp, e frontend.Entry, gs *frontend.Entry, ch *Check) {
	p := ch.Program
	runs := ch.Runs
	r := explorer.Explore(ctx, it, e, ExploreOptions)
	ch.Result = r
	add := func(kind, format string, args ...any) {
		ch.Disagreements = append(ch.Disagreements, Disagreement{Kind: kind, Detail: fmt.Sprintf(format, args...)})
	}
	complete := r.Verdict == explorer.Verified || r.Verdict == explorer.Bug && r.Reason == ""
	switch {
	case complete:
	case r.Verdict == explorer.Unsupported || strings.Contains(r.Reason, "unsupported") || strings.Contains(r.Reason, "internal error"):
		add(KindVerdict, "%s: %s", r.Verdict, r.Reason)
	default:
		add(KindIncomplete, "%s", r.Reason)
	}
	// Every finding replays.
	kinds := map[string]bool{}
	racePairs := map[[2]int]bool{}
	for _, f := range r.Findings {
		kinds[f.Kind] = true
		if f.Kind == "data-race" && len(f.Related) > 0 {
			racePairs[sortedPair(f.Pos.Line, f.Related[0].Pos.Line)] = true
		}
		got, err := explorer.Replay(it, e, f.Schedule, f.Visible, ExploreOptions)
		msg := ""
		switch {
		case err != nil:
			msg = err.Error()
		case !containsFinding(got, f):
			msg = fmt.Sprintf("replay reached %s", describeFindings(got))
		}
		ch.Replays = append(ch.Replays, msg)
		if msg != "" {
			add(KindReplay, "%s at %s: %s", f.Kind, posString(f.Pos), msg)
		}
	}
	if p != nil && !p.MayRace() {
		lines := strings.Split(string(ch.Source), "\n")
		chanOp := func(n int) bool {
			return n >= 1 && n <= len(lines) && (strings.Contains(lines[n-1], "close(") || strings.Contains(lines[n-1], "<-"))
		}
		for _, f := range r.Findings {
			if f.Kind != "data-race" && f.Kind != "atomicity" {
				continue
			}
			// A close unordered with a send on the same channel is a
			// data race for Go's race detector, and may be for cmcheck.
			if f.Kind == "data-race" && len(f.Related) > 0 && chanOp(f.Pos.Line) && chanOp(f.Related[0].Pos.Line) {
				continue
			}
			d := Disagreement{Kind: KindFalseRace, Detail: fmt.Sprintf("%s at %s: %s", f.Kind, posString(f.Pos), f.Message)}
			if f.Kind == "atomicity" && chanOp(f.Pos.Line) && len(f.Related) > 0 && chanOp(f.Related[len(f.Related)-1].Pos.Line) {
				d.Known = KnownChanAtomicity
			}
			ch.Disagreements = append(ch.Disagreements, d)
		}
	}
	// The rest needs every execution explored.
	if !complete {
		return
	}
	// Outcomes and findings agree.
	ends := map[string]bool{}
	for o := range r.Outcomes {
		ends[o.End] = true
	}
	if (ends["panic"] || ends["fatal"]) != kinds["panic"] {
		add(KindInconsistent, "panic or fatal outcome: %v, panic finding: %v", ends["panic"] || ends["fatal"], kinds["panic"])
	}
	if ends["deadlock"] != kinds["deadlock"] {
		add(KindInconsistent, "deadlock outcome: %v, deadlock finding: %v", ends["deadlock"], kinds["deadlock"])
	}
	// Real outcomes that cmcheck missed are looked for again without
	// partial-order reduction: found there, the reduction pruned them.
	unreduced := func() *explorer.Result {
		if ch.Unreduced == nil {
			opts := ExploreOptions
			opts.NoReduction = true
			opts.Timeout = UnreducedTimeout
			ch.Unreduced = explorer.Explore(ctx, it, e, opts)
		}
		return ch.Unreduced
	}
	visible := racyAccesses(r)
	reachableGosched := func(gs frontend.Entry, o explorer.Outcome) bool {
		found, _ := reachable(it, gs, nil, o)
		return found
	}
	hasRace := func(r *explorer.Result, pair [2]int) bool {
		for _, f := range r.Findings {
			if f.Kind != "data-race" {
				continue
			}
			if pair == ([2]int{}) {
				return true
			}
			if len(f.Related) > 0 && pair == sortedPair(f.Pos.Line, f.Related[0].Pos.Line) {
				return true
			}
		}
		return false
	}
	// Every real outcome is one of cmcheck's, every real race one of its
	// data races.
	seen := map[explorer.Outcome]bool{}
	missing := map[string]bool{}
	once := func(key string) bool {
		if missing[key] {
			return false
		}
		missing[key] = true
		return true
	}
	for _, run := range runs {
		switch {
		case run.Hang:
			d := Disagreement{Kind: KindHang, Detail: fmt.Sprintf("%s: %q", run.Config, run.Raw)}
			if strings.Contains(run.Raw, "\npanic: ") || strings.Contains(run.Raw, "\nfatal error: ") ||
				strings.HasPrefix(run.Raw, "panic: ") || strings.HasPrefix(run.Raw, "fatal error: ") {
				d.Known = KnownRuntimeHang
			}
			ch.Disagreements = append(ch.Disagreements, d)
		case run.Race:
			for _, rr := range run.Races {
				switch {
				case !kinds["data-race"]:
					if !once("race " + rr.String()) {
						continue
					}
					d := Disagreement{Kind: KindMissingRace, Detail: fmt.Sprintf("%s: race detector reported %s; cmcheck: no data-race", run.Config, rr)}
					switch {
					case rr.Chan:
						d.Known = KnownChanRace
					case hasRace(unreduced(), [2]int{}):
						d.Known = KnownReduction
					}
					ch.Disagreements = append(ch.Disagreements, d)
				case rr.Lines != [2]int{} && !racePairs[rr.Lines]:
					if !once("race " + rr.String()) {
						continue
					}
					d := Disagreement{Kind: KindRacePosition, Detail: fmt.Sprintf("%s: race detector reported %s; cmcheck's data races: %v", run.Config, rr, sortedPairs(racePairs))}
					switch {
					case rr.Chan:
						d.Known = KnownChanRace
					case hasRace(unreduced(), rr.Lines):
						d.Known = KnownReduction
					}
					ch.Disagreements = append(ch.Disagreements, d)
				}
			}
		default:
			seen[run.Outcome] = true
			if _, ok := r.Outcomes[run.Outcome]; ok || !once(fmt.Sprint(run.Outcome)) {
				continue
			}
			d := Disagreement{Kind: KindMissingOutcome, Detail: fmt.Sprintf("%s: %s", run.Config, FormatOutcome(run.Outcome))}
			found, complete := reachable(it, e, visible, run.Outcome)
			switch {
			case found:
				d.Known = KnownReduction
				d.Detail += " (reachable in the model)"
			case gs != nil && reachableGosched(*gs, run.Outcome):
				// Not a known cause: a hint for the diagnosis. The
				// program with more scheduling points has the same
				// executions under Go.
				d.Detail += " (unreachable in the model; reachable in the model of the variant with runtime.Gosched() after every statement)"
			case !complete:
				d.Detail += " (search of the model incomplete)"
			default:
				d.Detail += " (unreachable in the model)"
			}
			ch.Disagreements = append(ch.Disagreements, d)
		}
	}
	for o := range r.Outcomes {
		if seen[o] {
			ch.Covered++
		}
	}
}

func sortedPair(a, b int) [2]int {
	if b < a {
		a, b = b, a
	}
	return [2]int{a, b}
}

func containsFinding(fs []*explorer.Finding, f *explorer.Finding) bool {
	for _, g := range fs {
		if g.Kind == f.Kind && g.Pos == f.Pos {
			return true
		}
	}
	return false
}

func describeFindings(fs []*explorer.Finding) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, f.Kind+" at "+posString(f.Pos))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func posString(p interface{ String() string }) string {
	s := p.String()
	if i := strings.LastIndex(s, "/"); i >= 0 {
		return s[i+1:]
	}
	return s
}

func sortedPairs(m map[[2]int]bool) [][2]int {
	var ps [][2]int
	for p := range m {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i][0] != ps[j][0] {
			return ps[i][0] < ps[j][0]
		}
		return ps[i][1] < ps[j][1]
	})
	return ps
}

// FormatOutcome renders an outcome on one line.
func FormatOutcome(o explorer.Outcome) string {
	s := fmt.Sprintf("stdout %q", o.Stdout)
	if o.Stderr != "" {
		s += fmt.Sprintf(" stderr %q", o.Stderr)
	}
	s += " " + o.End
	if o.Message != "" {
		s += fmt.Sprintf(" %q", o.Message)
	}
	return s
}

// Report renders everything about a check, for debugging a disagreement:
// the program, the real outcomes with their counts, cmcheck's outcomes
// with theirs, and the findings.
func (ch *Check) Report() string {
	var sb strings.Builder
	if p := ch.Program; p != nil {
		fmt.Fprintf(&sb, "program %s (seed %d, features %s):\n", p.Name, p.Seed, strings.Join(p.Features(), " "))
	} else {
		fmt.Fprintf(&sb, "program %s:\n", ch.Name)
	}
	for i, l := range strings.Split(strings.TrimSuffix(string(ch.Source), "\n"), "\n") {
		fmt.Fprintf(&sb, "%4d  %s\n", i+1, l)
	}
	sb.WriteString("disagreements:\n")
	for _, d := range ch.Disagreements {
		known := ""
		if d.Known != "" {
			known = " (known: " + d.Known + ")"
		}
		fmt.Fprintf(&sb, "  %s%s: %s\n", d.Kind, known, d.Detail)
	}
	sb.WriteString("real outcomes:\n")
	real := map[string][]string{}
	for _, r := range ch.Runs {
		var k string
		switch {
		case r.Hang:
			k = "hang"
		case r.Race:
			k = fmt.Sprintf("race %v; %s", r.Races, FormatOutcome(r.Outcome))
		default:
			k = FormatOutcome(r.Outcome)
		}
		real[k] = append(real[k], r.Config.String())
	}
	for _, k := range sortedKeys(real) {
		fmt.Fprintf(&sb, "  %3d× %s  [%s]\n", len(real[k]), k, strings.Join(uniq(real[k]), " "))
	}
	r := ch.Result
	fmt.Fprintf(&sb, "cmcheck: %s %s [%d executions]\n", r.Verdict, r.Reason, r.Stats.Executions)
	outs := map[string]int{}
	for o, n := range r.Outcomes {
		outs[FormatOutcome(o)] += n
	}
	for _, k := range sortedKeys(outs) {
		fmt.Fprintf(&sb, "  %5d× %s\n", outs[k], k)
	}
	if u := ch.Unreduced; u != nil {
		fmt.Fprintf(&sb, "cmcheck without reduction: %s %s [%d executions, %d outcomes]\n", u.Verdict, u.Reason, u.Stats.Executions, len(u.Outcomes))
	}
	for i, f := range r.Findings {
		fmt.Fprintf(&sb, "  finding %s at %s: %s", f.Kind, posString(f.Pos), f.Message)
		for _, rel := range f.Related {
			fmt.Fprintf(&sb, " [%s: %s]", posString(rel.Pos), rel.Message)
		}
		if i < len(ch.Replays) && ch.Replays[i] != "" {
			fmt.Fprintf(&sb, " REPLAY: %s", ch.Replays[i])
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// CheckFile runs the differential test on one program, the file at path
// (package main, importing only the standard library): built with and
// without -race and run n times, and explored. It is meant for checking
// a minimal program that reproduces a disagreement; the Gosched variant
// is not made.
func CheckFile(ctx context.Context, path string, n int) (*Check, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "difftest")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	files := map[string][]byte{
		"go.mod":           []byte("module " + Module + "\n\ngo 1.26\n"),
		"main.go":          src,
		"watchdog_race.go": []byte(watchdogSrc),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	bins := map[bool]string{false: filepath.Join(dir, "plain"), true: filepath.Join(dir, "race")}
	for race, bin := range bins {
		args := []string{"build", "-o", bin}
		if race {
			args = append(args, "-race")
		}
		cmd := exec.CommandContext(ctx, "go", append(args, ".")...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	ch := &Check{Name: filepath.Base(path), Source: src}
	for k := range n {
		cfg := Config{Race: k/3%3 == 0, Procs: []int{1, 2, 4}[k%3]}
		r, err := runBinary(ctx, bins[cfg.Race], nil, "main.go", cfg)
		if err != nil {
			return nil, err
		}
		ch.Runs = append(ch.Runs, r)
	}
	// The watchdog file is built only with -race: cmcheck does not see it.
	prog, err := frontend.Load(frontend.Config{Dir: dir, Env: []string{"GOFLAGS=-mod=mod", "GOWORK=off"}}, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range prog.Entries {
		if e.Kind == frontend.EntryMain {
			check(ctx, model.New(prog.SSA), e, nil, ch)
			return ch, nil
		}
	}
	return nil, fmt.Errorf("%s: no func main", path)
}
