package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/cmcheck/cmcheck/reports"
	"github.com/stretchr/testify/require"
)

// The HTML report is tested in headless Chromium: the page's #selftest
// mode clicks through the chart as a person would (step forward and back
// with the buttons and the arrow keys, to the end of the trace) and
// writes what it saw into the DOM, which chromium --dump-dom prints. A
// screenshot is kept in $CMCHECK_ARTIFACTS (or the test's temporary
// directory).
//
// Without Chromium the test is skipped, unless CMCHECK_REQUIRE_BROWSER
// is set (as CI does after running testdata/install-chromium.sh).

func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CMCHECK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium found (chromium, chromium-browser, google-chrome or $CMCHECK_CHROMIUM): the HTML report is not tested in a browser; install it with cmd/cmcheck/testdata/install-chromium.sh"
	if os.Getenv("CMCHECK_REQUIRE_BROWSER") != "" {
		t.Fatal(msg + " (CMCHECK_REQUIRE_BROWSER is set)")
	}
	t.Skip(msg + ", or set CMCHECK_REQUIRE_BROWSER=1 to make this a failure")
	return ""
}

// headless runs Chromium on the page with extra flags and returns its
// standard output.
func headless(t *testing.T, browser, page string, flags ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir(),
	}, flags...)
	args = append(args, page)
	cmd := exec.CommandContext(ctx, browser, args...)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s %v: %v\n%s", browser, args, err, stderr)
	}
	return string(out)
}

// selftestResult is what the page's #selftest mode reports.
type selftestResult struct {
	OK             bool     `json:"ok"`
	Errors         []string `json:"errors"`
	Findings       int      `json:"findings"`
	Lanes          []int    `json:"lanes"`
	BlockedLanes   []int    `json:"blockedLanes"`
	Steps          int      `json:"steps"`
	Finding        int      `json:"finding"`
	StepAllMS      int      `json:"stepAllMs"`
	Clicks         int      `json:"clicks"`
	MaxNodes       int      `json:"maxNodes"`
	MaxRows        int      `json:"maxRows"`
	EndBlocked     []int    `json:"endBlocked"`
	ArrowsInDOM    int      `json:"arrowsInDom"`
	ArrowsTotal    int      `json:"arrowsTotal"`
	StateGoroutine int      `json:"stateGoroutines"`
	StateObjects   []string `json:"stateObjects"`
}

var selftestRE = regexp.MustCompile(`<pre id="selftest-result">([^<]*)</pre>`)

func selftest(t *testing.T, browser, file string) selftestResult {
	t.Helper()
	dom := headless(t, browser, "file://"+file+"#selftest", "--dump-dom", "--virtual-time-budget=10000")
	m := selftestRE.FindStringSubmatch(dom)
	require.NotNil(t, m, "no self-test result in the DOM:\n%.2000s", dom)
	var res selftestResult
	require.NoError(t, json.Unmarshal([]byte(html.UnescapeString(m[1])), &res), m[1])
	require.True(t, res.OK, "self-test failed: %v", res.Errors)
	return res
}

func artifactDir(t *testing.T) string {
	if d := os.Getenv("CMCHECK_ARTIFACTS"); d != "" {
		require.NoError(t, os.MkdirAll(d, 0o755))
		return d
	}
	return t.TempDir()
}

func TestHTMLInBrowser(t *testing.T) {
	browser := chromium(t)
	corpus, err := filepath.Abs("../../testdata/corpus")
	require.NoError(t, err)
	tmp := t.TempDir()

	t.Run("corpus", func(t *testing.T) {
		// A deadlock: the test goroutine waits in wg.Wait for two
		// workers blocked sending on an unbuffered channel.
		page := filepath.Join(tmp, "drain.html")
		r := runCmd(t, "", nil, env0.bin, "-C", corpus, "-format", "html", "-o", page, "./blocking/chanwg_drain")
		require.Equal(t, 3, r.status, r.stderr)
		res := selftest(t, browser, page)
		require.Equal(t, 1, res.Findings)
		require.Equal(t, []int{1, 2, 3}, res.Lanes, "a lane per goroutine")
		require.Equal(t, []int{1, 2, 3}, res.BlockedLanes, "the blocked goroutines are highlighted")
		require.Equal(t, []int{1, 2, 3}, res.EndBlocked, "and marked blocked at the end of the trace")
		require.Equal(t, res.Steps, res.Clicks, "step forward goes through every step to the end")
		require.Equal(t, 3, res.StateGoroutine)
		require.True(t, slices.ContainsFunc(res.StateObjects, func(s string) bool { return s == "waitgroup 2counter 2" }), "state panel: %v", res.StateObjects)
		require.Positive(t, res.ArrowsTotal, "go statements are drawn")

		shot := filepath.Join(artifactDir(t), "drain.png")
		headless(t, browser, "file://"+page+"#step=end", "--screenshot="+shot, "--window-size=1400,900", "--hide-scrollbars")
		fi, err := os.Stat(shot)
		require.NoError(t, err)
		require.Greater(t, fi.Size(), int64(10_000), "a screenshot with something on it")
		t.Logf("screenshot: %s", shot)
	})

	t.Run("1000 steps", func(t *testing.T) {
		saved := filepath.Join(tmp, "long.json")
		data, err := json.Marshal(longReport(1000, 6))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(saved, data, 0o644))
		page := filepath.Join(tmp, "long.html")
		r := runCmd(t, "", nil, env0.bin, "-format", "html", "-from", saved, "-o", page)
		require.Equal(t, 3, r.status, r.stderr)
		res := selftest(t, browser, page)
		require.Equal(t, 1000, res.Steps)
		require.Equal(t, 1000, res.Clicks)
		require.Equal(t, []int{1, 2, 3, 4, 5, 6, 0}, res.Lanes)
		require.Equal(t, []int{1, 6}, res.BlockedLanes)
		require.Less(t, res.MaxRows, 120, "rows are rendered lazily")
		require.Less(t, res.MaxNodes, 2000, "the DOM stays small")
		require.Less(t, res.ArrowsInDOM, res.ArrowsTotal, "only the arrows near the viewport are drawn")
		require.Less(t, res.StepAllMS, 60_000, "stepping through 1000 steps stays interactive")
		t.Logf("1000 steps: %d ms to step through, at most %d DOM nodes and %d rows", res.StepAllMS, res.MaxNodes, res.MaxRows)
		headless(t, browser, "file://"+page+"#step=500", "--screenshot="+filepath.Join(artifactDir(t), "long.png"), "--window-size=1400,900", "--hide-scrollbars")
	})
}

// longReport returns a report with one deadlock whose trace has n steps
// among g goroutines passing values around, locking, and a timer.
func longReport(n, g int) *reports.Report {
	at := func(line int) *reports.Position { return &reports.Position{File: "long/long.go", Line: line, Col: 2} }
	var steps []reports.Step
	var sched reports.Schedule
	for i := 1; i <= n; i++ {
		s := reports.Step{Index: i, G: 1 + i%g, Pos: at(10 + i%40)}
		switch {
		case i <= g:
			s.G, s.Op, s.Detail = i, "go start", fmt.Sprintf("long.worker%d", i)
		case i%50 == 0:
			s.G, s.Op, s.Object, s.Detail = 0, "timer fire", "timer 99", "timer 99 at 1s"
		case i%7 == 0:
			s.Op, s.Object, s.Partner = "chan send", "chan 1", 1+(i+1)%g
		case i%2 == 0:
			s.Op, s.Object = "lock", "mutex 2"
		default:
			s.Op, s.Object = "unlock", "mutex 2"
		}
		steps = append(steps, s)
		sched = append(sched, reports.Schedule{{G: s.G}}...)
	}
	var gs []reports.Goroutine
	for i := 1; i <= g; i++ {
		gr := reports.Goroutine{ID: i, Func: fmt.Sprintf("long.worker%d", i), Status: "exited"}
		if i > 1 {
			gr.Parent, gr.CreatedAt = 1, at(5)
		}
		if i == 1 || i == g {
			gr.Status, gr.BlockedAt = "chan receive", at(60)
		}
		gs = append(gs, gr)
	}
	r := &reports.Report{
		Version: reports.Version,
		Tool:    reports.Tool{Name: "cmcheck", Version: "test", GoVersion: "go"},
		Dir:     "/src",
		Entries: []reports.Entry{{
			Name: "long.TestLong", Kind: "test", Package: "long", Verdict: "bug",
			Pos: reports.Position{File: "long/long_test.go", Line: 3, Col: 6},
			Findings: []reports.Finding{{
				ID: 1, Kind: "deadlock", Pos: reports.Position{File: "long/long.go", Line: 60, Col: 2},
				Message:  "all goroutines are blocked: goroutine 1 waits in chan receive",
				Involved: []int{1, g},
				Trace:    reports.Trace{Steps: steps, Goroutines: gs},
				Schedule: sched,
			}},
		}},
		Summary: reports.Summary{Entries: 1, Bug: 1, Findings: 1},
	}
	return r
}
