package main

import (
	"context"
	"embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The Promela models of the benchmark programs that SPIN figures are
// quoted for; their constants are set with -D, as the Go programs' are.
//
//go:embed promela/*.pml
var promela embed.FS

// SpinResult is a SPIN run of a row's Promela model on this machine.
type SpinResult struct {
	States int           `json:"states"`           // states, stored
	Errors int           `json:"errors"`           // invalid end states and assertion violations (pan -c0 counts them all)
	Time   time.Duration `json:"time_ns"`          // pan's elapsed time (search only)
	Build  time.Duration `json:"build_ns"`         // spin -a and gcc
	Error  string        `json:"error,omitempty"`  // why there is no result
	Output string        `json:"output,omitempty"` // pan's output, when it could not be parsed
}

func hasPromela(program string) bool {
	_, err := promela.ReadFile("promela/" + program + ".pml")
	return err == nil
}

var (
	panStored  = regexp.MustCompile(`(\d+) states, stored`)
	panErrors  = regexp.MustCompile(`errors: (\d+)`)
	panElapsed = regexp.MustCompile(`pan: elapsed time ([0-9.e+-]+) seconds`)
)

// runSpin verifies the row's Promela model: spin -a, gcc -O2 (partial-order
// reduction on, as SPIN's default), pan -m100000 -c0 (-c0: do not stop at
// the first error, so the whole state space is counted and every invalid
// end state too).
func runSpin(ctx context.Context, c Case) *SpinResult {
	r := &SpinResult{}
	src, err := promela.ReadFile("promela/" + c.Program + ".pml")
	if err != nil {
		r.Error = "no Promela model"
		return r
	}
	dir, err := os.MkdirTemp("", "cmcheck-bench-spin-")
	if err != nil {
		r.Error = err.Error()
		return r
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "model.pml"), src, 0o644); err != nil {
		r.Error = err.Error()
		return r
	}
	run := func(name string, args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			return string(out), fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(lastLines(string(out), 5)))
		}
		return string(out), nil
	}
	args := []string{"-a"}
	for _, p := range c.Params {
		args = append(args, fmt.Sprintf("-D%s=%d", p.Name, p.Value))
	}
	start := time.Now()
	if _, err := run("spin", append(args, "model.pml")...); err != nil {
		r.Error = err.Error()
		return r
	}
	if _, err := run("gcc", "-O2", "-o", "pan", "pan.c"); err != nil {
		r.Error = err.Error()
		return r
	}
	r.Build = time.Since(start)
	out, err := run("./pan", "-m100000", "-c0")
	if err != nil {
		r.Error = err.Error()
		return r
	}
	sm, em, tm := panStored.FindStringSubmatch(out), panErrors.FindStringSubmatch(out), panElapsed.FindStringSubmatch(out)
	if sm == nil || em == nil || tm == nil {
		r.Error = "cannot parse pan's output"
		r.Output = out
		return r
	}
	r.States, _ = strconv.Atoi(sm[1])
	r.Errors, _ = strconv.Atoi(em[1])
	secs, _ := strconv.ParseFloat(tm[1], 64)
	r.Time = seconds(secs)
	if strings.Contains(out, "max search depth too small") {
		r.Error = "search depth bound (-m100000) reached"
	}
	return r
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// spinAvailable says whether spin and gcc are on PATH.
func spinAvailable() error {
	for _, tool := range []string{"spin", "gcc"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found (apt-get install -y spin gcc)", tool)
		}
	}
	return nil
}
