package main

import (
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"strings"

	"github.com/cmcheck/cmcheck/explorer"
)

// textWriter renders results as go vet-style lines followed by traces.
type textWriter struct {
	w       io.Writer
	dir     string
	verbose bool
	stats   bool
}

func (t *textWriter) pos(p token.Position) string {
	if !p.IsValid() {
		return "-"
	}
	name := p.Filename
	if rel, err := filepath.Rel(t.dir, name); err == nil && !strings.HasPrefix(rel, "..") {
		name = rel
	}
	return fmt.Sprintf("%s:%d:%d", name, p.Line, p.Column)
}

func (t *textWriter) results(rs []*explorer.Result) {
	counts := map[explorer.Verdict]int{}
	for _, r := range rs {
		counts[r.Verdict]++
		for _, f := range r.Findings {
			t.finding(r, f)
		}
	}
	for _, r := range rs {
		line := fmt.Sprintf("%s: %s", r.Entry.Name, r.Verdict)
		if r.Reason != "" {
			line += " (" + r.Reason + ")"
		}
		if t.stats || r.Verdict != explorer.Verified {
			s := r.Stats
			line += fmt.Sprintf(" [%d executions, %d transitions, max depth %d, %s]", s.Executions, s.Transitions, s.MaxDepth, s.Duration.Round(1e5))
		}
		fmt.Fprintln(t.w, line)
	}
	fmt.Fprintf(t.w, "%d entry points: %d bug, %d verified, %d incomplete, %d unsupported\n",
		len(rs), counts[explorer.Bug], counts[explorer.Verified], counts[explorer.Incomplete], counts[explorer.Unsupported])
}

func (t *textWriter) finding(r *explorer.Result, f *explorer.Finding) {
	fmt.Fprintf(t.w, "%s: %s: %s\n", t.pos(f.Pos), f.Kind, f.Message)
	for _, rel := range f.Related {
		fmt.Fprintf(t.w, "\t%s: %s\n", t.pos(rel.Pos), rel.Message)
	}
	tr := f.Trace
	if tr == nil {
		return
	}
	involved := map[int]bool{}
	for _, g := range tr.Goroutines {
		if g.Status != "exited" && g.Status != "runnable" {
			involved[g.ID] = true
		}
	}
	fmt.Fprintf(t.w, "  trace (%s, %d steps):\n", r.Entry.Name, len(tr.Steps))
	elided := 0
	for i, s := range tr.Steps {
		if !t.verbose && len(tr.Steps) > 40 && len(involved) > 0 && !involved[s.G] && !involved[s.Partner] && i != len(tr.Steps)-1 {
			elided++
			continue
		}
		who := fmt.Sprintf("goroutine %d", s.G)
		if s.G == 0 {
			who = "timer"
		}
		line := fmt.Sprintf("    %3d  %-12s %-16s %s", i+1, who, s.Kind, t.pos(s.Pos))
		if s.Obj != "" {
			line += "  " + s.Obj
		}
		if s.Detail != "" {
			line += " (" + s.Detail + ")"
		}
		if s.Partner != 0 {
			line += fmt.Sprintf(" with goroutine %d", s.Partner)
		}
		fmt.Fprintln(t.w, line)
	}
	if elided > 0 {
		fmt.Fprintf(t.w, "    ... %d steps of other goroutines elided (-v shows them)\n", elided)
	}
	for _, g := range tr.Goroutines {
		fmt.Fprintf(t.w, "  goroutine %d [%s]: %s", g.ID, g.Status, g.Func)
		if g.BlockedAt.IsValid() {
			fmt.Fprintf(t.w, " at %s", t.pos(g.BlockedAt))
		}
		if g.CreatedAt.IsValid() {
			fmt.Fprintf(t.w, ", created by goroutine %d at %s", g.Parent, t.pos(g.CreatedAt))
		}
		fmt.Fprintln(t.w)
	}
}
