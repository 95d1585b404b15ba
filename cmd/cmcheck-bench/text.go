package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// writeText prints the rows as a Markdown table (readable as it is, and
// ready to paste into BENCHMARKS.md), then the failures and details.
func writeText(w io.Writer, rows []*Row, suite string, timeout time.Duration, started time.Time, withSpin bool) {
	fmt.Fprintf(w, "cmcheck-bench: suite %s, timeout %s per row, %s, %d CPUs, %s/%s, %s, load average %s at start\n\n",
		suite, timeout, started.Format("2006-01-02 15:04"), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), loadAverage)
	header := []string{"program", "params", "verdict", "findings", "executions", "states", "transitions", "explore", "CPU", "load", "peak RSS", "SPIN (issue)", "÷SPIN", "fact", "exact"}
	if withSpin {
		header = append(header, "SPIN here", "÷SPIN here", "SPIN build", "÷SPIN end to end")
	}
	right := map[int]bool{4: true, 5: true, 6: true, 7: true, 8: true, 9: true, 10: true, 12: true, 16: true, 17: true, 18: true}
	table := [][]string{header}
	for _, r := range rows {
		m := r.M
		line := []string{r.Case.Program, r.Case.ParamString(), shortVerdict(m), dash(findingKinds(m.Findings))}
		if m.Error != "" {
			line = append(line, "-", "-", "-", "-", "-", fmtDur(m.Load), fmtRSS(m.PeakRSS))
		} else {
			states := "-"
			if m.States >= 0 {
				states = group(m.States)
			}
			line = append(line, group(int64(m.Executions)), states, group(int64(m.Transitions)), fmtDur(m.Explore), fmtDur(m.ExploreCPU), fmtDur(m.Load), fmtRSS(m.PeakRSS))
		}
		ref, ratio := "", ""
		if r.SpinRef != nil {
			ref = fmt.Sprintf("%s / %s", kilo(r.SpinRef.States), fmtDur(r.SpinRef.Time))
			if r.SpinRatio > 0 {
				ratio = fmtRatio(r.SpinRatio)
			}
		}
		line = append(line, dash(ref), dash(ratio), r.Fact, r.Exact)
		if withSpin {
			here, hr, build, e2e := "", "", "", ""
			if s := r.Spin; s != nil {
				if s.Error != "" {
					here = "error"
				} else {
					here = fmt.Sprintf("%s / %s / %d err", kilo(s.States), fmtDur(s.Time), s.Errors)
					build = fmtDur(s.Build)
				}
				if r.SpinMyRatio > 0 {
					hr = fmtRatio(r.SpinMyRatio)
				}
				if r.SpinEndToEnd > 0 {
					e2e = fmtRatio(r.SpinEndToEnd)
				}
			}
			line = append(line, dash(here), dash(hr), dash(build), dash(e2e))
		}
		table = append(table, line)
	}
	writeMarkdown(w, table, right)

	var notes []string
	unchecked := map[string][]string{} // why -> rows
	pass := 0
	for _, r := range rows {
		if r.Fact == "PASS" {
			pass++
		} else {
			notes = append(notes, fmt.Sprintf("- %s: FAIL: %s", r.Key, r.FactWhy))
		}
		switch {
		case r.Exact == "-" && r.ExactWhy != "":
			unchecked[r.ExactWhy] = append(unchecked[r.ExactWhy], r.Key)
		case r.Exact != "-":
			notes = append(notes, fmt.Sprintf("- %s: exact fact %s: %s", r.Key, r.Exact, r.ExactWhy))
		}
		if r.Spin != nil && r.Spin.Error != "" {
			notes = append(notes, fmt.Sprintf("- %s: SPIN: %s", r.Key, r.Spin.Error))
		}
	}
	var whys []string
	for why := range unchecked {
		whys = append(whys, why)
	}
	sort.Strings(whys)
	for _, why := range whys {
		notes = append(notes, fmt.Sprintf("- exact fact not checked (%s): %s", why, strings.Join(unchecked[why], "; ")))
	}
	fmt.Fprintln(w)
	if len(notes) > 0 {
		fmt.Fprintln(w, strings.Join(notes, "\n"))
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%d rows: %d PASS, %d FAIL (%s)\n", len(rows), pass, len(rows)-pass, time.Since(started).Round(time.Second))
}

// loadAverage is the 1-minute load average when the command started ("?"
// where /proc/loadavg is not there): times measured on a busy machine are
// longer.
var loadAverage = func() string {
	data, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}()

func writeMarkdown(w io.Writer, table [][]string, right map[int]bool) {
	width := make([]int, len(table[0]))
	for _, line := range table {
		for i, cell := range line {
			width[i] = max(width[i], runeLen(cell))
		}
	}
	for n, line := range table {
		var sb strings.Builder
		sb.WriteString("|")
		for i, cell := range line {
			pad := strings.Repeat(" ", width[i]-runeLen(cell))
			if right[i] {
				sb.WriteString(" " + pad + cell + " |")
			} else {
				sb.WriteString(" " + cell + pad + " |")
			}
		}
		fmt.Fprintln(w, sb.String())
		if n == 0 {
			sb.Reset()
			sb.WriteString("|")
			for i := range line {
				if right[i] {
					sb.WriteString(" " + strings.Repeat("-", width[i]-1) + ": |")
				} else {
					sb.WriteString(" " + strings.Repeat("-", width[i]) + " |")
				}
			}
			fmt.Fprintln(w, sb.String())
		}
	}
}

func runeLen(s string) int { return len([]rune(s)) }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// shortVerdict is the verdict, with the bound that made it incomplete.
func shortVerdict(m *Measurement) string {
	if m.Error != "" {
		return "error"
	}
	if m.Verdict != "incomplete" && m.Reason == "" {
		return m.Verdict
	}
	why := m.Reason
	switch {
	case strings.Contains(why, "time bound"):
		why = "timeout"
	case strings.Contains(why, "execution bound"):
		why = "exec bound"
	case strings.Contains(why, "step bound"):
		why = "step bound"
	case strings.Contains(why, "interrupted"):
		why = "interrupted"
	default:
		if len(why) > 30 {
			why = why[:30] + "…"
		}
	}
	return m.Verdict + " (" + why + ")"
}

func fmtDur(d time.Duration) string {
	switch {
	case d <= 0:
		return "0"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Round(time.Millisecond)/time.Millisecond)
	case d < 100*time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
	return fmt.Sprintf("%.0fs", d.Seconds())
}

func fmtRSS(b uint64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%d MiB", (b+(1<<19))>>20)
}

func fmtRatio(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f", r)
	case r >= 10:
		return fmt.Sprintf("%.1f", r)
	}
	return fmt.Sprintf("%.2f", r)
}

// kilo writes a state count as SPIN's figures are quoted: 93k.
func kilo(n int) string {
	if n >= 10_000 {
		return fmt.Sprintf("%dk", (n+500)/1000)
	}
	return strconv.Itoa(n)
}

// group writes n with thousands separators.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var sb strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			sb.WriteByte(',')
		}
		sb.WriteRune(c)
	}
	if neg {
		return "-" + sb.String()
	}
	return sb.String()
}
