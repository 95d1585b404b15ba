package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and the expected output in script tests")

// cmcheckBin is the cmcheck binary built once by TestMain; goroot is the
// GOROOT of the go command, whose paths are normalised in outputs.
type testEnv struct {
	bin    string
	goroot string
}

// env0 is set once by TestMain and only read afterwards.
var env0 testEnv

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "cmcheck-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "cmcheck")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "building cmcheck: %v\n", err)
		return 1
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go env GOROOT: %v\n", err)
		return 1
	}
	env0 = testEnv{bin: bin, goroot: strings.TrimSpace(string(out))}
	return m.Run()
}

// result is the outcome of running a command.
type result struct {
	stdout, stderr string
	status         int
}

// runCmd runs the command in dir with extra environment variables.
func runCmd(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	status := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running %s %v: %v", name, args, err)
		}
		status = ee.ExitCode()
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), status: status}
}

var (
	// cmcheck's version: "devel" with the VCS revision, or the
	// pseudo-version go build stamps from a clean checkout (it does
	// with GOFLAGS set, for one).
	versionRE   = regexp.MustCompile(`devel(-[0-9a-f]{12}(\+dirty)?)?|v0\.0\.0-[0-9]{14}-[0-9a-f]{12}(\+dirty)?`)
	goVersionRE = regexp.MustCompile(`go1\.[0-9]+(\.[0-9]+)?([a-z]+[0-9]+)?( X:[a-z,]+)?`)
	statsRE     = regexp.MustCompile(`"(executions|transitions|maxDepth|wallTimeNs|peakHeapBytes|states|cacheHits|deadlockStates|cacheBytes|omissionProbability)": ?[0-9.e+-]+`)
)

// normalise removes what changes from machine to machine and run to run:
// the working directory, GOROOT, cmcheck's and Go's versions, and the
// exploration statistics of JSON output (they change with the explorer;
// the text format shows none without -stats).
func normalise(s, dir string) string {
	if dir != "" {
		s = strings.ReplaceAll(s, dir, "$DIR")
	}
	s = strings.ReplaceAll(s, env0.goroot, "$GOROOT")
	s = versionRE.ReplaceAllString(s, "$$VERSION")
	s = goVersionRE.ReplaceAllString(s, "$$GOVERSION")
	s = statsRE.ReplaceAllStringFunc(s, func(m string) string {
		return m[:strings.IndexByte(m, ':')+1] + " 0"
	})
	return s
}
