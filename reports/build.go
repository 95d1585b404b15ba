package reports

import (
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cmcheck/cmcheck/explorer"
)

// RunInfo describes the run that produced a set of results.
type RunInfo struct {
	Dir       string   // absolute working directory; positions are made relative to it
	Patterns  []string // the package patterns
	Version   string   // cmcheck's version
	GoVersion string   // the Go release cmcheck was built with
	Options   Options
}

// New builds the report of a run from the explorer's results.
func New(info RunInfo, results []*explorer.Result) *Report {
	r := &Report{
		Version:  Version,
		Tool:     Tool{Name: "cmcheck", Version: info.Version, GoVersion: info.GoVersion},
		Dir:      info.Dir,
		Patterns: append([]string{}, info.Patterns...),
		Options:  info.Options,
		Entries:  []Entry{},
	}
	if r.Patterns == nil {
		r.Patterns = []string{}
	}
	id := 0
	for _, res := range results {
		e := Entry{
			Name:    res.Entry.Name,
			Kind:    res.Entry.Kind.String(),
			Verdict: string(res.Verdict),
			Reason:  relReason(info.Dir, res.Reason),
			Pos:     position(info.Dir, res.Entry.Pos),
			Stats: Stats{
				Executions:  res.Stats.Executions,
				Transitions: res.Stats.Transitions,
				MaxDepth:    res.Stats.MaxDepth,
				WallTimeNS:  res.Stats.Duration.Nanoseconds(),
				PeakHeap:    res.Stats.PeakHeap,

				States:         res.Stats.States,
				CacheHits:      res.Stats.CacheHits,
				DeadlockStates: res.Stats.DeadlockStates,
				CacheBytes:     res.Stats.CacheBytes,
				Omission:       res.Stats.Omission,
				PCTExecutions:  res.Stats.PCTExecutions,
			},
		}
		if res.Entry.Pkg != nil {
			e.Package = res.Entry.Pkg.Pkg.Path()
		}
		for _, f := range res.Findings {
			id++
			e.Findings = append(e.Findings, finding(info.Dir, id, f))
		}
		r.Entries = append(r.Entries, e)
	}
	r.Summary = summarize(r.Entries)
	return r
}

func summarize(entries []Entry) Summary {
	s := Summary{Entries: len(entries)}
	for _, e := range entries {
		switch explorer.Verdict(e.Verdict) {
		case explorer.Bug:
			s.Bug++
		case explorer.Verified:
			s.Verified++
		case explorer.Incomplete:
			s.Incomplete++
		case explorer.Unsupported:
			s.Unsupported++
		}
		s.Findings += len(e.Findings)
	}
	return s
}

func finding(dir string, id int, f *explorer.Finding) Finding {
	out := Finding{
		ID:          id,
		Kind:        f.Kind,
		Pos:         position(dir, f.Pos),
		Message:     f.Message,
		Schedule:    Schedule(f.Schedule),
		FirstLength: f.FirstLength,
		Visible:     encodeVisible(dir, f.Visible),
	}
	if out.Schedule == nil {
		out.Schedule = Schedule{}
	}
	for _, rel := range f.Related {
		out.Related = append(out.Related, Related{Pos: position(dir, rel.Pos), Message: rel.Message})
	}
	out.Trace = trace(dir, f.Trace)
	out.Involved = involved(&out)
	return out
}

func trace(dir string, t *explorer.Trace) Trace {
	out := Trace{Steps: []Step{}, Goroutines: []Goroutine{}}
	if t == nil {
		return out
	}
	for i, s := range t.Steps {
		out.Steps = append(out.Steps, Step{
			Index:   i + 1,
			G:       s.G,
			Op:      s.Kind,
			Pos:     optPosition(dir, s.Pos),
			Object:  s.Obj,
			Detail:  s.Detail,
			Partner: s.Partner,
		})
	}
	for _, g := range t.Goroutines {
		out.Goroutines = append(out.Goroutines, Goroutine{
			ID:        g.ID,
			Func:      g.Func,
			Parent:    g.Parent,
			CreatedAt: optPosition(dir, g.CreatedAt),
			Status:    g.Status,
			BlockedAt: optPosition(dir, g.BlockedAt),
		})
	}
	return out
}

var (
	goroutineRE = regexp.MustCompile(`\bgoroutine (\d+)\b`)
	objectRE    = regexp.MustCompile(`\b(chan|mutex|rwmutex|waitgroup|cond|once|mem|atomic|timer) (\d+)\b`)
)

// involved derives the goroutines that take part in a finding: those
// blocked at the end of a deadlock, those its messages name, those that
// touched the objects its messages name, the entry goroutine when the
// finding is about what was left behind when it returned; then the
// goroutines that met any of them in a rendezvous.
func involved(f *Finding) []int {
	set := make(map[int]bool)
	texts := []string{f.Message}
	for _, r := range f.Related {
		texts = append(texts, r.Message)
	}
	objs := make(map[string]bool)
	for _, t := range texts {
		for _, m := range goroutineRE.FindAllStringSubmatch(t, -1) {
			if n, err := strconv.Atoi(m[1]); err == nil {
				set[n] = true
			}
		}
		for _, m := range objectRE.FindAllString(t, -1) {
			objs[m] = true
		}
	}
	switch f.Kind {
	case "deadlock":
		for _, g := range f.Trace.Goroutines {
			if g.Blocked() {
				set[g.ID] = true
			}
		}
	case "leak", "lost-message":
		set[1] = true
	}
	for _, s := range f.Trace.Steps {
		if s.G != 0 && objs[s.Object] {
			set[s.G] = true
		}
	}
	partners := make(map[int]bool)
	for _, s := range f.Trace.Steps {
		if s.Partner == 0 || s.G == 0 {
			continue
		}
		if set[s.G] {
			partners[s.Partner] = true
		}
		if set[s.Partner] {
			partners[s.G] = true
		}
	}
	for g := range partners {
		set[g] = true
	}
	delete(set, 0)
	out := make([]int, 0, len(set))
	for g := range set {
		out = append(out, g)
	}
	sort.Ints(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// relReason makes the file names in a verdict's reason (such as the
// position of an unsupported construct) relative to dir.
func relReason(dir, reason string) string {
	if dir == "" {
		return reason
	}
	return strings.ReplaceAll(reason, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator), "")
}

func position(dir string, p token.Position) Position {
	if !p.IsValid() {
		return Position{}
	}
	return Position{File: relPath(dir, p.Filename), Line: p.Line, Col: p.Column}
}

func optPosition(dir string, p token.Position) *Position {
	if !p.IsValid() {
		return nil
	}
	pos := position(dir, p)
	return &pos
}

// relPath returns name relative to dir, with forward slashes, if it is
// inside dir; otherwise name unchanged.
func relPath(dir, name string) string {
	if dir == "" || !filepath.IsAbs(name) {
		return filepath.ToSlash(name)
	}
	rel, err := filepath.Rel(dir, name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return name
	}
	return filepath.ToSlash(rel)
}
