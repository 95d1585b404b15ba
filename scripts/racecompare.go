//go:build ignore

// racecompare runs Go's race detector and cmcheck on every package of the
// corpus and prints a Markdown table comparing what each of them finds.
// Run it through scripts/racecompare.sh, or directly from the repository
// root:
//
//	go run scripts/racecompare.go -cmcheck /tmp/cmcheck [-j 2] [-count 100] [-only REGEXP]
//
// For a package with tests it builds the test binary with -race and runs it
// once with -test.count=COUNT -test.timeout=TIMEOUT -test.v, so every
// iteration can be told apart in the output. For a package main without
// tests it builds the program with -race and runs it COUNT times (each run
// with its own RUNTIMEOUT). Packages whose only entry points are
// //cmcheck:entry functions have nothing the race detector can run: n/a.
//
// Outcomes seen in the runs map onto cmcheck's finding kinds as follows:
// "WARNING: DATA RACE" is a data-race; a test that hit its -timeout, or a
// program that hung or died with "all goroutines are asleep", is a deadlock;
// a panic or fatal error (other than the timeout's own panic and the
// deadlock) is a panic; a failed test iteration with no race report in it is
// a test-failure. leak, atomicity and lost-message have no observable
// counterpart in a plain run.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	corpusFlag  = flag.String("corpus", "testdata/corpus", "corpus module directory")
	cmcheckFlag = flag.String("cmcheck", "", "cmcheck binary (required)")
	jobsFlag    = flag.Int("j", 2, "packages processed at once")
	countFlag   = flag.Int("count", 100, "runs per package under the race detector")
	timeoutFlag = flag.Duration("timeout", 120*time.Second, "go test -timeout for the COUNT runs of a test package")
	runTimeout  = flag.Duration("runtimeout", 10*time.Second, "timeout of one run of a main program")
	maxHangs    = flag.Int("maxhangs", 3, "stop running a main program after this many hung runs")
	onlyFlag    = flag.String("only", "", "only packages whose path matches this regexp")
	logsFlag    = flag.String("logs", "", "directory for the raw outputs (default: a new temporary directory)")
	quietFlag   = flag.Bool("q", false, "no progress lines on stderr")
)

// pkg is one corpus package and what was found in it.
type pkg struct {
	Rel        string // path relative to the corpus, e.g. nonblocking/race_map
	Dir        string
	Name       string
	Tests      bool
	Want       []string // expected kinds, from the // want comments
	Mechanism  string
	Race       raceResult
	Cmcheck    cmResult
	RaceErr    error
	CmcheckErr error
}

type raceResult struct {
	NA        bool // nothing to run (//cmcheck:entry package)
	Mode      string
	Runs      int  // runs (iterations) that completed or died
	Races     int  // runs with a race report (main) or race reports (tests)
	FirstRace int  // first run with a race report (1-based), 0 if none
	Failed    int  // failed runs without a race report (test failure / bad exit)
	Panics    int  // runs that panicked or died with a fatal error
	Deadlocks int  // runs that died with "all goroutines are asleep"
	Hangs     int  // runs that hit the timeout
	HangRun   int  // run that hung first
	Stopped   bool // main: stopped early after maxhangs hangs
	PanicMsg  string
	Log       string
	Elapsed   time.Duration
}

type cmResult struct {
	Kinds    map[string]int
	Verdicts []string
	Exit     int
	Log      string
	Elapsed  time.Duration
}

var (
	wantRE    = regexp.MustCompile(`//\s*want((?:\s+"[a-z-]+")+)`)
	wantKind  = regexp.MustCompile(`"([a-z-]+)"`)
	findingRE = regexp.MustCompile(`^\S+\.go:\d+:\d+: ([a-z-]+): `)
	verdictRE = regexp.MustCompile(`^\S+: (bug|verified|incomplete|unsupported)\b`)
	runRE     = regexp.MustCompile(`^=== RUN   (\S+)$`)
	endRE     = regexp.MustCompile(`^--- (PASS|FAIL|SKIP): (\S+) `)
)

func main() {
	flag.Parse()
	if *cmcheckFlag == "" {
		fmt.Fprintln(os.Stderr, "racecompare: -cmcheck is required")
		os.Exit(2)
	}
	cm, err := filepath.Abs(*cmcheckFlag)
	check(err)
	*cmcheckFlag = cm
	corpus, err := filepath.Abs(*corpusFlag)
	check(err)
	logs := *logsFlag
	if logs == "" {
		logs, err = os.MkdirTemp("", "racecompare-")
		check(err)
	}
	logs, err = filepath.Abs(logs)
	check(err)
	check(os.MkdirAll(filepath.Join(logs, "bin"), 0o755))

	pkgs, err := listPackages(corpus)
	check(err)
	if *onlyFlag != "" {
		re := regexp.MustCompile(*onlyFlag)
		var sel []*pkg
		for _, p := range pkgs {
			if re.MatchString(p.Rel) {
				sel = append(sel, p)
			}
		}
		pkgs = sel
	}
	progress("racecompare: %d packages, %d runs each, %d at a time; raw outputs in %s", len(pkgs), *countFlag, *jobsFlag, logs)

	start := time.Now()
	work := make(chan *pkg)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for i := 0; i < *jobsFlag; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				p.Race, p.RaceErr = runRace(corpus, logs, p)
				p.Cmcheck, p.CmcheckErr = runCmcheck(corpus, logs, p)
				mu.Lock()
				done++
				progress("[%d/%d] %-45s race: %-40s cmcheck: %s", done, len(pkgs), p.Rel, raceCell(p), cmCell(p))
				mu.Unlock()
			}
		}()
	}
	for _, p := range pkgs {
		work <- p
	}
	close(work)
	wg.Wait()
	progress("racecompare: done in %s", time.Since(start).Round(time.Second))

	printTable(os.Stdout, pkgs)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "racecompare:", err)
		os.Exit(1)
	}
}

func progress(format string, args ...any) {
	if !*quietFlag {
		fmt.Fprintf(os.Stderr, format+"\n", args...)
	}
}

// listPackages lists the corpus packages with go list, in path order.
func listPackages(corpus string) ([]*pkg, error) {
	cmd := exec.Command("go", "list", "-f", "{{.Dir}}\t{{.Name}}\t{{len .TestGoFiles}}\t{{len .XTestGoFiles}}", "./...")
	cmd.Dir = corpus
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v", err)
	}
	var pkgs []*pkg
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			continue
		}
		rel, err := filepath.Rel(corpus, f[0])
		if err != nil {
			return nil, err
		}
		p := &pkg{Rel: filepath.ToSlash(rel), Dir: f[0], Name: f[1], Tests: f[2] != "0" || f[3] != "0"}
		if p.Want, err = readWants(p.Dir); err != nil {
			return nil, err
		}
		p.Mechanism = mechanism(p.Rel)
		pkgs = append(pkgs, p)
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Rel < pkgs[j].Rel })
	return pkgs, nil
}

// readWants returns the distinct kinds of the // want comments in dir.
func readWants(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		for _, m := range wantRE.FindAllStringSubmatch(string(data), -1) {
			for _, k := range wantKind.FindAllStringSubmatch(m[1], -1) {
				set[k[1]] = true
			}
		}
	}
	return sortedKeys(set), nil
}

var mechanisms = map[string]string{
	"abba_cachestats":        "AB-BA: cache lock vs stats lock",
	"abba_transfer":          "AB-BA: opposite transfers",
	"chanctx_pipeline":       "chan+context: producer leaves without close",
	"chanctx_server":         "chan+context: send to a server that left",
	"chanlock_broadcast":     "chan+lock: send while holding the lock",
	"chanlock_recvlocked":    "chan+lock: receive while holding the lock",
	"chanwg_drain":           "chan+WaitGroup: Wait before draining",
	"chanwg_errc":            "chan+WaitGroup: error send blocks Done",
	"cond_lostwakeup":        "Cond: lost wake-up",
	"cond_nosignal":          "Cond: Wait with no Signal/Broadcast",
	"doublelock_callback":    "double lock through a callback",
	"doublelock_earlyreturn": "missing Unlock on early return",
	"doublelock_method":      "double lock through a method call",
	"range_notclosed":        "range over a channel nobody closes",
	"range_pipeline":         "range over an unclosed pipeline stage",
	"recv_nosender":          "receive with no sender",
	"rwr_helper":             "RWR: RLock, writer, RLock in a helper",
	"rwr_recursive":          "RWR: recursive RLock",
	"sendtimeout_after":      "send after the receiver timed out",
	"sendtimeout_buffered":   "buffered \"fix\": message never received",
	"sendtimeout_ctx":        "send after the receiver saw ctx.Done",
	"sendtimeout_error":      "send after the receiver returned an error",
	"wgmisuse_addcount":      "WaitGroup: Add with the wrong count",
	"wgmisuse_earlyreturn":   "WaitGroup: Done skipped on early return",
	"atomicity_bank":         "check-then-act: bank transfer",
	"atomicity_loadstore":    "atomic Load then Store (no race)",
	"atomicity_splitlock":    "check and act in two critical sections",
	"capture_index":          "loop variable capture (Go 1.21 for)",
	"capture_range":          "range variable capture (Go 1.21)",
	"chanmisuse_closenil":    "close of a nil channel",
	"chanmisuse_doubleclose": "close of a closed channel",
	"chanmisuse_sendclosed":  "send on a closed channel",
	"order_earlystart":       "order: goroutine started before init",
	"order_sleep":            "order: time.Sleep as synchronisation",
	"race_constructor":       "race: field set by constructor's goroutine",
	"race_map":               "race: map",
	"race_maplen":            "race: len of a map against delete",
	"race_plainvar":          "race: captured local variable",
	"race_slice":             "race: slice element",
	"race_structfield":       "race: struct field",
	"testmisuse_fatal":       "t.Fatalf from another goroutine",
	"testmisuse_helper":      "FailNow helper from another goroutine",
	"wgrace_closure":         "WaitGroup: Add inside the goroutine",
	"wgrace_loader":          "WaitGroup: Add inside the goroutine",
}

var prefixMechanisms = map[string]string{
	"abba": "AB-BA", "chanctx": "channel and context", "chanlock": "channel and lock",
	"chanwg": "channel and WaitGroup", "cond": "condition variable", "doublelock": "double locking",
	"range": "range over an open channel", "recv": "receive with no sender", "rwr": "RWR",
	"sendtimeout": "send with no receiver", "wgmisuse": "WaitGroup misuse", "atomicity": "non-atomic update",
	"capture": "closure capture", "chanmisuse": "channel misuse", "order": "order violation",
	"race": "data race", "testmisuse": "testing misuse", "wgrace": "WaitGroup race",
}

func mechanism(rel string) string {
	base := strings.TrimSuffix(filepath.Base(rel), "_fixed")
	m, ok := mechanisms[base]
	if !ok {
		m = prefixMechanisms[strings.SplitN(base, "_", 2)[0]]
	}
	if m == "" {
		m = "?"
	}
	if strings.HasSuffix(rel, "_fixed") {
		m = "fixed twin"
	}
	return m
}

func logName(logs, rel, suffix string) string {
	return filepath.Join(logs, strings.ReplaceAll(rel, "/", "__")+suffix)
}

// runRace runs the package under the race detector.
func runRace(corpus, logs string, p *pkg) (raceResult, error) {
	start := time.Now()
	var r raceResult
	var err error
	switch {
	case p.Tests:
		r, err = raceTest(corpus, logs, p)
	case p.Name == "main":
		r, err = raceMain(corpus, logs, p)
	default:
		r = raceResult{NA: true}
	}
	r.Elapsed = time.Since(start)
	return r, err
}

func build(corpus string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = corpus
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// raceTest builds the test binary with -race and runs COUNT iterations of
// its tests in one process, as go test -race -count=COUNT would, with -v so
// that the iterations can be told apart.
func raceTest(corpus, logs string, p *pkg) (raceResult, error) {
	r := raceResult{Mode: "go test", Log: logName(logs, p.Rel, ".race.log")}
	bin := logName(filepath.Join(logs, "bin"), p.Rel, ".test")
	if err := build(corpus, "test", "-race", "-c", "-o", bin, "./"+p.Rel); err != nil {
		return r, err
	}
	// The binary enforces -test.timeout itself; the context is a backstop.
	ctx, cancel := context.WithTimeout(context.Background(), *timeoutFlag+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.count="+strconv.Itoa(*countFlag), "-test.timeout="+timeoutFlag.String(), "-test.v=true")
	cmd.Dir = p.Dir
	out, _ := cmd.CombinedOutput()
	if err := os.WriteFile(r.Log, out, 0o644); err != nil {
		return r, err
	}
	if ctx.Err() != nil {
		r.Hangs++
	}
	parseTestOutput(out, &r)
	return r, nil
}

// parseTestOutput splits the -v output of a test binary into runs, one per
// top-level "=== RUN" (COUNT iterations of every test function), and
// classifies each.
func parseTestOutput(out []byte, r *raceResult) {
	type block struct {
		race, failed, ended bool
	}
	var blocks []*block
	var cur *block
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	tail := false // past the last test: the timeout or crash report
	for sc.Scan() {
		line := sc.Text()
		if m := runRE.FindStringSubmatch(line); m != nil && !strings.Contains(m[1], "/") {
			cur = &block{}
			blocks = append(blocks, cur)
			continue
		}
		if m := endRE.FindStringSubmatch(line); m != nil && !strings.Contains(m[2], "/") && cur != nil {
			cur.ended = true
			cur.failed = m[1] == "FAIL"
			continue
		}
		switch {
		case strings.HasPrefix(line, "WARNING: DATA RACE"):
			r.Races++
			if cur != nil {
				cur.race = true
			}
		case strings.HasPrefix(line, "panic: test timed out after"):
			r.Hangs = 1
			tail = true
		case strings.HasPrefix(line, "fatal error: all goroutines are asleep"):
			r.Deadlocks++
			tail = true
		case !tail && (strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ")):
			r.Panics++
			if r.PanicMsg == "" {
				r.PanicMsg = strings.TrimSpace(line)
			}
			tail = true
		}
	}
	r.Runs = len(blocks)
	for i, b := range blocks {
		if b.race && r.FirstRace == 0 {
			r.FirstRace = i + 1
		}
		if b.ended && b.failed && !b.race {
			r.Failed++
		}
	}
	if r.Hangs > 0 || r.Deadlocks > 0 || r.Panics > 0 {
		r.HangRun = len(blocks)
	}
	if r.Races > 0 && r.FirstRace == 0 {
		r.FirstRace = max(len(blocks), 1)
	}
}

// raceMain builds the program with -race and runs it COUNT times, as
// go run -race would, each run on its own timeout.
func raceMain(corpus, logs string, p *pkg) (raceResult, error) {
	r := raceResult{Mode: "go run", Log: logName(logs, p.Rel, ".race.log")}
	bin := logName(filepath.Join(logs, "bin"), p.Rel, ".bin")
	if err := build(corpus, "build", "-race", "-o", bin, "./"+p.Rel); err != nil {
		return r, err
	}
	f, err := os.Create(r.Log)
	if err != nil {
		return r, err
	}
	defer f.Close()
	for i := 1; i <= *countFlag; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), *runTimeout)
		cmd := exec.CommandContext(ctx, bin)
		cmd.Dir = p.Dir
		out, err := cmd.CombinedOutput()
		hung := ctx.Err() != nil
		cancel()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			return r, err
		}
		fmt.Fprintf(f, "### run %d: exit %d hung=%v\n%s", i, code, hung, out)
		r.Runs++
		s := string(out)
		race := strings.Contains(s, "WARNING: DATA RACE")
		if race {
			r.Races++
			if r.FirstRace == 0 {
				r.FirstRace = i
			}
		}
		switch {
		case hung:
			r.Hangs++
			if r.HangRun == 0 {
				r.HangRun = i
			}
		case strings.Contains(s, "fatal error: all goroutines are asleep"):
			r.Deadlocks++
		case strings.Contains(s, "\npanic: ") || strings.HasPrefix(s, "panic: ") || strings.Contains(s, "fatal error: "):
			r.Panics++
			if r.PanicMsg == "" {
				r.PanicMsg = firstLineWith(s, "panic: ", "fatal error: ")
			}
		case code != 0 && !(race && code == 66):
			r.Failed++
		}
		if r.Hangs >= *maxHangs {
			r.Stopped = i < *countFlag
			break
		}
	}
	return r, nil
}

func firstLineWith(s string, prefixes ...string) string {
	for _, line := range strings.Split(s, "\n") {
		for _, p := range prefixes {
			if strings.HasPrefix(line, p) {
				return strings.TrimSpace(line)
			}
		}
	}
	return ""
}

// runCmcheck runs cmcheck on the package and collects its findings' kinds.
func runCmcheck(corpus, logs string, p *pkg) (cmResult, error) {
	r := cmResult{Kinds: map[string]int{}, Log: logName(logs, p.Rel, ".cmcheck.log")}
	start := time.Now()
	cmd := exec.Command(*cmcheckFlag, "-C", corpus, "./"+p.Rel)
	out, err := cmd.CombinedOutput()
	r.Elapsed = time.Since(start)
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.Exit = ee.ExitCode()
	} else if err != nil {
		return r, err
	}
	if err := os.WriteFile(r.Log, out, 0o644); err != nil {
		return r, err
	}
	for _, line := range strings.Split(string(out), "\n") {
		if m := findingRE.FindStringSubmatch(line); m != nil {
			r.Kinds[m[1]]++
		} else if m := verdictRE.FindStringSubmatch(line); m != nil {
			r.Verdicts = append(r.Verdicts, m[1])
		}
	}
	if r.Exit != 0 && r.Exit != 3 {
		return r, fmt.Errorf("cmcheck exited %d (see %s)", r.Exit, r.Log)
	}
	return r, nil
}

// observed returns the finding kinds that the race-detector runs showed.
func observed(r raceResult) map[string]bool {
	k := map[string]bool{}
	if r.Races > 0 {
		k["data-race"] = true
	}
	if r.Hangs > 0 || r.Deadlocks > 0 {
		k["deadlock"] = true
	}
	if r.Panics > 0 {
		k["panic"] = true
	}
	if r.Failed > 0 {
		k["test-failure"] = true
	}
	return k
}

func raceCell(p *pkg) string {
	if p.RaceErr != nil {
		return "error: " + firstLine(p.RaceErr.Error())
	}
	r := p.Race
	if r.NA {
		return "n/a (//cmcheck:entry, no test)"
	}
	var parts []string
	if r.Races > 0 {
		if r.Mode == "go run" {
			parts = append(parts, fmt.Sprintf("**yes** (%d/%d runs)", r.Races, r.Runs))
		} else {
			parts = append(parts, fmt.Sprintf("**yes** (first in run %d)", r.FirstRace))
		}
	} else {
		parts = append(parts, fmt.Sprintf("no (%d %s)", r.Runs, plural(r.Runs, "run", "runs")))
	}
	if r.Failed > 0 {
		what := "test failed"
		if r.Mode == "go run" {
			what = "bad exit"
		}
		parts = append(parts, fmt.Sprintf("%s %d/%d", what, r.Failed, r.Runs))
	}
	if r.Panics > 0 {
		msg := strings.TrimPrefix(strings.TrimPrefix(r.PanicMsg, "panic: "), "fatal error: ")
		if i := strings.Index(msg, " [recovered"); i >= 0 {
			msg = msg[:i]
		}
		if r.Mode == "go run" {
			parts = append(parts, fmt.Sprintf("panic %d/%d (%s)", r.Panics, r.Runs, msg))
		} else {
			parts = append(parts, fmt.Sprintf("panic in run %d (%s)", r.HangRun, msg))
		}
	}
	if r.Deadlocks > 0 {
		if r.Mode == "go run" {
			parts = append(parts, fmt.Sprintf("fatal deadlock %d/%d", r.Deadlocks, r.Runs))
		} else {
			parts = append(parts, fmt.Sprintf("fatal deadlock in run %d", r.HangRun))
		}
	}
	if r.Hangs > 0 {
		if r.Mode == "go run" {
			s := fmt.Sprintf("timeout (deadlock) %d/%d", r.Hangs, r.Runs)
			if r.Stopped {
				s += ", stopped"
			}
			parts = append(parts, s)
		} else {
			parts = append(parts, fmt.Sprintf("timeout (deadlock) in run %d", r.HangRun))
		}
	}
	return strings.Join(parts, "; ")
}

func cmCell(p *pkg) string {
	if p.CmcheckErr != nil {
		return "error: " + firstLine(p.CmcheckErr.Error())
	}
	r := p.Cmcheck
	if len(r.Kinds) == 0 {
		v := "clean"
		for _, s := range r.Verdicts {
			if s != "verified" {
				v = s
			}
		}
		return v
	}
	var parts []string
	for _, k := range sortedKeys(r.Kinds) {
		if r.Kinds[k] > 1 {
			parts = append(parts, fmt.Sprintf("%s ×%d", k, r.Kinds[k]))
		} else {
			parts = append(parts, k)
		}
	}
	s := strings.Join(parts, ", ")
	for _, v := range r.Verdicts {
		if v == "incomplete" || v == "unsupported" {
			s += " (" + v + ")"
			break
		}
	}
	return s
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// diff returns the kinds in a and not in b.
func diff(a, b map[string]bool) []string {
	var d []string
	for _, k := range sortedKeys(a) {
		if a[k] && !b[k] {
			d = append(d, k)
		}
	}
	return d
}

func printTable(w io.Writer, pkgs []*pkg) {
	fmt.Fprintf(w, "| package | mechanism | expected | race detector (%d runs) | cmcheck | missed by -race, found by cmcheck | found by -race, missed by cmcheck |\n", *countFlag)
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- |")
	var problems []string
	for _, p := range pkgs {
		cm := map[string]bool{}
		for k := range p.Cmcheck.Kinds {
			cm[k] = true
		}
		var missedByRace, missedByCm string
		if !p.Race.NA && p.RaceErr == nil && p.CmcheckErr == nil {
			obs := observed(p.Race)
			missedByRace = strings.Join(diff(cm, obs), ", ")
			missedByCm = strings.Join(diff(obs, cm), ", ")
			if missedByCm != "" {
				problems = append(problems, fmt.Sprintf("%s: the -race runs showed %s, cmcheck did not report it", p.Rel, missedByCm))
				progress("racecompare: %s: -race showed %s, cmcheck did not (see %s and %s)", p.Rel, missedByCm, p.Race.Log, p.Cmcheck.Log)
				missedByCm = "**" + missedByCm + "**"
			}
		} else if p.Race.NA {
			missedByRace = "n/a"
		}
		want := map[string]bool{}
		for _, k := range p.Want {
			want[k] = true
		}
		cmc := cmCell(p)
		if p.CmcheckErr == nil {
			if miss := diff(want, cm); len(miss) > 0 {
				cmc += " — **missing " + strings.Join(miss, ", ") + "**"
				problems = append(problems, fmt.Sprintf("%s: cmcheck missed expected %s", p.Rel, strings.Join(miss, ", ")))
			}
			if extra := diff(cm, want); len(extra) > 0 {
				cmc += " — **unexpected " + strings.Join(extra, ", ") + "**"
				problems = append(problems, fmt.Sprintf("%s: cmcheck reported unexpected %s", p.Rel, strings.Join(extra, ", ")))
			}
		}
		wantCell := strings.Join(p.Want, ", ")
		if wantCell == "" {
			wantCell = "—"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", p.Rel, esc(p.Mechanism), wantCell, esc(raceCell(p)), esc(cmc), missedByRace, missedByCm)
	}
	if len(problems) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Discrepancies:")
		fmt.Fprintln(w)
		for _, s := range problems {
			fmt.Fprintln(w, "- "+s)
		}
	}
}

func esc(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
