package conformance

import (
	"fmt"
	"regexp"
	"strings"
)

// Class is the verdict on one program.
type Class string

// The classes of outcome.
const (
	// Pass: the toolchain ran the program successfully and the evaluator
	// behaved the same.
	Pass Class = "pass"
	// Mismatch: the evaluator's output or exit status differs.
	Mismatch Class = "mismatch"
	// Unsupported: the evaluator reported a construct it cannot model.
	Unsupported Class = "unsupported"
	// Crash: the evaluator reported an internal error, or cmcheck itself
	// panicked or died.
	Crash Class = "crash"
	// Timeout: the evaluator was killed at its time limit, or stopped at
	// one of its own execution bounds (steps, instructions without a
	// visible operation).
	Timeout Class = "timeout"
	// Skip: the program does not apply, or the toolchain itself fails it.
	Skip Class = "skip"
)

// Classes returns all classes, in table order.
func Classes() []Class { return []Class{Pass, Mismatch, Unsupported, Crash, Timeout, Skip} }

// Outcome is the verdict on one program, with the runs it is based on.
type Outcome struct {
	Case   Case
	Class  Class
	Reason string // why the class is not Pass: short, one line
	// Toolchain is the `go run` result (zero if not run).
	Toolchain RunResult
	// Evaluator is the `cmcheck -exec` result (zero if not run).
	Evaluator RunResult
}

// toolchainFailure returns why the toolchain's run tc of c is not a
// success as Go's harness sees it (exit status 0 and the expected
// output), or "" if it is.
func toolchainFailure(c Case, tc RunResult) string {
	switch {
	case c.NotApplicable != "":
		return "not applicable: " + c.NotApplicable
	case tc.TimedOut:
		return "toolchain: " + tc.Err
	case tc.ExitCode != 0:
		return fmt.Sprintf("toolchain: exit status %d: %s", tc.ExitCode, firstDiff(c.WantOutput, tc.Output))
	case tc.Output != c.WantOutput:
		what := "output is not empty"
		if c.HasOutFile {
			what = "output differs from .out"
		}
		return fmt.Sprintf("toolchain: %s: %s", what, firstDiff(c.WantOutput, tc.Output))
	}
	return ""
}

// ClassifyEvaluator compares the evaluator's run got with the reference
// run want (a successful toolchain run) and returns the class and, unless
// it is Pass, the reason.
//
// The outputs are compared byte for byte, except that when want's exit
// status is non-zero (a panicking program) only the exit status and the
// panic line (the first line starting with "panic: " or "fatal error: ",
// i.e. the first line the Go runtime writes to stderr; goroutine traces
// differ) are compared.
func ClassifyEvaluator(want, got RunResult) (Class, string) {
	if got.TimedOut {
		return Timeout, got.Err
	}
	if reason, ok := crashReason(got.Output, want.Output); ok {
		return Crash, reason
	}
	if got.ExitCode < 0 {
		return Crash, "cmcheck did not exit normally: " + got.Err
	}
	if reason, ok := unsupportedReason(got.Output); ok {
		return Unsupported, reason
	}
	failure, failed := cmcheckFailure(got.Output)
	if failed && isLimit(failure) {
		return Timeout, "cmcheck: " + failure
	}
	if want.ExitCode != 0 {
		if got.ExitCode != want.ExitCode {
			return Mismatch, fmt.Sprintf("exit status %d, want %d; panic line: got %s, want %s",
				got.ExitCode, want.ExitCode, describe(panicLine(got.Output)), describe(panicLine(want.Output)))
		}
		if w, g := panicLine(want.Output), panicLine(got.Output); w != g {
			return Mismatch, fmt.Sprintf("panic line: got %s, want %s", describe(g), describe(w))
		}
		return Pass, ""
	}
	if got.ExitCode != want.ExitCode {
		diff := firstDiff(want.Output, got.Output)
		if failed {
			diff = "cmcheck: " + failure
		}
		return Mismatch, fmt.Sprintf("exit status %d, want %d; %s", got.ExitCode, want.ExitCode, diff)
	}
	if got.Output != want.Output {
		return Mismatch, firstDiff(want.Output, got.Output)
	}
	return Pass, ""
}

// unsupportedReason returns the text after "unsupported: " in the last
// line cmcheck wrote about a failure ("cmcheck: POS: unsupported: WHAT").
func unsupportedReason(out string) (string, bool) {
	lines := strings.Split(out, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		line := lines[i]
		if !strings.HasPrefix(line, "cmcheck: ") {
			continue
		}
		if _, what, ok := strings.Cut(line, "unsupported: "); ok {
			return what, true
		}
	}
	return "", false
}

// positionRE matches the position that starts cmcheck's error messages.
var positionRE = regexp.MustCompile(`^\S+\.go:\d+(:\d+)?: `)

// cmcheckFailure returns the message of the last line in which cmcheck
// reports why it stopped ("cmcheck: [POS: ]MSG"), without the position.
func cmcheckFailure(out string) (string, bool) {
	lines := strings.Split(out, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if msg, ok := strings.CutPrefix(lines[i], "cmcheck: "); ok {
			return positionRE.ReplaceAllString(msg, ""), true
		}
	}
	return "", false
}

// isLimit reports whether a cmcheck failure message is about one of its
// execution bounds rather than about the program.
func isLimit(msg string) bool {
	return strings.Contains(msg, "step limit") || strings.Contains(msg, "without a visible operation")
}

// crashReason reports whether the evaluator's output out shows a bug of
// cmcheck itself: an "internal error" (that the reference output does not
// also contain), or a Go panic or fatal error whose stack is in cmcheck's
// code. The reason is the error message, followed by the innermost
// cmcheck frame if there is a stack and by the program position cmcheck
// reported, if any.
func crashReason(out, want string) (string, bool) {
	lines := strings.Split(out, "\n")
	msg, pos := "", ""
	if strings.Contains(out, "internal error") && !strings.Contains(want, "internal error") {
		for _, line := range lines {
			if before, after, ok := strings.Cut(line, "internal error"); ok {
				msg = "internal error" + after
				if p, ok := strings.CutPrefix(before, "cmcheck: "); ok {
					pos = strings.TrimSuffix(p, ": ")
				}
				break
			}
		}
	}
	frame := cmcheckFrame(lines)
	if msg == "" && frame == "" {
		return "", false
	}
	if msg == "" {
		msg = panicLine(out)
	}
	if frame != "" {
		msg += " [in " + frame + "]"
	}
	if pos != "" {
		msg += " at " + pos
	}
	return msg, true
}

// cmcheckFrame returns the function of the innermost frame of cmcheck's
// code in a Go stack trace in lines (after the last panic( frame, skipping
// runtime frames), or "" if there is no frame of cmcheck's code.
func cmcheckFrame(lines []string) string {
	const prefix = "github.com/cmcheck/cmcheck/"
	isFrame := func(line string) bool {
		return line != "" && !strings.HasPrefix(line, "\t") && strings.HasSuffix(line, ")") && strings.Contains(line, "(")
	}
	start := -1
	for i, line := range lines {
		if strings.HasPrefix(line, prefix) && isFrame(line) {
			start = i
			break
		}
	}
	if start < 0 {
		return ""
	}
	// Go to just after the last panic( frame, if any.
	for i := start; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "panic(") {
			start = i + 1
		}
	}
	for _, line := range lines[start:] {
		if !isFrame(line) || strings.HasPrefix(line, "runtime.") || strings.HasPrefix(line, "panic(") {
			continue
		}
		fn := line[:strings.LastIndex(line, "(")]
		return strings.TrimPrefix(fn, prefix)
	}
	return ""
}

// panicLine returns the first line of out that starts with "panic: " or
// "fatal error: ", or else the first line.
func panicLine(out string) string {
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") {
			return strings.TrimSuffix(line, "\n")
		}
	}
	first, _, _ := strings.Cut(out, "\n")
	return first
}

// firstDiff describes the first line where want and got differ.
func firstDiff(want, got string) string {
	wl, gl := splitLines(want), splitLines(got)
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		w, wok := at(wl, i)
		g, gok := at(gl, i)
		if wok == gok && w == g {
			continue
		}
		show := func(s string, ok bool) string {
			if !ok {
				return "<EOF>"
			}
			return describe(s)
		}
		return fmt.Sprintf("line %d: got %s, want %s", i+1, show(g, gok), show(w, wok))
	}
	return "outputs equal"
}

// splitLines splits s into lines; a last line without a newline keeps a
// "\\ no newline" marker so that it differs from a complete line.
func splitLines(s string) []string {
	var lines []string
	for line := range strings.Lines(s) {
		if l, ok := strings.CutSuffix(line, "\n"); ok {
			lines = append(lines, l)
		} else {
			lines = append(lines, line+` \ no newline`)
		}
	}
	return lines
}

func at(lines []string, i int) (string, bool) {
	if i < len(lines) {
		return lines[i], true
	}
	return "", false
}

// describe returns a one-line description of a run's output for a reason.
func describe(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	const max = 120
	if len(line) > max {
		line = line[:max] + "..."
	}
	return fmt.Sprintf("%q", line)
}
