// Package conformance runs the Go distribution's language test suite
// ($GOROOT/test) under cmcheck's evaluator (`cmcheck -exec`) and compares
// each program's behaviour with the one it has under the Go toolchain
// (`go run`).
//
// The suite is made of the programs whose first line is exactly `// run`:
// they check themselves, and the expected output is in a `.out` file next
// to the program, or empty if there is none (as in Go's own harness,
// cmd/internal/testdir).
package conformance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"go/build"
	"go/build/constraint"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"unicode"
)

// Dirs returns the directories of $GOROOT/test that make up the suite, in
// the order of Go's harness.
func Dirs() []string {
	return []string{".", "ken", "chan", "interface", "typeparam", "fixedbugs"}
}

// Case is one program of the suite.
type Case struct {
	// TestDir is $GOROOT/test, the directory the programs are run in.
	TestDir string
	// Dir is the directory of the program relative to TestDir ("." for
	// the top level), slash-separated.
	Dir string
	// Name is the file name, e.g. "bug000.go".
	Name string
	// Hash is the hex SHA-256 of the file contents.
	Hash string
	// WantOutput is the expected combined output: the contents of the
	// .out file, or empty if there is none.
	WantOutput string
	// HasOutFile reports whether there is a .out file.
	HasOutFile bool
	// NotApplicable is the build constraint line that excludes the
	// program on this platform, or "" if the program applies.
	NotApplicable string
}

// ID returns the slash-separated path of the program relative to
// $GOROOT/test, e.g. "fixedbugs/bug000.go" or "helloworld.go".
func (c Case) ID() string { return path.Join(c.Dir, c.Name) }

// RelPath returns the path of the program relative to TestDir, as passed
// to `go run` and `cmcheck -exec` (Go's harness runs `go run
// fixedbugs/bug000.go` in $GOROOT/test, and a few programs rely on that
// working directory).
func (c Case) RelPath() string { return filepath.Join(filepath.FromSlash(c.Dir), c.Name) }

// Path returns the absolute path of the program.
func (c Case) Path() string { return filepath.Join(c.TestDir, c.RelPath()) }

// Expected returns the result Go's harness expects of the program: exit
// status 0 and the .out contents (or nothing) as output.
func (c Case) Expected() RunResult { return RunResult{ExitCode: 0, Output: c.WantOutput} }

// Discover returns the programs of goroot/test/DIR, for each DIR in dirs,
// whose first line is exactly `// run`, sorted by directory (in the order
// of dirs) and name. Programs whose build constraints exclude this
// platform are returned too, with NotApplicable set.
func Discover(goroot string, dirs []string) ([]Case, error) {
	testDir := filepath.Join(goroot, "test")
	var cases []Case
	for _, dir := range dirs {
		entries, err := os.ReadDir(filepath.Join(testDir, filepath.FromSlash(dir)))
		if err != nil {
			return nil, err
		}
		for _, e := range entries { // sorted by name
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".go") {
				continue
			}
			c, ok, err := readCase(testDir, dir, name)
			if err != nil {
				return nil, err
			}
			if ok {
				cases = append(cases, c)
			}
		}
	}
	return cases, nil
}

// readCase reads testDir/dir/name and reports whether it is a `// run`
// program.
func readCase(testDir, dir, name string) (Case, bool, error) {
	c := Case{TestDir: testDir, Dir: dir, Name: name}
	src, err := os.ReadFile(c.Path())
	if err != nil {
		return Case{}, false, err
	}
	first, _, _ := bytes.Cut(src, []byte("\n"))
	if string(first) != "// run" {
		return Case{}, false, nil
	}
	sum := sha256.Sum256(src)
	c.Hash = hex.EncodeToString(sum[:])
	out, err := os.ReadFile(strings.TrimSuffix(c.Path(), ".go") + ".out")
	switch {
	case err == nil:
		c.WantOutput, c.HasOutFile = string(out), true
	case !errors.Is(err, fs.ErrNotExist):
		return Case{}, false, err
	}
	c.NotApplicable = excludedBy(string(src), runtime.GOOS, runtime.GOARCH)
	return c, true, nil
}

// excludedBy returns the build constraint line of src that excludes it on
// goos/goarch, or "" if none does. As in Go's harness, only the lines
// before the package clause are considered.
func excludedBy(src, goos, goarch string) string {
	header, _, _ := strings.Cut(src, "\npackage")
	for line := range strings.Lines(header) {
		line = strings.TrimRight(line, "\r\n")
		expr, err := constraint.Parse(line)
		if err != nil {
			continue
		}
		if !expr.Eval(func(tag string) bool { return matchTag(tag, goos, goarch) }) {
			return line
		}
	}
	return ""
}

// matchTag reports whether a build tag is satisfied, following Go's
// harness (cmd/internal/testdir).
func matchTag(name, goos, goarch string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '_' && c != '.' {
			return false
		}
	}
	switch {
	case slices.Contains(build.Default.ReleaseTags, name):
		return true
	case strings.HasPrefix(name, "goexperiment."):
		return slices.Contains(build.Default.ToolTags, name)
	case name == "cgo":
		return build.Default.CgoEnabled
	}
	return name == goos || name == goarch || name == "gc" || name == "test_run"
}

// String returns the case's ID.
func (c Case) String() string { return c.ID() }
