package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

func benchDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("CMCHECK_BENCH_DIR"); d != "" {
		return d
	}
	d, err := findBenchDir()
	if err != nil {
		tb.Skip("benchmark programs not found:", err)
	}
	return d
}

// TestQuickFacts runs the quick suite's two smallest rows and checks their
// facts.
func TestQuickFacts(t *testing.T) {
	bench := benchDir(t)
	for _, c := range quickSuite()[:2] {
		t.Run(c.Key(), func(t *testing.T) {
			m := measure(context.Background(), bench, c, 15*time.Second, engine{})
			fact, why := check(c, m)
			t.Logf("%s: %s %s, %d executions, %d transitions, explore %s, load %s", c.Key(), m.Verdict, findingKinds(m.Findings), m.Executions, m.Transitions, m.Explore, m.Load)
			if fact != "PASS" {
				t.Errorf("%s: %s", c.Key(), why)
			}
			if exact, why := checkExact(c, m); exact == "FAIL" {
				t.Errorf("%s: exact fact: %s", c.Key(), why)
			}
		})
	}
}

// TestInstantiate checks that the rewrite is instantiate.sh's.
func TestInstantiate(t *testing.T) {
	bench := benchDir(t)
	params := []Param{{"N", 7}, {"ROUNDS", 2}}
	out := t.TempDir()
	if err := instantiate(bench, "philo_chan", out, params); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(got, []byte("N      = 7 // philosophers")) || !bytes.Contains(got, []byte("ROUNDS = 2 // meals")) {
		t.Errorf("constants not rewritten:\n%s", got)
	}
	if err := instantiate(bench, "philo_chan", t.TempDir(), []Param{{"NOPE", 1}}); err == nil {
		t.Error("instantiate with an unknown constant: no error")
	}
	if _, err := exec.LookPath("gofmt"); err != nil {
		t.Skip("no gofmt to run instantiate.sh with")
	}
	ref := t.TempDir()
	cmd := exec.Command("bash", filepath.Join(bench, "instantiate.sh"), "philo_chan", ref, "N=7", "ROUNDS=2")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("instantiate.sh: %v: %s", err, out)
	}
	for _, f := range []string{"main.go", "go.mod"} {
		want, _ := os.ReadFile(filepath.Join(ref, f))
		got, _ := os.ReadFile(filepath.Join(out, f))
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from instantiate.sh's:\n%s\nwant:\n%s", f, got, want)
		}
	}
}

// TestChecks checks the fact checks on made-up measurements.
func TestChecks(t *testing.T) {
	racy := counter("counter_racy", 3, 2)
	m := &Measurement{Verdict: "bug", Findings: []FindingSummary{{Kind: "panic", Message: "panic: lost update: counter=4 want 6 (goroutine 1)"}}}
	if f, why := check(racy, m); f != "PASS" {
		t.Errorf("lost-update panic: %s %s", f, why)
	}
	for v := 2; v <= 5; v++ {
		m.Outcomes = append(m.Outcomes, OutcomeSummary{End: "panic", Message: fmt.Sprintf("lost update: counter=%d want 6", v)})
	}
	if f, why := checkExact(racy, m); f != "FAIL" || !strings.Contains(why, "{2,3,4,5}") {
		t.Errorf("without exit 0: %s %s", f, why)
	}
	m.Outcomes = append(m.Outcomes, OutcomeSummary{End: "exit 0"})
	if f, why := checkExact(racy, m); f != "PASS" {
		t.Errorf("all counts: %s %s", f, why)
	}
	if f, _ := check(ring(4, 4), &Measurement{Verdict: "verified"}); f != "FAIL" {
		t.Error("ring T=N verified: want FAIL")
	}
	if f, _ := check(ring(4, 2), &Measurement{Verdict: "incomplete", Reason: "time bound 1s reached (-timeout)"}); f != "FAIL" {
		t.Error("incomplete: want FAIL")
	}
	if f, _ := checkExact(philo("philo_chan", 4, ExpectDeadlock), &Measurement{Verdict: "bug", DeadlockStates: -1}); f != "-" {
		t.Error("no deadlock-state count: want -")
	}
	if f, _ := checkExact(philo("philo_chan", 4, ExpectDeadlock), &Measurement{Verdict: "bug", DeadlockStates: 2}); f != "FAIL" {
		t.Error("2 deadlocked states: want FAIL")
	}
	if ps, err := parseParams("N=6,ROUNDS=1"); err != nil || len(ps) != 2 || ps[1] != (Param{"ROUNDS", 1}) {
		t.Errorf("parseParams: %v %v", ps, err)
	}
	if got := lookupCase("ring", []Param{{"N", 3}, {"T", 3}}); got.Expect != ExpectDeadlock {
		t.Errorf("ring N=3 T=3 expects %v", got.Expect)
	}
}

// BenchmarkSuite explores a few quick rows; load time is not counted.
//
//	go test -run '^$' -bench Suite ./cmd/cmcheck-bench/
func BenchmarkSuite(b *testing.B) {
	bench := benchDir(b)
	rows := []Case{
		philo("philo_chan", 4, ExpectDeadlock),
		philo("philo_mutex", 4, ExpectDeadlock),
		philo("philo_ordered", 4, ExpectVerified),
		counter("counter", 2, 2),
		pipeline(1, 2, 2, 1),
		ring(5, 3),
	}
	for _, c := range rows {
		b.Run(strings.ReplaceAll(c.Key(), " ", "_"), func(b *testing.B) { benchmarkCase(b, bench, c) })
	}
}

// BenchmarkRow explores the row named by $CMCHECK_BENCH_ROW ("program
// N=6 ROUNDS=1"), for profiling a slow row:
//
//	CMCHECK_BENCH_ROW='counter N=4 K=2' go test -run '^$' -bench Row \
//	    -benchtime 1x -cpuprofile cpu.out ./cmd/cmcheck-bench/
//	go tool pprof -top cpu.out
func BenchmarkRow(b *testing.B) {
	row := os.Getenv("CMCHECK_BENCH_ROW")
	if row == "" {
		b.Skip("set CMCHECK_BENCH_ROW to a row, e.g. 'philo_chan N=6 ROUNDS=1'")
	}
	program, params, _ := strings.Cut(strings.TrimSpace(row), " ")
	ps, err := parseParams(params)
	if err != nil {
		b.Fatal(err)
	}
	benchmarkCase(b, benchDir(b), lookupCase(program, ps))
}

func benchmarkCase(b *testing.B, bench string, c Case) {
	dir := b.TempDir()
	if err := instantiate(bench, c.Program, dir, c.Params); err != nil {
		b.Fatal(err)
	}
	prog, err := frontend.Load(frontend.Config{Dir: dir}, ".")
	if err != nil {
		b.Fatal(err)
	}
	var entry frontend.Entry
	for _, e := range prog.Entries {
		if e.Kind == frontend.EntryMain {
			entry = e
		}
	}
	it := model.New(prog.SSA)
	var execs, trans int
	var last *explorer.Result
	b.ResetTimer()
	for b.Loop() {
		last = explorer.Explore(context.Background(), it, entry, explorer.Options{Timeout: 10 * time.Minute, Outcomes: c.Outcomes(), NoSnapshots: os.Getenv("NOSNAP") != "", AllSnapshots: os.Getenv("ALLSNAP") != "", Workers: benchWorkers()})
		execs += last.Stats.Executions
		trans += last.Stats.Transitions
	}
	b.ReportMetric(float64(execs)/float64(b.N), "executions/op")
	b.ReportMetric(float64(trans)/float64(b.N), "transitions/op")
	if last != nil && last.Verdict == explorer.Incomplete {
		b.Logf("%s: incomplete: %s", c.Key(), last.Reason)
	}
}

// benchWorkers reads CMCHECK_BENCH_WORKERS (explorer.Options.Workers for
// BenchmarkRow; default 1).
func benchWorkers() int {
	n, _ := strconv.Atoi(os.Getenv("CMCHECK_BENCH_WORKERS"))
	return n
}
