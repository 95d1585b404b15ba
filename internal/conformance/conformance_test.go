package conformance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Environment variables that control the tests (see README.md).
const (
	envFull    = "CMCHECK_CONFORMANCE"         // "1": run TestConformanceFull
	envRefresh = "CMCHECK_CONFORMANCE_REFRESH" // "1": ignore cached toolchain results
	envReport  = "CMCHECK_CONFORMANCE_REPORT"  // file for the detailed report
	envMin     = "CMCHECK_CONFORMANCE_MIN"     // minimum pass% of ., ken, interface, typeparam
	envDirs    = "CMCHECK_CONFORMANCE_DIRS"    // comma-separated subset of Dirs()
	envCache   = "CMCHECK_CONFORMANCE_CACHE"   // toolchain cache root (default under os.UserCacheDir)
	envTimeout = "CMCHECK_CONFORMANCE_TIMEOUT" // evaluator time limit per program (default 20s)
)

const (
	toolchainTimeout = 60 * time.Second
	evaluatorTimeout = 20 * time.Second
)

// evaluatorArgs are the flags given to cmcheck before -exec: no step bound,
// so that only the wall-clock timeout stops a long run, as with go run.
func evaluatorArgs() []string { return []string{"-max-steps=0"} }

// sampleCases are programs the evaluator passes, covering closures, maps,
// defer/recover, goroutines and channels, generics, strings, method values
// and more. A failure here is a regression.
func sampleCases() []string {
	return []string{
		"helloworld.go",
		"closure1.go",
		"closure2.go",
		"func5.go",
		"escape.go",
		"bigmap.go",
		"string_lit.go",
		"stringrange.go",
		"utf.go",
		"switch.go",
		"typeswitch.go",
		"method5.go",
		"recover3.go",
		"zerodivide.go",
		"ddd.go",
		"turing.go",
		"ken/chan.go",
		"ken/cplx1.go",
		"ken/embed.go",
		"ken/string.go",
		"ken/divmod.go",
		"chan/fifo.go",
		"chan/select.go",
		"chan/sieve1.go",
		"chan/powser1.go",
		"chan/nonblock.go",
		"interface/embed.go",
		"interface/returntype.go",
		"interface/convert.go",
		"typeparam/list.go",
		"typeparam/orderedmap.go",
		"typeparam/graph.go",
		"typeparam/dictionaryCapture.go",
		"typeparam/lockable.go",
		"typeparam/sets.go",
		"typeparam/typeswitch1.go",
	}
}

// goroot returns $(go env GOROOT), skipping t if its test directory is
// missing.
func goroot(t *testing.T) string {
	t.Helper()
	root, err := GoEnv("go", "GOROOT")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, "test")); err != nil {
		t.Skipf("GOROOT/test not present: %v", err)
	}
	return root
}

// harnessEnv returns the environment additions of Go's harness.
func harnessEnv(t *testing.T) []string {
	t.Helper()
	env, err := HarnessEnv(t.Context(), "go", t.TempDir())
	require.NoError(t, err)
	return env
}

// buildEvaluator builds cmcheck into a temporary directory.
func buildEvaluator(t *testing.T, env []string) Evaluator {
	t.Helper()
	timeout := evaluatorTimeout
	if s := os.Getenv(envTimeout); s != "" {
		var err error
		timeout, err = time.ParseDuration(s)
		require.NoError(t, err, "%s", envTimeout)
	}
	root, err := ModuleRoot(".")
	require.NoError(t, err)
	bin, err := BuildEvaluator(t.Context(), "go", root, t.TempDir())
	require.NoError(t, err)
	return Evaluator{Bin: bin, Args: evaluatorArgs(), Timeout: timeout, Env: env}
}

func TestConformanceSample(t *testing.T) {
	all, err := Discover(goroot(t), Dirs())
	require.NoError(t, err)
	byID := map[string]Case{}
	for _, c := range all {
		byID[c.ID()] = c
	}
	var cases []Case
	for _, id := range sampleCases() {
		c, ok := byID[id]
		require.True(t, ok, "sample program %s is not a `// run` program of GOROOT/test", id)
		require.Empty(t, c.NotApplicable, "sample program %s", id)
		cases = append(cases, c)
	}
	r := Runner{Evaluator: buildEvaluator(t, nil)}
	outcomes, err := r.Run(t.Context(), cases)
	require.NoError(t, err)
	var regressions []string
	for _, o := range outcomes {
		if o.Class != Pass {
			regressions = append(regressions, fmt.Sprintf("%s: %s: %s", o.Case.ID(), o.Class, o.Reason))
		}
	}
	require.Empty(t, regressions, "sample programs that no longer pass")
}

func TestConformanceFull(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if os.Getenv(envFull) != "1" {
		t.Skipf("set %s=1 to run the full conformance suite (takes minutes)", envFull)
	}
	minRate := 0.0
	if s := os.Getenv(envMin); s != "" {
		var err error
		minRate, err = strconv.ParseFloat(s, 64)
		require.NoError(t, err, "%s", envMin)
	}
	dirs := Dirs()
	if s := os.Getenv(envDirs); s != "" {
		dirs = strings.Split(s, ",")
	}
	root := goroot(t)
	cases, err := Discover(root, dirs)
	require.NoError(t, err)

	version, err := GoEnv("go", "GOVERSION")
	require.NoError(t, err)
	cacheDir := os.Getenv(envCache)
	if cacheDir == "" {
		cacheDir, err = DefaultCacheDir()
		require.NoError(t, err)
	}
	t.Logf("toolchain %s, results cached in %s", version, filepath.Join(cacheDir, version))
	env := harnessEnv(t)

	r := Runner{
		Toolchain: &Toolchain{
			GoTool:    "go",
			GoVersion: version,
			CacheDir:  cacheDir,
			Refresh:   os.Getenv(envRefresh) == "1",
			Timeout:   toolchainTimeout,
			Env:       env,
		},
		Evaluator: buildEvaluator(t, env),
		Progress: func(done, total int, o Outcome) {
			if done%50 == 0 || done == total {
				t.Logf("%d/%d done", done, total)
			}
		},
	}
	start := time.Now()
	outcomes, err := r.Run(t.Context(), cases)
	require.NoError(t, err)
	t.Logf("%d programs in %v", len(cases), time.Since(start).Round(time.Second))

	t.Logf("\n%s", FormatTable(Summarize(outcomes, dirs)))

	report := os.Getenv(envReport)
	if report == "" {
		report = filepath.Join(t.TempDir(), "conformance-report.txt")
	}
	f, err := os.Create(report)
	require.NoError(t, err)
	require.NoError(t, WriteReport(f, outcomes))
	require.NoError(t, f.Close())
	t.Logf("report written to %s", report)

	var sb strings.Builder
	for _, g := range GroupReasons(outcomes, Crash, Unsupported, Timeout) {
		ex := g.Cases[:min(3, len(g.Cases))]
		fmt.Fprintf(&sb, "%4d %-11s %s (e.g. %s)\n", len(g.Cases), g.Class, g.Reason, strings.Join(ex, ", "))
	}
	t.Logf("failures by reason:\n%s", sb.String())

	var crashes []string
	for _, o := range outcomes {
		if o.Class == Crash {
			crashes = append(crashes, o.Case.ID()+": "+o.Reason)
		}
	}
	require.Zero(t, len(crashes), "programs that crash cmcheck:\n%s", strings.Join(crashes, "\n"))

	core := Count("core", outcomes, ".", "ken", "interface", "typeparam")
	t.Logf("pass rate on ., ken, interface, typeparam: %.1f%% (%d/%d), minimum %.1f%%",
		core.PassRate(), core.Counts[Pass], core.Eligible(), minRate)
	require.GreaterOrEqual(t, core.PassRate(), minRate, "pass rate on ., ken, interface, typeparam")
}

func TestDiscover(t *testing.T) {
	cases, err := Discover(goroot(t), []string{".", "ken"})
	require.NoError(t, err)
	require.NotEmpty(t, cases)
	seen := map[string]bool{}
	for _, c := range cases {
		require.False(t, seen[c.ID()], "duplicate %s", c.ID())
		seen[c.ID()] = true
		src, err := os.ReadFile(c.Path())
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(string(src), "// run\n"), c.ID())
		require.Contains(t, []string{".", "ken"}, c.Dir)
	}
	require.True(t, seen["helloworld.go"])
	require.True(t, seen["ken/chan.go"])
	for _, c := range cases {
		if c.ID() == "helloworld.go" {
			require.True(t, c.HasOutFile)
			require.Equal(t, "hello, world\n", c.WantOutput)
			require.Equal(t, RunResult{Output: "hello, world\n"}, c.Expected())
		}
	}
}

func TestExcludedBy(t *testing.T) {
	src := func(lines ...string) string {
		return "// run\n\n" + strings.Join(lines, "\n") + "\n\npackage main\n\n//go:build never\n"
	}
	require.Empty(t, excludedBy(src("//go:build linux && amd64"), "linux", "amd64"))
	require.Empty(t, excludedBy(src("//go:build !wasm && gc"), "linux", "amd64"))
	require.Empty(t, excludedBy(src("// +build !windows"), "linux", "amd64"))
	require.Empty(t, excludedBy(src("//go:build go1.4"), "linux", "amd64"))
	require.Equal(t, "//go:build arm64", excludedBy(src("//go:build arm64"), "linux", "amd64"))
	require.Equal(t, "//go:build gccgo", excludedBy(src("//go:build gccgo"), "linux", "amd64"))
	require.Equal(t, "// +build windows", excludedBy(src("// +build windows"), "linux", "amd64"))
}

func TestClassifyEvaluator(t *testing.T) {
	ok := RunResult{Output: "hello\n"}
	tests := []struct {
		name       string
		want, got  RunResult
		class      Class
		reasonPart string
	}{
		{"same", ok, RunResult{Output: "hello\n"}, Pass, ""},
		{"other output", ok, RunResult{Output: "hello\nbye\n"}, Mismatch, `line 2: got "bye", want <EOF>`},
		{"missing newline", ok, RunResult{Output: "hello"}, Mismatch, "line 1"},
		{"exit status", ok, RunResult{ExitCode: 2, Output: "hello\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n"},
			Mismatch, "exit status 2, want 0"},
		{"unsupported", ok, RunResult{ExitCode: 1, Output: "hello\ncmcheck: /x/y.go:3:4: unsupported: call of fmt.Sprint, which has no Go body\n"},
			Unsupported, "call of fmt.Sprint, which has no Go body"},
		{"program says unsupported", RunResult{Output: "unsupported: x\n"}, RunResult{Output: "unsupported: x\n"}, Pass, ""},
		{"internal error", ok, RunResult{ExitCode: 1, Output: "cmcheck: y.go:1:2: internal error: bad thing\n"},
			Crash, "internal error: bad thing at y.go:1:2"},
		{"internal error with stack", ok, RunResult{ExitCode: 1, Output: "cmcheck: y.go:1:2: internal error: runtime error: index out of range [3] with length 3\n" +
			"goroutine 1 [running]:\nruntime/debug.Stack()\n\t/go/src/runtime/debug/stack.go:26 +0x5e\n" +
			"github.com/cmcheck/cmcheck/model.(*State).Step.func1()\n\t/m/model/exec.go:68 +0x1\n" +
			"panic({0x1, 0x2})\n\t/go/src/runtime/panic.go:1 +0x1\n" +
			"runtime.goPanicIndex(0x3, 0x3)\n\t/go/src/runtime/panic.go:2 +0x1\n" +
			"github.com/cmcheck/cmcheck/model.(*State).call(0xc0000, 0x1)\n\t/m/model/exec.go:99 +0x1\n"},
			Crash, "internal error: runtime error: index out of range [3] with length 3 [in model.(*State).call] at y.go:1:2"},
		{"cmcheck panic", ok, RunResult{ExitCode: 2, Output: "panic: oops\n\ngoroutine 1 [running]:\n" +
			"github.com/cmcheck/cmcheck/model.newThing(...)\n\t/m/model/x.go:1\nmain.main()\n\t/m/cmd/cmcheck/main.go:10\n"},
			Crash, "panic: oops [in model.newThing]"},
		{"program panic", ok, RunResult{ExitCode: 2, Output: "panic: oops\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/y.go:3\n"},
			Mismatch, "exit status 2"},
		{"step limit", ok, RunResult{ExitCode: 1, Output: "cmcheck: step limit 10 reached\n"}, Timeout, "cmcheck: step limit 10 reached"},
		{"spin limit", ok, RunResult{ExitCode: 1, Output: "cmcheck: /x/y.go:3:4: goroutine 1 ran 9 instructions without a visible operation (a spin loop?)\n"},
			Timeout, "cmcheck: goroutine 1 ran 9 instructions without a visible operation"},
		{"load error", ok, RunResult{ExitCode: 1, Output: "y.go:1:2: undefined: x\n"}, Mismatch, `exit status 1, want 0; line 1: got "y.go:1:2: undefined: x", want "hello"`},
		{"cmcheck failure", ok, RunResult{ExitCode: 1, Output: "hello\ncmcheck: /x/y.go:3:4: deadlock detector confused\n"}, Mismatch,
			"exit status 1, want 0; cmcheck: deadlock detector confused"},
		{"timeout", ok, RunResult{ExitCode: -1, TimedOut: true, Err: "killed after 20s"}, Timeout, "killed"},
		{"signal", ok, RunResult{ExitCode: -1, Err: "signal: killed"}, Crash, "signal: killed"},
		{"same panic", RunResult{ExitCode: 2, Output: "x\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/a.go:1\nexit status 2\n"},
			RunResult{ExitCode: 2, Output: "x\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/b.go:7\n"}, Pass, ""},
		{"other panic", RunResult{ExitCode: 2, Output: "panic: boom\n"}, RunResult{ExitCode: 2, Output: "panic: bang\n"},
			Mismatch, `panic line: got "panic: bang", want "panic: boom"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			class, reason := ClassifyEvaluator(tt.want, tt.got)
			require.Equal(t, tt.class, class, reason)
			require.Contains(t, reason, tt.reasonPart)
		})
	}
}

func TestRunCommandTimeout(t *testing.T) {
	res := runCommand(context.Background(), t.TempDir(), 200*time.Millisecond, nil, "sh", "-c", "echo hi; sleep 10 & wait")
	require.True(t, res.TimedOut)
	require.Equal(t, -1, res.ExitCode)
	require.Equal(t, "hi\n", res.Output)
	require.Less(t, res.Duration, 5*time.Second)

	res = runCommand(context.Background(), t.TempDir(), 10*time.Second, nil, "sh", "-c", "echo out; echo err >&2; exit 3")
	require.False(t, res.TimedOut)
	require.Equal(t, 3, res.ExitCode)
	require.Equal(t, "out\nerr\n", res.Output)
}

func TestToolchainCache(t *testing.T) {
	dir := t.TempDir()
	testDir := filepath.Join(dir, "test")
	require.NoError(t, os.MkdirAll(testDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(testDir, "x.go"), []byte("// run\n\npackage main\n\nfunc main() { println(\"hi\") }\n"), 0o644))
	cases, err := Discover(dir, []string{"."})
	require.NoError(t, err)
	require.Len(t, cases, 1)
	c := cases[0]

	// A fake go command that counts its runs.
	fake := filepath.Join(dir, "fakego")
	count := filepath.Join(dir, "count")
	require.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\necho run >> "+count+"\necho hi >&2\n"), 0o755))
	tc := &Toolchain{GoTool: fake, GoVersion: "go1.test", CacheDir: filepath.Join(dir, "cache"), Timeout: 10 * time.Second}
	runs := func() int {
		data, _ := os.ReadFile(count)
		return strings.Count(string(data), "run")
	}

	res, cached, err := tc.Run(t.Context(), c)
	require.NoError(t, err)
	require.False(t, cached)
	require.Equal(t, RunResult{Output: "hi\n", Duration: res.Duration}, res)
	require.FileExists(t, filepath.Join(dir, "cache", "go1.test", "top", "x.go.json"))

	res2, cached, err := tc.Run(t.Context(), c)
	require.NoError(t, err)
	require.True(t, cached)
	require.Equal(t, res, res2)
	require.Equal(t, 1, runs())

	c.Hash = "other" // the file changed
	_, cached, err = tc.Run(t.Context(), c)
	require.NoError(t, err)
	require.False(t, cached)
	require.Equal(t, 2, runs())

	tc.Refresh = true
	_, cached, err = tc.Run(t.Context(), c)
	require.NoError(t, err)
	require.False(t, cached)
	require.Equal(t, 3, runs())
}
