package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// RunResult is the outcome of running a program once.
type RunResult struct {
	// ExitCode is the exit status, or -1 if the process did not exit
	// normally (killed by a signal, timed out, or not started).
	ExitCode int `json:"exit_code"`
	// Output is the combined stdout and stderr, in the order written
	// (both are the same pipe).
	Output string `json:"output"`
	// TimedOut reports that the run was killed at its time limit.
	TimedOut bool `json:"timed_out,omitempty"`
	// Err describes a failure to start the process, or the signal that
	// ended it.
	Err string `json:"err,omitempty"`
	// Duration is the wall-clock time of the run.
	Duration time.Duration `json:"duration"`
}

// runCommand runs name with args in dir, with the given environment
// additions, killing it (and its process group: `go run` starts the
// program as a child) after timeout.
func runCommand(ctx context.Context, dir string, timeout time.Duration, env []string, name string, args ...string) RunResult {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PWD="+dir)
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout = &out // the same writer for both: one pipe, exact order
	cmd.Stderr = &out
	killGroupOnCancel(cmd)
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	err := cmd.Run()
	res := RunResult{Output: out.String(), Duration: time.Since(start)}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		res.ExitCode, res.TimedOut = -1, true
		res.Err = fmt.Sprintf("killed after %v", timeout)
	case errors.As(err, &exitErr):
		res.ExitCode = exitErr.ExitCode()
		if res.ExitCode < 0 {
			res.Err = exitErr.String()
		}
	case err != nil:
		res.ExitCode, res.Err = -1, err.Error()
	}
	return res
}

// Toolchain runs programs with `go run`, caching the results.
type Toolchain struct {
	// GoTool is the go command.
	GoTool string
	// GoVersion is the version of GoTool (`go env GOVERSION`), part of
	// the cache key.
	GoVersion string
	// CacheDir is the root of the result cache, or "" for no cache.
	CacheDir string
	// Refresh makes Run ignore cached results (and replace them).
	Refresh bool
	// Timeout bounds one run.
	Timeout time.Duration
	// Env holds environment additions (NAME=VALUE), e.g. from
	// HarnessEnv. GOENV=off and GOFLAGS= are always set, as in Go's
	// harness.
	Env []string
}

// GoEnv returns the value of `go env NAME` for the go command goTool.
func GoEnv(goTool, name string) (string, error) {
	out, err := exec.Command(goTool, "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// DefaultCacheDir returns the default root of the toolchain result cache,
// os.UserCacheDir()/cmcheck/conformance.
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "cmcheck", "conformance"), nil
}

// cacheEntry is the JSON form of a cached toolchain result.
type cacheEntry struct {
	Hash      string    `json:"hash"`
	GoVersion string    `json:"go_version"`
	Result    RunResult `json:"result"`
}

// cachePath returns the cache file of c.
func (tc *Toolchain) cachePath(c Case) string {
	dir := c.Dir
	if dir == "." {
		dir = "top"
	}
	return filepath.Join(tc.CacheDir, tc.GoVersion, filepath.FromSlash(dir), c.Name+".json")
}

// Run runs c with `go run`, as Go's harness does (in $GOROOT/test, with
// GOENV=off and no GOFLAGS), or returns the cached result of an earlier
// run of the same file contents with the same Go version. It returns
// whether the result came from the cache.
func (tc *Toolchain) Run(ctx context.Context, c Case) (RunResult, bool, error) {
	if tc.CacheDir != "" && !tc.Refresh {
		if data, err := os.ReadFile(tc.cachePath(c)); err == nil {
			var e cacheEntry
			if json.Unmarshal(data, &e) == nil && e.Hash == c.Hash && e.GoVersion == tc.GoVersion {
				return e.Result, true, nil
			}
		}
	}
	env := append([]string{"GOENV=off", "GOFLAGS="}, tc.Env...)
	res := runCommand(ctx, c.TestDir, tc.Timeout, env, tc.GoTool, "run", c.RelPath())
	if res.TimedOut && ctx.Err() != nil {
		return res, false, ctx.Err() // interrupted, not a real timeout: do not cache
	}
	if tc.CacheDir == "" {
		return res, false, nil
	}
	return res, false, writeCache(tc.cachePath(c), cacheEntry{Hash: c.Hash, GoVersion: tc.GoVersion, Result: res})
}

// writeCache writes e to file atomically.
func writeCache(file string, e cacheEntry) error {
	data, err := json.MarshalIndent(e, "", "\t")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), file)
}

// Evaluator runs programs with `cmcheck -exec`.
type Evaluator struct {
	// Bin is the cmcheck binary.
	Bin string
	// Args are extra flags put before -exec.
	Args []string
	// Timeout bounds one run; the process is killed when it expires.
	Timeout time.Duration
	// Env holds environment additions (NAME=VALUE), e.g. from
	// HarnessEnv.
	Env []string
}

// Run runs c under the evaluator, in the same directory and with the same
// path as Toolchain.Run.
func (e Evaluator) Run(ctx context.Context, c Case) RunResult {
	args := append(append([]string(nil), e.Args...), "-exec", c.RelPath())
	return runCommand(ctx, c.TestDir, e.Timeout, e.Env, e.Bin, args...)
}

// ModuleRoot returns the nearest directory at or above dir that holds a
// go.mod file.
func ModuleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod found")
		}
		dir = parent
	}
}

// BuildEvaluator builds ./cmd/cmcheck of the module at moduleRoot into
// outDir and returns the binary's path.
func BuildEvaluator(ctx context.Context, goTool, moduleRoot, outDir string) (string, error) {
	bin := filepath.Join(outDir, "cmcheck")
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", bin, "./cmd/cmcheck")
	cmd.Dir = moduleRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/cmcheck: %w\n%s", err, out)
	}
	return bin, nil
}

// HarnessEnv returns the environment additions Go's harness gives the
// programs it runs: STDLIB_IMPORTCFG names an importcfg file for the
// standard library (a few programs run `go tool compile` or `go tool link`
// with it). The file is written into dir.
func HarnessEnv(ctx context.Context, goTool, dir string) ([]string, error) {
	cmd := exec.CommandContext(ctx, goTool, "list", "-export", "-f", "{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}", "std")
	cmd.Env = append(os.Environ(), "GOENV=off", "GOFLAGS=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export std: %w\n%s", err, stderr.Bytes())
	}
	file := filepath.Join(dir, "importcfg")
	if err := os.WriteFile(file, out, 0o644); err != nil {
		return nil, err
	}
	return []string{"GOENV=off", "GOFLAGS=", "STDLIB_IMPORTCFG=" + file}, nil
}
