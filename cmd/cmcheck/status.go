package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/reports"
)

// exitStatus is the command's exit status. Verdicts are not exit
// statuses: the status is derived from them once the run is over (see
// statusOf), and combined with other failures by worst.
type exitStatus int

const (
	exitOK    exitStatus = 0
	exitError exitStatus = 1 // bad input, or a failure of the tool
	exitUsage exitStatus = 2 // bad command line
	exitFail  exitStatus = 3 // an entry's verdict is in -fail-on (a bug, by default)
)

// severity orders the statuses: a usage error beats a tool error, which
// beats a failing verdict, which beats success.
func (s exitStatus) severity() int {
	switch s {
	case exitOK:
		return 0
	case exitFail:
		return 1
	case exitError:
		return 2
	case exitUsage:
		return 3
	}
	return 2 // other statuses (-exec's) rank as errors
}

// worst returns the more severe of two statuses.
func worst(a, b exitStatus) exitStatus {
	if b.severity() > a.severity() {
		return b
	}
	return a
}

// statusOf derives the exit status of a report: exitFail if some entry's
// verdict is in fail, else exitOK.
func statusOf(r *reports.Report, fail verdictSet) exitStatus {
	for _, e := range r.Entries {
		if fail[explorer.Verdict(e.Verdict)] {
			return exitFail
		}
	}
	return exitOK
}

// verdictSet is the value of -fail-on: a comma-separated list of verdicts,
// or "none".
type verdictSet map[explorer.Verdict]bool

func (s *verdictSet) String() string {
	if s == nil || len(*s) == 0 {
		return "none"
	}
	var vs []string
	for v := range *s {
		vs = append(vs, string(v))
	}
	sort.Strings(vs)
	return strings.Join(vs, ",")
}

func (s *verdictSet) Set(value string) error {
	set := verdictSet{}
	for _, f := range strings.Split(value, ",") {
		switch v := explorer.Verdict(strings.TrimSpace(f)); v {
		case "none":
		case explorer.Bug, explorer.Incomplete, explorer.Unsupported:
			set[v] = true
		default:
			return fmt.Errorf("unknown verdict %q (want bug, incomplete, unsupported or none)", f)
		}
	}
	*s = set
	return nil
}

func (s verdictSet) with(v explorer.Verdict) verdictSet {
	out := verdictSet{v: true}
	for k := range s {
		out[k] = true
	}
	return out
}

// format is the value of -format.
type format string

const (
	formatText  format = "text"
	formatJSON  format = "json"
	formatSARIF format = "sarif"
	formatHTML  format = "html"
)

func (f *format) String() string { return string(*f) }

func (f *format) Set(value string) error {
	switch v := format(value); v {
	case formatText, formatJSON, formatSARIF, formatHTML:
		*f = v
		return nil
	}
	return fmt.Errorf("unknown format %q (want text, json, sarif or html)", value)
}

// byteSize is the value of -max-memory: a number of bytes with an
// optional unit (KiB, MiB, GiB, KB, MB, GB).
type byteSize uint64

func (b *byteSize) String() string {
	if b == nil || *b == 0 {
		return ""
	}
	return fmt.Sprintf("%dB", uint64(*b))
}

func (b *byteSize) Set(value string) error {
	units := []struct {
		suffix string
		mult   uint64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	num, mult := value, uint64(1)
	for _, u := range units {
		if n, ok := strings.CutSuffix(value, u.suffix); ok {
			num, mult = n, u.mult
			break
		}
	}
	n, err := strconv.ParseUint(strings.TrimSpace(num), 10, 64)
	if err != nil || n == 0 {
		return fmt.Errorf("bad size %q (want a number of bytes, such as 4GiB or 512MiB)", value)
	}
	*b = byteSize(n * mult)
	return nil
}
