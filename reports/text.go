package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// TextOptions control the text format.
type TextOptions struct {
	Verbose bool // show every step of each trace
	Stats   bool // show exploration statistics (and so timings) for every entry
}

// WriteText writes r in the text format: for each finding a go vet-style
// line "file:line:col: kind: message" with its related locations, then
// its trace and the final state of its goroutines; then a line per entry
// point with its verdict, and a summary line.
func WriteText(w io.Writer, r *Report, opts TextOptions) error {
	bw := bufio.NewWriter(w)
	for _, ef := range r.Findings() {
		writeFinding(bw, ef.Entry, ef.Finding, opts.Verbose)
		fmt.Fprintln(bw)
	}
	for _, e := range r.Entries {
		fmt.Fprintln(bw, entryLine(&e, opts.Stats))
	}
	fmt.Fprintln(bw, summaryLine(r.Summary))
	return bw.Flush()
}

// entryLine describes the verdict of an entry point in one line.
func entryLine(e *Entry, stats bool) string {
	line := fmt.Sprintf("%s: %s", e.Name, e.Verdict)
	var notes []string
	if n := len(e.Findings); n > 0 {
		notes = append(notes, plural(n, "finding"))
	}
	if e.Reason != "" {
		notes = append(notes, e.Reason)
	}
	if len(notes) > 0 {
		line += " (" + strings.Join(notes, "; ") + ")"
	}
	if stats {
		s := e.Stats
		states := ""
		if s.States > 0 {
			states = plural(s.States, "state") + ", "
		}
		line += fmt.Sprintf(" [%s, %s%s, max depth %d, %s, peak heap %s]",
			plural(s.Executions, "execution"), states, plural(s.Transitions, "transition"), s.MaxDepth,
			roundDuration(time.Duration(s.WallTimeNS)), bytesString(s.PeakHeap))
	}
	return line
}

// summaryLine counts the verdicts.
func summaryLine(s Summary) string {
	return fmt.Sprintf("%s: %d bug, %d verified, %d incomplete, %d unsupported",
		plural(s.Entries, "entry point"), s.Bug, s.Verified, s.Incomplete, s.Unsupported)
}

// WriteFinding writes one finding in the text format.
func WriteFinding(w io.Writer, e *Entry, f *Finding, verbose bool) error {
	bw := bufio.NewWriter(w)
	writeFinding(bw, e, f, verbose)
	return bw.Flush()
}

func writeFinding(w *bufio.Writer, e *Entry, f *Finding, verbose bool) {
	fmt.Fprintf(w, "%s: %s: %s\n", f.Pos, f.Kind, f.Message)
	for _, rel := range f.Related {
		fmt.Fprintf(w, "\t%s: %s\n", rel.Pos, rel.Message)
	}
	writeTrace(w, e, f, verbose)
}

// writeTrace writes the steps of f's trace and the final state of its
// goroutines, in the vocabulary of Go's goroutine dumps. Unless verbose,
// only the steps of the goroutines involved in the finding (and timer
// firings) are shown; the others are counted.
func writeTrace(w *bufio.Writer, e *Entry, f *Finding, verbose bool) {
	steps := f.Trace.Steps
	show := make(map[int]bool)
	for _, g := range f.Involved {
		show[g] = true
	}
	filter := !verbose && len(show) > 0
	shown := 0
	for _, s := range steps {
		if !filter || s.G == 0 || show[s.G] {
			shown++
		}
	}
	header := fmt.Sprintf("  finding %d: trace of %s, %s", f.ID, e.Name, plural(len(steps), "step"))
	if shown < len(steps) {
		header += fmt.Sprintf(", %d shown", shown)
	}
	if f.FirstLength > len(steps) {
		header += fmt.Sprintf(" (shortened from %d)", f.FirstLength)
	}
	fmt.Fprintln(w, header+":")
	var elided []Step
	flush := func() {
		if len(elided) == 0 {
			return
		}
		fmt.Fprintf(w, "    %5s  %s of %s elided\n", "...", plural(len(elided), "step"), goroutineList(elided))
		elided = elided[:0]
	}
	for _, s := range steps {
		if filter && s.G != 0 && !show[s.G] {
			elided = append(elided, s)
			continue
		}
		flush()
		fmt.Fprintln(w, "    "+stepLine(s))
	}
	flush()
	if shown < len(steps) {
		fmt.Fprintf(w, "    (-v shows every step)\n")
	}
	for _, g := range f.Trace.Goroutines {
		fmt.Fprintf(w, "  goroutine %d [%s]:\n", g.ID, g.Status)
		if g.BlockedAt != nil {
			fmt.Fprintf(w, "  \t%s at %s\n", g.Func, g.BlockedAt)
		} else {
			fmt.Fprintf(w, "  \t%s\n", g.Func)
		}
		if g.CreatedAt != nil {
			fmt.Fprintf(w, "  \t%s\n", createdBy(&g))
		}
	}
}

// createdBy describes where a goroutine was started, as Go's tracebacks
// do: "created by pkg.f in goroutine 1 at file:line:col". The function
// containing the go statement is known only for closures (pkg.f$1 is
// started in pkg.f, usually); otherwise it is "created in goroutine 1
// at file:line:col".
func createdBy(g *Goroutine) string {
	if i := strings.IndexByte(g.Func, '$'); i > 0 {
		return fmt.Sprintf("created by %s in goroutine %d at %s", g.Func[:i], g.Parent, g.CreatedAt)
	}
	return fmt.Sprintf("created in goroutine %d at %s", g.Parent, g.CreatedAt)
}

// stepLine formats one step of a trace.
func stepLine(s Step) string {
	who := fmt.Sprintf("goroutine %d", s.G)
	if s.G == 0 {
		who = "timer"
	}
	op := s.Op
	if op == "" {
		op = "-"
	}
	pos := "-"
	if s.Pos != nil {
		pos = s.Pos.String()
	}
	line := fmt.Sprintf("%5d  %-12s  %-15s  %s", s.Index, who, op, pos)
	if s.Object != "" {
		line += "  " + s.Object
	}
	if s.Detail != "" {
		line += " (" + s.Detail + ")"
	}
	if s.Partner != 0 {
		line += fmt.Sprintf(" with goroutine %d", s.Partner)
	}
	return line
}

func goroutineList(steps []Step) string {
	var ids []int
	seen := make(map[int]bool)
	for _, s := range steps {
		if !seen[s.G] {
			seen[s.G] = true
			ids = append(ids, s.G)
		}
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	if len(ids) == 1 {
		return "goroutine " + parts[0]
	}
	return "goroutines " + strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d > time.Second:
		return d.Round(time.Millisecond)
	case d > time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

func bytesString(n uint64) string {
	const mib = 1 << 20
	if n < mib {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/mib)
}
