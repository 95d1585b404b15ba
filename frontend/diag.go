package frontend

import (
	"cmp"
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// A Diagnostic is a problem in the user's program found while loading it:
// a syntax or type error, a missing package, a pattern that matches
// nothing, a misplaced //cmcheck:entry marker.
type Diagnostic struct {
	Pos token.Position // Pos.Filename == "" if the problem has no position
	Msg string
}

// Diagnostics is the error returned when the program cannot be loaded
// because of problems in it (as opposed to a failure of the tools).
type Diagnostics struct {
	Dir  string // file names under Dir are printed relative to it
	List []Diagnostic
}

// Error prints one "file:line:col: message" line per diagnostic.
func (d *Diagnostics) Error() string {
	var b strings.Builder
	for i, diag := range d.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.format(diag))
	}
	return b.String()
}

// format renders one diagnostic, shortening its file name as go vet does.
func (d *Diagnostics) format(diag Diagnostic) string {
	pos := diag.Pos
	if pos.Filename == "" {
		return diag.Msg
	}
	pos.Filename = relative(d.Dir, pos.Filename)
	if pos.Line == 0 {
		return pos.Filename + ": " + diag.Msg
	}
	return pos.String() + ": " + diag.Msg
}

// relative returns filename relative to dir when it is inside dir.
func relative(dir, filename string) string {
	if dir == "" || !filepath.IsAbs(filename) {
		return filename
	}
	rel, err := filepath.Rel(dir, filename)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filename
	}
	return rel
}

// add appends a diagnostic.
func (d *Diagnostics) add(pos token.Position, format string, args ...any) {
	d.List = append(d.List, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// err returns d if it holds any diagnostic, sorted by position and with
// duplicates removed, and nil otherwise.
func (d *Diagnostics) err() error {
	if len(d.List) == 0 {
		return nil
	}
	slices.SortFunc(d.List, compareDiagnostics)
	d.List = slices.Compact(d.List)
	return d
}

func compareDiagnostics(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Pos.Filename, b.Pos.Filename),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Column, b.Pos.Column),
		cmp.Compare(a.Msg, b.Msg),
	)
}

// fromPackagesError converts an error reported by go/packages. File names
// relative to dir (go list writes some) are made absolute.
func fromPackagesError(dir string, e packages.Error) Diagnostic {
	pos := parsePosition(e.Pos)
	msg := e.Msg
	if pos.Filename == "" {
		// go list puts the position inside some messages:
		// "dir/a.go:3:8: package foo is not in std".
		if before, after, ok := strings.Cut(msg, ": "); ok {
			if p := parsePosition(before); p.Filename != "" {
				pos, msg = p, after
			}
		}
	}
	if pos.Filename != "" && !filepath.IsAbs(pos.Filename) {
		pos.Filename = filepath.Join(dir, pos.Filename)
	}
	return Diagnostic{Pos: pos, Msg: msg}
}

// parsePosition parses "file:line:col", "file:line" or "file". "" and "-"
// mean no position. A file name alone is kept only if it looks like a Go
// file, so that arbitrary message prefixes are not taken for file names.
func parsePosition(s string) token.Position {
	if s == "" || s == "-" {
		return token.Position{}
	}
	var nums []int
	rest := s
	for range 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil || n <= 0 {
			break
		}
		nums = append(nums, n)
		rest = rest[:i]
	}
	if !strings.HasSuffix(rest, ".go") {
		return token.Position{}
	}
	pos := token.Position{Filename: rest}
	switch len(nums) {
	case 1:
		pos.Line = nums[0]
	case 2:
		pos.Line, pos.Column = nums[1], nums[0]
	}
	return pos
}
