package difftest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
)

// A Batch is a set of programs written to one temporary module: each
// program as its own package main under check/ for cmcheck, and all of
// them together in the real binaries, which dispatch on their first
// argument, so that the toolchain builds and links once per batch rather
// than once per program.
//
//	go.mod
//	check/p0001/main.go  ...  the SourceCheck variant of each program
//	checkgs/p0001/main.go ... the SourceCheckGosched variant
//	real/p0001.go        ...  the Real variant, plus main.go and watchdog_race.go
//	realgs/p0001.go      ...  the RealGosched variant, same extra files
//	bin/race/{real,realgs}    built with -race
//	bin/plain/{real,realgs}   built without
type Batch struct {
	Dir   string
	Progs []*Program
}

// Module is the module path of a batch.
const Module = "difftest"

// Config is one way of running the real binary.
type Config struct {
	Race    bool // the -race build
	Gosched bool // the RealGosched variant
	Procs   int  // GOMAXPROCS
}

func (c Config) String() string {
	s := "plain"
	if c.Race {
		s = "race"
	}
	if c.Gosched {
		s += "+gosched"
	}
	return fmt.Sprintf("%s/%d", s, c.Procs)
}

// Schedule returns the configurations of n runs of p. Race-detector
// runs cost ten times more than plain ones (the race runtime's start-up),
// so one run in six uses the race build, one in three for programs with
// unprotected shared accesses; all cycle through GOMAXPROCS 1, 2 and 4,
// with and without the Gosched variant.
func Schedule(p *Program, n int) []Config {
	every := 6
	if p.MayRace() {
		every = 3
	}
	var cs []Config
	var plain, race int
	for k := range n {
		if k%every == 0 {
			cs = append(cs, Config{Race: true, Gosched: race/3%2 == 1, Procs: []int{1, 2, 4}[race%3]})
			race++
			continue
		}
		cs = append(cs, Config{Gosched: plain/3%2 == 1, Procs: []int{1, 2, 4}[plain%3]})
		plain++
	}
	return cs
}

// WriteBatch writes progs to dir (which must exist).
func WriteBatch(dir string, progs []*Program) (*Batch, error) {
	b := &Batch{Dir: dir, Progs: progs}
	files := map[string][]byte{
		"go.mod": []byte("module " + Module + "\n\ngo 1.26\n"),
	}
	var cases bytes.Buffer
	for _, p := range progs {
		check, err := formatSame(p.Source(SourceCheck))
		if err != nil {
			return nil, fmt.Errorf("%s (seed %d): %w", p.Name, p.Seed, err)
		}
		real, err := formatSame(p.Source(SourceReal))
		if err != nil {
			return nil, fmt.Errorf("%s (seed %d): %w", p.Name, p.Seed, err)
		}
		files[filepath.Join("check", p.Name, "main.go")] = check
		files[filepath.Join("checkgs", p.Name, "main.go")] = p.Source(SourceCheckGosched)
		files[filepath.Join("real", p.Name+".go")] = real
		files[filepath.Join("realgs", p.Name+".go")] = p.Source(SourceGosched)
		fmt.Fprintf(&cases, "\tcase %q:\n\t\t%s_main()\n", p.Name, p.Name)
	}
	dispatch := fmt.Appendf(nil, dispatchSrc, cases.String())
	for _, d := range []string{"real", "realgs"} {
		files[filepath.Join(d, "main.go")] = dispatch
		files[filepath.Join(d, "watchdog_race.go")] = []byte(watchdogSrc)
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// formatSame gofmts src and checks that no line moved: positions in the
// variants must agree.
func formatSame(src []byte) ([]byte, error) {
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("generated program does not parse: %v\n%s", err, src)
	}
	if bytes.Count(out, []byte("\n")) != bytes.Count(src, []byte("\n")) {
		return nil, fmt.Errorf("gofmt moved lines of the generated program:\n%s", src)
	}
	return out, nil
}

const dispatchSrc = `package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: real PROGRAM")
		os.Exit(100)
	}
	switch os.Args[1] {
%s	default:
		fmt.Fprintln(os.Stderr, "unknown program", os.Args[1])
		os.Exit(100)
	}
}
`

// watchdogSrc detects global deadlocks in the race build. The race
// detector's runtime does not: a deadlocked -race binary hangs instead of
// dying with "all goroutines are asleep". The watchdog looks at every
// goroutine's status a few times a millisecond and, when all of them but
// itself are blocked on a channel or sync primitive (nothing else can
// wake them up: the programs use no timers or I/O), fails as the runtime
// does.
const watchdogSrc = `//go:build race

package main

import (
	"bytes"
	"os"
	"runtime"
	"time"
)

func init() { go watchdog() }

func watchdog() {
	buf := make([]byte, 1<<20)
	quiet := 0
	for {
		time.Sleep(2 * time.Millisecond)
		n := runtime.Stack(buf, true)
		if allBlocked(buf[:n]) {
			quiet++
		} else {
			quiet = 0
		}
		if quiet >= 3 {
			os.Stderr.WriteString("fatal error: all goroutines are asleep - deadlock!\n")
			os.Exit(2)
		}
	}
}

// allBlocked reports whether every goroutine of the dump but the first
// (the caller) waits for another goroutine.
func allBlocked(dump []byte) bool {
	for i, g := range bytes.Split(dump, []byte("\n\n")) {
		if i == 0 {
			continue
		}
		line, _, _ := bytes.Cut(g, []byte("\n"))
		_, status, ok := bytes.Cut(line, []byte(" ["))
		if !ok {
			return false
		}
		if j := bytes.IndexAny(status, ",]"); j >= 0 {
			status = status[:j]
		}
		switch string(status) {
		case "chan send", "chan receive", "select", "select (no cases)",
			"chan send (nil chan)", "chan receive (nil chan)",
			"sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock",
			"sync.WaitGroup.Wait", "sync.Cond.Wait", "semacquire":
		default:
			return false
		}
	}
	return true
}
`

// Build builds the four real binaries.
func (b *Batch) Build(ctx context.Context) error {
	for _, race := range []bool{false, true} {
		args := []string{"build", "-o", b.binDir(race) + string(filepath.Separator)}
		if race {
			args = append(args, "-race")
		}
		args = append(args, "./real", "./realgs")
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = b.Dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return nil
}

func (b *Batch) binDir(race bool) string {
	if race {
		return filepath.Join(b.Dir, "bin", "race")
	}
	return filepath.Join(b.Dir, "bin", "plain")
}

func (b *Batch) bin(c Config) string {
	name := "real"
	if c.Gosched {
		name = "realgs"
	}
	return filepath.Join(b.binDir(c.Race), name)
}

// A RealRun is one run of a program under the real runtime.
type RealRun struct {
	Config  Config
	Outcome explorer.Outcome // Stderr is the program's own: race reports and the crash report removed
	// Race says the race detector reported at least one data race.
	Race  bool
	Races []RaceReport
	Hang  bool // killed after the run timeout
	Raw   string
}

// A RaceReport is a race the race detector reported.
type RaceReport struct {
	// Lines are the source lines of the two accesses (in the Check
	// variant's numbering), smaller line first; zero if an access is not
	// in the program's file.
	Lines [2]int
	// Chan says that the accesses are channel operations: the race
	// detector reports a close unordered with a send on the same
	// channel (runtime.closechan and runtime.chansend or selectgo) as a
	// data race.
	Chan bool
}

func (r RaceReport) String() string {
	s := fmt.Sprintf("%d-%d", r.Lines[0], r.Lines[1])
	if r.Chan {
		s += "(chan)"
	}
	return s
}

// RunTimeout bounds one real run. Programs end in milliseconds; a hang is
// a harness problem (an undetected deadlock).
const RunTimeout = 3 * time.Second

// Run runs program p once in configuration c.
func (b *Batch) Run(ctx context.Context, p *Program, c Config) (RealRun, error) {
	return runBinary(ctx, b.bin(c), []string{p.Name}, p.Name+".go", c)
}

// runBinary runs bin with args in configuration c (c.Race and c.Gosched
// only say which binary bin is) and parses what it printed; file is the
// base name of the program's source file, where race reports are read.
func runBinary(ctx context.Context, bin string, args []string, file string, c Config) (RealRun, error) {
	ctx, cancel := context.WithTimeout(ctx, RunTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(),
		"GOMAXPROCS="+strconv.Itoa(c.Procs),
		// The race runtime sleeps a second before exiting unless told
		// not to.
		"GORACE=atexit_sleep_ms=0",
		"GOTRACEBACK=single",
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return RealRun{}, err
		}
		code = ee.ExitCode()
	}
	if ctx.Err() != nil {
		return RealRun{Config: c, Hang: true, Raw: stdout.String() + stderr.String()}, nil
	}
	if code == 100 && strings.Contains(stderr.String(), "unknown program") {
		return RealRun{}, fmt.Errorf("%s %s: %s", bin, strings.Join(args, " "), stderr.String())
	}
	r := parseRun(file, stdout.String(), stderr.String(), code)
	r.Config = c
	return r, nil
}

var raceHeader = "WARNING: DATA RACE\n"

// raceSep is the line around each race report.
const raceSep = "=================="

// parseRun turns what a real run printed into an outcome; file is the
// base name of the program's source file.
func parseRun(file, stdout, stderr string, code int) RealRun {
	r := RealRun{Raw: stderr}
	r.Outcome.Stdout = stdout
	rest, races := splitRaces(stderr)
	if len(races) > 0 {
		r.Race = true
		for _, rep := range races {
			r.Races = append(r.Races, parseRace(file, rep))
		}
	}
	if strings.Contains(rest, raceSep) {
		// What is left of a race report cut short by the end of the
		// program, or interleaved with the crash report: a race run
		// whose race is not known.
		r.Race = true
	}
	lines := strings.SplitAfter(rest, "\n")
	for i, l := range lines {
		msg, isPanic := strings.CutPrefix(l, "panic: ")
		fmsg, isFatal := strings.CutPrefix(l, "fatal error: ")
		if !isPanic && !isFatal {
			continue
		}
		if code != 2 {
			// A crash report cut short by the exit of another goroutine
			// (main returning, os.Exit): the crash began, but the program
			// ended by that exit first, as when the other goroutine exits
			// before the crash. The exit is the outcome.
			rest = strings.Join(lines[:i], "")
			break
		}
		r.Outcome.Stderr = strings.Join(lines[:i], "")
		switch {
		case isPanic:
			msg = strings.TrimSuffix(msg, "\n")
			// Panics raised while panicking follow, one a line, as
			// cmcheck's message has them.
			for _, l := range lines[i+1:] {
				if !strings.HasPrefix(l, "\tpanic: ") {
					break
				}
				msg += "\n" + strings.TrimSuffix(l, "\n")
			}
			r.Outcome.End, r.Outcome.Message = "panic", msg
		case strings.TrimSuffix(fmsg, "\n") == "all goroutines are asleep - deadlock!":
			r.Outcome.End = "deadlock"
		default:
			r.Outcome.End, r.Outcome.Message = "fatal", strings.TrimSuffix(fmsg, "\n")
		}
		return r
	}
	r.Outcome.Stderr = rest
	if r.Race && code == 66 {
		code = 0 // the race detector's exit status replaces 0
	}
	r.Outcome.End = fmt.Sprintf("exit %d", code)
	return r
}

// splitRaces removes the race detector's reports from stderr.
func splitRaces(stderr string) (rest string, reports []string) {
	const sep = raceSep + "\n"
	for {
		i := strings.Index(stderr, sep+raceHeader)
		if i < 0 {
			break
		}
		j := strings.Index(stderr[i+len(sep):], sep)
		if j < 0 {
			reports = append(reports, stderr[i:])
			stderr = stderr[:i]
			break
		}
		end := i + len(sep) + j + len(sep)
		reports = append(reports, stderr[i:end])
		stderr = stderr[:i] + stderr[end:]
	}
	// "Found N data race(s)" is printed at exit.
	if k := strings.Index(stderr, "Found "); k >= 0 && len(reports) > 0 {
		if e := strings.Index(stderr[k:], "data race(s)\n"); e >= 0 {
			stderr = stderr[:k] + stderr[k+e+len("data race(s)\n"):]
		}
	}
	return stderr, reports
}

var accessRE = regexp.MustCompile(`(?m)^(?:Previous )?(?:[Aa]tomic )?(?:[Rr]ead|[Ww]rite) at `)
var frameRE = regexp.MustCompile(`(?m)^\s+(\S+\.go):(\d+)`)

// parseRace reads the lines of the two accesses of a race report, in the
// program's own file, and whether they are channel operations.
func parseRace(file, report string) RaceReport {
	var rr RaceReport
	locs := accessRE.FindAllStringIndex(report, -1)
	if len(locs) < 2 {
		return rr
	}
	var lines []int
	chans := 0
	for i, loc := range locs[:2] {
		end := len(report)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		section := report[loc[1]:end]
		if k := strings.Index(section, "\n\n"); k >= 0 {
			section = section[:k]
		}
		if chanOpRE.MatchString(section) {
			chans++
		}
		for _, m := range frameRE.FindAllStringSubmatch(section, -1) {
			if filepath.Base(m[1]) == file {
				n, _ := strconv.Atoi(m[2])
				lines = append(lines, n)
				break
			}
		}
	}
	rr.Chan = chans == 2
	if len(lines) == 2 {
		sort.Ints(lines)
		rr.Lines = [2]int{lines[0], lines[1]}
	}
	return rr
}

// chanOpRE matches the top frame of an access made by the runtime's
// channel code.
var chanOpRE = regexp.MustCompile(`^[^\n]*\n\s+runtime\.(closechan|chansend|chanrecv|selectgo)\(`)
