package explorer_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
	"github.com/stretchr/testify/require"
)

// wantRE matches the expectations written in corpus programs:
// // want "kind" ["kind" ...]
var wantRE = regexp.MustCompile(`//\s*want((?:\s+"[a-z-]+")+)`)

type lineKey struct {
	file string
	line int
}

// readWants collects the expected findings of every .go file under dir.
func readWants(t *testing.T, dir string) map[lineKey][]string {
	wants := make(map[lineKey][]string)
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			m := wantRE.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			for _, k := range regexp.MustCompile(`"([a-z-]+)"`).FindAllStringSubmatch(m[1], -1) {
				wants[lineKey{path, n}] = append(wants[lineKey{path, n}], k[1])
			}
		}
		return sc.Err()
	})
	require.NoError(t, err)
	return wants
}

func corpusDir(t *testing.T) string {
	dir, err := filepath.Abs("../testdata/corpus")
	require.NoError(t, err)
	return dir
}

// TestCorpus explores every entry point of the corpus and checks the
// findings against the // want comments in both directions: every
// expected finding is reported at its line, and nothing else is. Every
// finding's schedule is replayed and must reach the same finding.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	prog, err := frontend.Load(frontend.Config{Dir: dir, Tests: true}, "./...")
	require.NoError(t, err)
	wants := readWants(t, dir)
	it := model.New(prog.SSA)
	matched := make(map[lineKey]map[string]bool)
	opts := explorer.Options{Timeout: 30 * time.Second, CheckPeeks: true}
	for _, e := range prog.Entries {
		r := explorer.Explore(context.Background(), it, e, opts)
		rel, _ := filepath.Rel(dir, e.Pos.Filename)
		t.Logf("%-60s %-10s executions=%d transitions=%d time=%s", rel, r.Verdict, r.Stats.Executions, r.Stats.Transitions, r.Stats.Duration.Round(time.Microsecond))
		if r.Verdict == explorer.Unsupported || r.Verdict == explorer.Incomplete {
			t.Errorf("%s: %s: %s", e.Name, r.Verdict, r.Reason)
		}
		for _, f := range r.Findings {
			ok := false
			for _, p := range append([]explorer.Related{{Pos: f.Pos}}, f.Related...) {
				k := lineKey{p.Pos.Filename, p.Pos.Line}
				for _, w := range wants[k] {
					if w == f.Kind {
						if matched[k] == nil {
							matched[k] = make(map[string]bool)
						}
						matched[k][w] = true
						ok = true
					}
				}
			}
			if !ok {
				t.Errorf("%s:%d: unexpected %s: %s", f.Pos.Filename, f.Pos.Line, f.Kind, f.Message)
			}
			replayed, err := explorer.Replay(it, e, f.Schedule, f.Visible, opts)
			if err != nil {
				t.Errorf("%s: replay of %s at %s:%d: %v", e.Name, f.Kind, f.Pos.Filename, f.Pos.Line, err)
				continue
			}
			if !containsFinding(replayed, f) {
				t.Errorf("%s: replay of %s at %s:%d did not reach it (got %s)", e.Name, f.Kind, f.Pos.Filename, f.Pos.Line, describe(replayed))
			}
		}
	}
	var missing []string
	for k, kinds := range wants {
		for _, w := range kinds {
			if !matched[k][w] {
				missing = append(missing, fmt.Sprintf("%s:%d: expected %s not reported", k.file, k.line, w))
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
}

func containsFinding(fs []*explorer.Finding, f *explorer.Finding) bool {
	for _, g := range fs {
		if g.Kind == f.Kind && g.Pos == f.Pos {
			return true
		}
	}
	return false
}

func describe(fs []*explorer.Finding) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%s at %s:%d", f.Kind, filepath.Base(f.Pos.Filename), f.Pos.Line))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// TestReductionSound checks partial-order reduction and state caching
// (each alone and together) against exhaustive enumeration on the corpus:
// all must report the same findings (kind and position) wherever the
// exhaustive search finishes.
func TestReductionSound(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive enumeration is slow")
	}
	dir := corpusDir(t)
	prog, err := frontend.Load(frontend.Config{Dir: dir, Tests: true}, "./...")
	require.NoError(t, err)
	it := model.New(prog.SSA)
	compared := 0
	for _, e := range prog.Entries {
		full := explorer.Explore(context.Background(), it, e, explorer.Options{NoReduction: true, NoStateCache: true, MaxExecutions: 5000, Timeout: 2 * time.Second, PCTRuns: -1})
		if full.Verdict == explorer.Incomplete {
			t.Logf("%s: exhaustive search incomplete (%s); not compared", e.Name, full.Reason)
			continue
		}
		compared++
		want := findingSet(full.Findings)
		for _, c := range []struct {
			name string
			opts explorer.Options
		}{
			{"reduction with state caching", explorer.Options{}},
			{"reduction without state caching", explorer.Options{NoStateCache: true}},
			{"state caching without reduction", explorer.Options{NoReduction: true}},
		} {
			red := explorer.Explore(context.Background(), it, e, c.opts)
			got := findingSet(red.Findings)
			for k := range want {
				if !got[k] {
					t.Errorf("%s: %s misses %s (found by exhaustive search, %d vs %d executions)", e.Name, c.name, k, full.Stats.Executions, red.Stats.Executions)
				}
			}
			for k := range got {
				if !want[k] {
					t.Errorf("%s: %s reports %s, exhaustive search does not", e.Name, c.name, k)
				}
			}
		}
	}
	t.Logf("compared %d of %d entry points", compared, len(prog.Entries))
}

func findingSet(fs []*explorer.Finding) map[string]bool {
	m := make(map[string]bool)
	for _, f := range fs {
		m[fmt.Sprintf("%s at %s:%d", f.Kind, filepath.Base(f.Pos.Filename), f.Pos.Line)] = true
	}
	return m
}

// TestSnapshotsSameSearch checks that restoring snapshots instead of
// replaying prefixes changes nothing but the steps run: with a snapshot at
// every state with a choice (AllSnapshots; by default they are sparser)
// and without any, on every corpus
// and bounds entry point, the same verdict, findings (with the same
// schedules), executions, stored states and transitions, with fewer steps
// run.
func TestSnapshotsSameSearch(t *testing.T) {
	var total [2]int
	for _, d := range []string{corpusDir(t), "testdata/bounds"} {
		prog, err := frontend.Load(frontend.Config{Dir: d, Tests: true}, "./...")
		require.NoError(t, err)
		it := model.New(prog.SSA)
		for _, e := range prog.Entries {
			opts := explorer.Options{MaxExecutions: 20000, Timeout: time.Minute, PCTRuns: -1, AllSnapshots: true}
			snap := explorer.Explore(context.Background(), it, e, opts)
			opts.AllSnapshots, opts.NoSnapshots = false, true
			replay := explorer.Explore(context.Background(), it, e, opts)
			require.Equal(t, replay.Verdict, snap.Verdict, e.Name)
			require.Equal(t, replay.Reason, snap.Reason, e.Name)
			require.Equal(t, replay.Stats.Executions, snap.Stats.Executions, e.Name)
			require.Equal(t, replay.Stats.States, snap.Stats.States, e.Name)
			require.Equal(t, len(replay.Findings), len(snap.Findings), e.Name)
			for i, f := range replay.Findings {
				require.Equal(t, f.Kind, snap.Findings[i].Kind, e.Name)
				require.Equal(t, f.Message, snap.Findings[i].Message, e.Name)
				require.Equal(t, f.Schedule, snap.Findings[i].Schedule, e.Name)
			}
			require.Equal(t, replay.Stats.Transitions, snap.Stats.Transitions, e.Name)
			require.Equal(t, replay.Stats.Transitions, replay.Stats.StepsRun, e.Name)
			require.LessOrEqual(t, snap.Stats.StepsRun, replay.Stats.StepsRun, e.Name)
			total[0] += snap.Stats.StepsRun
			total[1] += replay.Stats.StepsRun
		}
	}
	t.Logf("steps run: %d with snapshots, %d replaying", total[0], total[1])
}

// TestWorkersSameFindings checks the search with two and three workers
// (Options.Workers), and with two that split it at every step
// (Options.EagerSplit), against the sequential one on every corpus and
// bounds entry point: the same verdict and the same findings (kind and
// position), and every schedule replays to its finding.
func TestWorkersSameFindings(t *testing.T) {
	same, sameLen, total := 0, 0, 0
	defer func() { t.Logf("same schedules: %d of %d; same lengths: %d", same, total, sameLen) }()
	for _, d := range []string{corpusDir(t), "testdata/bounds"} {
		prog, err := frontend.Load(frontend.Config{Dir: d, Tests: true}, "./...")
		require.NoError(t, err)
		it := model.New(prog.SSA)
		for _, e := range prog.Entries {
			opts := explorer.Options{MaxExecutions: 20000, Timeout: time.Minute, PCTRuns: -1}
			seq := explorer.Explore(context.Background(), it, e, opts)
			if seq.Verdict == explorer.Incomplete {
				continue
			}
			for _, w := range []int{2, 3, -2} {
				// -2: two workers that split the search as finely as
				// they can (Options.EagerSplit).
				opts.Workers, opts.EagerSplit = max(w, -w), w < 0
				par := explorer.Explore(context.Background(), it, e, opts)
				require.Equal(t, seq.Verdict, par.Verdict, "%s with %d workers (eager split: %v): %s", e.Name, opts.Workers, opts.EagerSplit, par.Reason)
				require.Equal(t, findingSet(seq.Findings), findingSet(par.Findings), "%s with %d workers (eager split: %v)", e.Name, opts.Workers, opts.EagerSplit)
				for _, f := range par.Findings {
					for _, g := range seq.Findings {
						if g.Kind == f.Kind && g.Pos == f.Pos && fmt.Sprint(g.Related) == fmt.Sprint(f.Related) {
							total++
							if len(g.Schedule) == len(f.Schedule) {
								sameLen++
							}
							if slices.Equal(g.Schedule, f.Schedule) {
								same++
							} else {
								t.Logf("%s: %s at %s: other schedule with %d workers (eager split: %v): %v, sequential: %v", e.Name, f.Kind, f.Pos, opts.Workers, opts.EagerSplit, f.Schedule, g.Schedule)
							}
						}
					}
					replayed, err := explorer.Replay(it, e, f.Schedule, f.Visible, opts)
					require.NoError(t, err, "%s: %s", e.Name, f.Kind)
					ok := false
					for _, g := range replayed {
						ok = ok || (g.Kind == f.Kind && g.Pos == f.Pos)
					}
					require.True(t, ok, "%s: the schedule of %s at %s does not replay to it", e.Name, f.Kind, f.Pos)
				}
			}
		}
	}
}

// TestParallelSameResults explores the corpus with two workers and checks
// that the findings equal those of a sequential run.
func TestParallelSameResults(t *testing.T) {
	dir := corpusDir(t)
	prog, err := frontend.Load(frontend.Config{Dir: dir, Tests: true}, "./nonblocking/...")
	require.NoError(t, err)
	it := model.New(prog.SSA)
	seq := explorer.ExploreAll(context.Background(), it, prog.Entries, explorer.Options{}, 1, nil)
	par := explorer.ExploreAll(context.Background(), model.New(prog.SSA), prog.Entries, explorer.Options{}, 2, nil)
	require.Equal(t, len(seq), len(par))
	for i := range seq {
		require.Equal(t, seq[i].Verdict, par[i].Verdict, seq[i].Entry.Name)
		require.Equal(t, findingSet(seq[i].Findings), findingSet(par[i].Findings), seq[i].Entry.Name)
		require.Equal(t, seq[i].Stats.Executions, par[i].Stats.Executions, seq[i].Entry.Name)
	}
}

// BenchmarkCorpusRace measures exploring the whole corpus with race and
// atomicity detection on and off (the bound: at most 2x).
func BenchmarkCorpusRace(b *testing.B) {
	prog, err := frontend.Load(frontend.Config{Dir: "../testdata/corpus", Tests: true}, "./...")
	require.NoError(b, err)
	for _, mode := range []struct {
		name   string
		noRace bool
	}{{"race", false}, {"norace", true}} {
		b.Run(mode.name, func(b *testing.B) {
			it := model.New(prog.SSA)
			transitions := 0
			for i := 0; i < b.N; i++ {
				for _, e := range prog.Entries {
					r := explorer.Explore(context.Background(), it, e, explorer.Options{NoRace: mode.noRace})
					transitions += r.Stats.Transitions
				}
			}
			b.ReportMetric(float64(transitions)/float64(b.N), "transitions/op")
		})
	}
}

// TestShortestTraces logs, for the corpus, the length of the first
// counterexample found and of the one reported.
func TestShortestTraces(t *testing.T) {
	dir := corpusDir(t)
	prog, err := frontend.Load(frontend.Config{Dir: dir, Tests: true}, "./...")
	require.NoError(t, err)
	it := model.New(prog.SSA)
	first, kept, n := 0, 0, 0
	for _, e := range prog.Entries {
		r := explorer.Explore(context.Background(), it, e, explorer.Options{})
		for _, f := range r.Findings {
			require.LessOrEqual(t, len(f.Schedule), f.FirstLength, "%s: %s", e.Name, f.Kind)
			first += f.FirstLength
			kept += len(f.Schedule)
			n++
		}
	}
	t.Logf("%d findings: first counterexamples found total %d steps, reported %d (mean %.1f -> %.1f)", n, first, kept, float64(first)/float64(n), float64(kept)/float64(n))
}

// TestHappensBeforeEdges explores testdata/hb: one properly synchronised
// test per happens-before edge the model implements. A finding there is a
// false alarm (a missing edge).
func TestHappensBeforeEdges(t *testing.T) {
	dir, err := filepath.Abs("../testdata/hb")
	require.NoError(t, err)
	prog, err := frontend.Load(frontend.Config{Dir: dir, Tests: true}, "./...")
	require.NoError(t, err)
	require.NotEmpty(t, prog.Entries)
	it := model.New(prog.SSA)
	for _, e := range prog.Entries {
		r := explorer.Explore(context.Background(), it, e, explorer.Options{Timeout: 20 * time.Second})
		if r.Verdict != explorer.Verified {
			t.Errorf("%s: %s %s %s", e.Name, r.Verdict, r.Reason, describe(r.Findings))
		}
	}
}

// TestEffectsAnalysis checks the analysis of the writes and reads an
// execution may still make (model/effects.go), on the corpus, testdata/hb
// and testdata/scale: with CheckEffects every access the race detector
// records or checks must be within the bound computed before its step,
// every bound within the previous one, and every store taken for fresh
// must find no other goroutine's read (an internal error otherwise); and
// the search that uses the analysis (skipping the records of reads no
// write can follow, dropping the race state once nothing that could race
// can come) must report the same findings as the one that checks it, in
// no more states.
func TestEffectsAnalysis(t *testing.T) {
	if testing.Short() {
		t.Skip("explores the corpus twice")
	}
	for _, c := range []struct {
		dir string
		max int
	}{{corpusDir(t), 20000}, {filepath.Join("..", "testdata", "hb"), 20000}, {filepath.Join("..", "testdata", "scale"), 300}} {
		prog, err := frontend.Load(frontend.Config{Dir: c.dir, Tests: true}, "./...")
		require.NoError(t, err)
		it := model.New(prog.SSA)
		for _, e := range prog.Entries {
			opts := explorer.Options{MaxExecutions: c.max, Timeout: 20 * time.Second, PCTRuns: -1}
			used := explorer.Explore(context.Background(), it, e, opts)
			opts.CheckEffects = true
			checked := explorer.Explore(context.Background(), it, e, opts)
			if strings.Contains(checked.Reason, "write analysis") || strings.Contains(used.Reason, "internal error") {
				t.Errorf("%s: %s / %s", e.Name, checked.Reason, used.Reason)
				continue
			}
			if used.Verdict == explorer.Incomplete || checked.Verdict == explorer.Incomplete {
				t.Logf("%s: incomplete (%s / %s); findings not compared", e.Name, used.Reason, checked.Reason)
				continue
			}
			want, got := findingSet(checked.Findings), findingSet(used.Findings)
			for k := range want {
				if !got[k] {
					t.Errorf("%s: misses %s with the analysis", e.Name, k)
				}
			}
			for k := range got {
				if !want[k] {
					t.Errorf("%s: reports %s with the analysis only", e.Name, k)
				}
			}
			if used.Stats.States > checked.Stats.States {
				t.Errorf("%s: more states with the analysis (%d) than without (%d)", e.Name, used.Stats.States, checked.Stats.States)
			}
		}
	}
}
