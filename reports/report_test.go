package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cmcheck/cmcheck/model"
	"github.com/stretchr/testify/require"
)

// testReport returns a small report with every verdict and two findings.
func testReport() *Report {
	p := func(file string, line, col int) *Position { return &Position{File: file, Line: line, Col: col} }
	r := &Report{
		Version:  Version,
		Tool:     Tool{Name: "cmcheck", Version: "v0.0.0-test", GoVersion: "go1.26"},
		Dir:      "/src/proj",
		Patterns: []string{"./..."},
		Options:  Options{Timeout: Duration(60e9), MaxExecutions: 1000, MaxSteps: 100},
		Entries: []Entry{
			{
				Name: "example.com/p.TestDrain", Kind: "test", Package: "example.com/p",
				Pos: Position{File: "p/p_test.go", Line: 5, Col: 6}, Verdict: "bug",
				Stats: Stats{Executions: 3, Transitions: 20, MaxDepth: 7, WallTimeNS: 1234567, PeakHeap: 3 << 20},
				Findings: []Finding{{
					ID: 1, Kind: "deadlock", Pos: Position{File: "p/p.go", Line: 24, Col: 9},
					Message:  "all goroutines are blocked: goroutine 1 waits in sync.WaitGroup.Wait; goroutine 1 [sync.WaitGroup.Wait], goroutine 2 [chan send]",
					Related:  []Related{{Pos: Position{File: "p/p.go", Line: 21, Col: 12}, Message: "goroutine 2 blocked here [chan send]"}},
					Involved: []int{1, 2},
					Trace: Trace{
						Steps: []Step{
							{Index: 1, G: 1, Op: "go start", Pos: p("p/p_test.go", 5, 6), Detail: "example.com/p.TestDrain"},
							{Index: 2, G: 1, Op: "waitgroup add", Pos: p("p/p.go", 18, 9), Object: "waitgroup 2", Detail: "counter 1"},
							{Index: 3, G: 2, Op: "go start", Pos: p("p/p.go", 19, 6), Detail: "example.com/p.Run$1"},
							{Index: 4, G: 3, Op: "go start", Pos: p("p/p.go", 30, 6), Detail: "example.com/p.other"},
							{Index: 5, G: 3, Op: "lock", Pos: p("p/p.go", 31, 6), Object: "mutex 4"},
							{Index: 6, G: 3, Op: "unlock", Pos: p("p/p.go", 32, 6), Object: "mutex 4"},
							{Index: 7, G: 0, Op: "timer fire", Pos: p("/goroot/src/time/sleep.go", 1, 1), Object: "timer 5"},
						},
						Goroutines: []Goroutine{
							{ID: 1, Func: "example.com/p.TestDrain", Status: "sync.WaitGroup.Wait", BlockedAt: p("p/p.go", 24, 9)},
							{ID: 2, Func: "example.com/p.Run$1", Parent: 1, CreatedAt: p("p/p.go", 19, 3), Status: "chan send", BlockedAt: p("p/p.go", 21, 12)},
							{ID: 3, Func: "example.com/p.other", Parent: 1, CreatedAt: p("p/p.go", 29, 3), Status: "exited"},
						},
					},
					Schedule: Schedule{{G: 1}, {G: 1}, {G: 2}, {G: 3}, {G: 3}, {G: 3}, {G: 0, K: 5}},
				}},
			},
			{
				Name: "example.com/p.TestRace", Kind: "test", Package: "example.com/p",
				Pos: Position{File: "p/p_test.go", Line: 15, Col: 6}, Verdict: "bug",
				Findings: []Finding{{
					ID: 2, Kind: "data-race", Pos: Position{File: "p/q.go", Line: 7, Col: 2},
					Message:  "data race on x: write by goroutine 2, unordered with the read by goroutine 1",
					Related:  []Related{{Pos: Position{File: "p/q.go", Line: 9, Col: 9}, Message: "previous read by goroutine 1"}},
					Involved: []int{1, 2},
					Trace: Trace{
						Steps: []Step{
							{Index: 1, G: 1, Op: "go start", Pos: p("p/p_test.go", 15, 6)},
							{Index: 2, G: 2, Op: "go start", Pos: p("p/q.go", 6, 5)},
							{Index: 3, G: 2, Op: "write", Pos: p("p/q.go", 7, 2), Object: "mem 1"},
							{Index: 4, G: 1, Op: "read", Pos: p("p/q.go", 9, 9), Object: "mem 1"},
							{Index: 5, G: 1, Op: "exit"},
						},
						Goroutines: []Goroutine{
							{ID: 1, Func: "example.com/p.TestRace", Status: "exited"},
							{ID: 2, Func: "example.com/p.TestRace$1", Parent: 1, CreatedAt: p("p/q.go", 6, 2), Status: "exited"},
						},
					},
					Schedule: Schedule{{G: 1}, {G: 2}, {G: 2}, {G: 1}, {G: 1}},
					Visible:  []Access{{Pos: Position{File: "p/q.go", Line: 7, Col: 2}, Op: "store", Func: "example.com/p.TestRace$1"}},
				}},
			},
			{Name: "example.com/p.TestFine", Kind: "test", Package: "example.com/p", Pos: Position{File: "p/p_test.go", Line: 25, Col: 6}, Verdict: "verified"},
			{Name: "example.com/p.TestBig", Kind: "test", Package: "example.com/p", Pos: Position{File: "p/p_test.go", Line: 35, Col: 6}, Verdict: "incomplete", Reason: "time bound 1m0s reached (-timeout)"},
			{Name: "example.com/p.main", Kind: "main", Package: "example.com/p", Pos: Position{File: "p/main.go", Line: 3, Col: 6}, Verdict: "unsupported", Reason: "p/main.go:5:2: os.Open: file I/O is not modelled"},
		},
	}
	r.Summary = summarize(r.Entries)
	return r
}

func TestJSONRoundTrip(t *testing.T) {
	r := testReport()
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, r))
	require.Contains(t, buf.String(), `"version": 1`)
	require.Contains(t, buf.String(), `"schedule": [`)
	require.Contains(t, buf.String(), `"timer5"`)
	require.Contains(t, buf.String(), `"timeout": "1m0s"`)
	back, err := Read(buf.Bytes())
	require.NoError(t, err)
	require.Equal(t, r, back)
}

func TestReadVersion(t *testing.T) {
	_, err := Read([]byte(`{"version": 2, "entries": []}`))
	require.ErrorContains(t, err, "version 2")
	_, err = Read([]byte(`{"entries": []}`))
	require.ErrorContains(t, err, "no \"version\"")
	_, err = Read([]byte(`[1, 2]`))
	require.ErrorContains(t, err, "not a cmcheck JSON report")
	_, err = Read([]byte(`{"version": 1, "entries": [{"findings": [{"schedule": ["g0"]}]}]}`))
	require.ErrorContains(t, err, "bad transition")
}

func TestSummary(t *testing.T) {
	s := testReport().Summary
	require.Equal(t, Summary{Entries: 5, Bug: 2, Verified: 1, Incomplete: 1, Unsupported: 1, Findings: 2}, s)
}

func TestParsePosition(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Position
		bad  bool
	}{
		{in: "a/b.go:3:4", want: Position{File: "a/b.go", Line: 3, Col: 4}},
		{in: "a/b.go:3", want: Position{File: "a/b.go", Line: 3}},
		{in: `C:\x\b.go:3:4`, want: Position{File: `C:\x\b.go`, Line: 3, Col: 4}},
		{in: "b.go", bad: true},
		{in: ":3:4", bad: true},
	} {
		got, err := parsePosition(tc.in)
		if tc.bad {
			require.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		require.Equal(t, tc.want, got)
		require.Equal(t, tc.in, got.String())
	}
}

func TestSchedule(t *testing.T) {
	s, err := ParseSchedule("g1 g3.1, timer7 g12.10")
	require.NoError(t, err)
	require.Equal(t, Schedule{{G: 1}, {G: 3, K: 1}, {G: 0, K: 7}, {G: 12, K: 10}}, s)
	require.Equal(t, "g1 g3.1 timer7 g12.10", s.String())
	for _, tr := range s {
		back, err := ParseTransition(tr.String())
		require.NoError(t, err)
		require.Equal(t, tr, back)
	}
	for _, bad := range []string{"", "g", "g0", "g1.0", "g01", "g1.", "g-1", "timer", "timerx", "t3", "g1.2.3", "g+1"} {
		_, err := ParseTransition(bad)
		require.Error(t, err, bad)
	}
	require.Equal(t, "timer3", model.Transition{G: 0, K: 3}.String())
}

func TestInvolved(t *testing.T) {
	f := &Finding{
		Kind:    "lost-message",
		Message: "1 value(s) left in a buffered channel (chan 1, capacity 2) after its receiver stopped receiving",
		Trace: Trace{Steps: []Step{
			{Index: 1, G: 1, Op: "go start"},
			{Index: 2, G: 2, Op: "chan send", Object: "chan 1", Detail: "len 1/2"},
			{Index: 3, G: 3, Op: "chan send", Object: "chan 7", Partner: 4},
			{Index: 4, G: 5, Op: "chan send", Object: "chan 8", Partner: 2},
		}},
	}
	require.Equal(t, []int{1, 2, 5}, involved(f))
}

func TestText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteText(&buf, testReport(), TextOptions{}))
	out := buf.String()
	for _, want := range []string{
		"p/p.go:24:9: deadlock: all goroutines are blocked",
		"\tp/p.go:21:12: goroutine 2 blocked here [chan send]",
		"  finding 1: trace of example.com/p.TestDrain, 7 steps, 4 shown:",
		"  ...  3 steps of goroutine 3 elided",
		"  goroutine 2 [chan send]:\n  \texample.com/p.Run$1 at p/p.go:21:12\n  \tcreated by example.com/p.Run in goroutine 1 at p/p.go:19:3\n",
		"  \tcreated in goroutine 1 at p/p.go:29:3\n",
		"example.com/p.TestBig: incomplete (time bound 1m0s reached (-timeout))\n",
		"example.com/p.TestDrain: bug (1 finding)\n",
		"5 entry points: 2 bug, 1 verified, 1 incomplete, 1 unsupported\n",
	} {
		require.Contains(t, out, want)
	}
	require.NotContains(t, out, "ms", "no timings without -stats")
	buf.Reset()
	require.NoError(t, WriteText(&buf, testReport(), TextOptions{Verbose: true, Stats: true}))
	require.NotContains(t, buf.String(), "elided")
	require.Contains(t, buf.String(), "[3 executions, 20 transitions, max depth 7, 1.23ms, peak heap 3.0 MiB]")
	require.True(t, strings.Contains(buf.String(), "    5  goroutine 3   lock             p/p.go:31:6  mutex 4"), buf.String())
}
