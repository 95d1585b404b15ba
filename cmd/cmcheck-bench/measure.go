package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/internal/gctune"
	"github.com/cmcheck/cmcheck/model"
)

// Measurement is what one row's run produced: the explorer's result and
// the costs. A subprocess (-one) prints it as JSON.
type Measurement struct {
	Program      string           `json:"program"`
	Params       string           `json:"params"`
	Verdict      string           `json:"verdict"`
	Reason       string           `json:"reason,omitempty"`
	Findings     []FindingSummary `json:"findings,omitempty"`
	Executions   int              `json:"executions"`
	Transitions  int              `json:"transitions"`
	StepsRun     int              `json:"steps_run"` // transitions the interpreter ran (fewer than Transitions when snapshots were restored)
	MaxDepth     int              `json:"max_depth"`
	CacheHits    int              `json:"cache_hits"`    // nodes where state caching stopped the execution
	SleepBlocked int              `json:"sleep_blocked"` // executions cut with every enabled transition asleep
	// States and DeadlockStates are -1 while the explorer does not
	// report them (explorer.Stats fields States and DeadlockStates).
	States         int64         `json:"states"`
	DeadlockStates int64         `json:"deadlock_states"`
	Explore        time.Duration `json:"explore_ns"`
	// ExploreCPU is the CPU time (all threads, the garbage collector's
	// included) the exploration used: less disturbed than Explore by
	// other load on the machine.
	ExploreCPU time.Duration `json:"explore_cpu_ns"`
	Load       time.Duration `json:"load_ns"`
	PeakHeap   uint64        `json:"peak_heap_bytes"`
	// PeakRSS is VmHWM of the process that ran the row, in bytes (0 if
	// unknown). Only meaningful when the row ran in its own process.
	PeakRSS  uint64           `json:"peak_rss_bytes"`
	Outcomes []OutcomeSummary `json:"outcomes,omitempty"`
	Error    string           `json:"error,omitempty"`
}

// FindingSummary is a finding without its trace.
type FindingSummary struct {
	Kind    string `json:"kind"`
	Pos     string `json:"pos"`
	Message string `json:"message"`
}

// OutcomeSummary is one distinct way executions ended.
type OutcomeSummary struct {
	End     string `json:"end"`
	Message string `json:"message,omitempty"`
	Stdout  string `json:"stdout,omitempty"`
	Stderr  string `json:"stderr,omitempty"`
	Count   int    `json:"count"`
}

// measure runs one row in this process: instantiate, load, explore.
func measure(ctx context.Context, bench string, c Case, timeout time.Duration, eng engine) *Measurement {
	m := &Measurement{Program: c.Program, Params: c.ParamString(), States: -1, DeadlockStates: -1}
	tmp, err := os.MkdirTemp("", "cmcheck-bench-")
	if err != nil {
		m.Error = err.Error()
		return m
	}
	defer os.RemoveAll(tmp)
	if err := instantiate(bench, c.Program, tmp, c.Params); err != nil {
		m.Error = err.Error()
		return m
	}
	start := time.Now()
	prog, err := frontend.Load(frontend.Config{Dir: tmp}, ".")
	m.Load = time.Since(start)
	if err != nil {
		m.Error = "load: " + err.Error()
		return m
	}
	var entry *frontend.Entry
	for i := range prog.Entries {
		if prog.Entries[i].Kind == frontend.EntryMain {
			entry = &prog.Entries[i]
		}
	}
	if entry == nil {
		m.Error = "no main entry point"
		return m
	}
	cpu0 := cpuTime()
	res := explorer.Explore(ctx, model.New(prog.SSA), *entry, explorer.Options{Timeout: timeout, Outcomes: c.Outcomes(), NoStateCache: eng.Stateless, NoSymmetry: eng.NoSymmetry, NoSnapshots: eng.NoSnapshots, AllSnapshots: eng.AllSnapshots, Workers: eng.Workers})
	m.ExploreCPU = cpuTime() - cpu0
	m.Verdict = string(res.Verdict)
	m.Reason = res.Reason
	for _, f := range res.Findings {
		m.Findings = append(m.Findings, FindingSummary{Kind: f.Kind, Pos: fmt.Sprintf("%s:%d", shortFile(f.Pos.Filename), f.Pos.Line), Message: f.Message})
	}
	m.Executions = res.Stats.Executions
	m.Transitions = res.Stats.Transitions
	m.StepsRun = res.Stats.StepsRun
	m.MaxDepth = res.Stats.MaxDepth
	m.CacheHits = res.Stats.CacheHits
	m.SleepBlocked = res.Stats.SleepBlocked
	m.Explore = res.Stats.Duration
	m.PeakHeap = res.Stats.PeakHeap
	if v, ok := optionalInt(res.Stats, "States"); ok {
		m.States = v
	}
	if v, ok := optionalInt(res.Stats, "DeadlockStates"); ok {
		m.DeadlockStates = v
	}
	if c.Outcomes() && res.Outcomes != nil {
		m.Outcomes = []OutcomeSummary{}
		for o, n := range res.Outcomes {
			m.Outcomes = append(m.Outcomes, OutcomeSummary{End: o.End, Message: o.Message, Stdout: o.Stdout, Stderr: o.Stderr, Count: n})
		}
		sort.Slice(m.Outcomes, func(i, j int) bool {
			a, b := m.Outcomes[i], m.Outcomes[j]
			if a.End != b.End {
				return a.End < b.End
			}
			return a.Message < b.Message
		})
	}
	m.PeakRSS = peakRSS()
	return m
}

func shortFile(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// optionalInt reads the integer field name of the struct v, if it has one:
// the explorer's statistics grow (States is coming), and this command must
// compile against the explorer as it is.
func optionalInt(v any, name string) (int64, bool) {
	rv := reflect.Indirect(reflect.ValueOf(v))
	if rv.Kind() != reflect.Struct {
		return 0, false
	}
	f := rv.FieldByName(name)
	if !f.IsValid() {
		return 0, false
	}
	switch f.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return f.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return int64(f.Uint()), true
	}
	return 0, false
}

// peakRSS returns the process's peak resident set size (VmHWM) in bytes,
// or 0 where /proc/self/status is not there.
func peakRSS() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			fs := strings.Fields(rest)
			if len(fs) == 0 {
				return 0
			}
			kb, err := strconv.ParseUint(fs[0], 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// resultPrefix marks the line of a subprocess's output that holds its
// Measurement.
const resultPrefix = "cmcheck-bench-result: "

// runOne is the subprocess side (-one): measure the row and print it.
func runOne(ctx context.Context, bench, program, params string, timeout time.Duration, eng engine) int {
	ps, err := parseParams(params)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cmcheck-bench:", err)
		return 2
	}
	gctune.ForExploration(explorer.DefaultMaxMemory)
	m := measure(ctx, bench, lookupCase(program, ps), timeout, eng)
	data, err := json.Marshal(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cmcheck-bench:", err)
		return 1
	}
	fmt.Printf("%s%s\n", resultPrefix, data)
	return 0
}

// engine selects the explorer's engine variants, to compare them.
type engine struct {
	Stateless    bool // no state caching
	NoSymmetry   bool // states told apart by goroutine numbering
	NoSnapshots  bool // replay instead of restoring snapshots
	AllSnapshots bool // a snapshot at every node with several transitions
	Workers      int  // search goroutines per row
}

// measureSubprocess runs the row in a new process of this command, so that
// its peak RSS is its own.
func measureSubprocess(ctx context.Context, bench string, c Case, timeout time.Duration, eng engine) *Measurement {
	exe, err := os.Executable()
	if err != nil {
		exe = os.Args[0]
	}
	// The explorer stops itself at the timeout; loading is bounded
	// separately, generously.
	ctx, cancel := context.WithTimeout(ctx, 2*timeout+2*time.Minute)
	defer cancel()
	args := []string{"-one", c.Program, "-params", strings.ReplaceAll(c.ParamString(), " ", ","),
		"-timeout", timeout.String(), "-bench-dir", bench}
	if eng.Stateless {
		args = append(args, "-stateless")
	}
	if eng.NoSnapshots {
		args = append(args, "-no-snapshots")
	}
	if eng.AllSnapshots {
		args = append(args, "-all-snapshots")
	}
	if eng.NoSymmetry {
		args = append(args, "-no-symmetry")
	}
	if eng.Workers > 1 {
		args = append(args, "-workers", strconv.Itoa(eng.Workers))
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	for _, line := range strings.Split(stdout.String(), "\n") {
		if data, ok := strings.CutPrefix(line, resultPrefix); ok {
			m := new(Measurement)
			if err := json.Unmarshal([]byte(data), m); err == nil {
				return m
			}
		}
	}
	m := &Measurement{Program: c.Program, Params: c.ParamString(), States: -1, DeadlockStates: -1}
	msg := strings.TrimSpace(stderr.String())
	if len(msg) > 2000 {
		msg = msg[:2000] + "…"
	}
	if ctx.Err() != nil {
		m.Error = fmt.Sprintf("killed after %s", 2*timeout+2*time.Minute)
	} else {
		m.Error = fmt.Sprintf("subprocess failed: %v", runErr)
	}
	if msg != "" {
		m.Error += ": " + msg
	}
	return m
}
