package main

import (
	"context"
	"fmt"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
	"github.com/cmcheck/cmcheck/reports"
)

// replay implements -replay: it reloads the packages named in a saved
// report, re-executes the schedule of each finding (or of -finding N)
// against the current code, and prints the trace of the execution step
// by step. The status is exitFail if every finding replayed is reached
// again, exitOK if the schedules still apply but some finding is no
// longer reached, and exitError if a schedule does not apply any more.
func replay(ctx context.Context, cfg config, e env) exitStatus {
	rep, err := readReport(cfg.replay)
	if err != nil {
		fmt.Fprintf(e.stderr, "cmcheck: %v\n", err)
		return exitError
	}
	all := rep.Findings()
	selected := all
	if cfg.finding != 0 {
		if cfg.finding < 1 || cfg.finding > len(all) {
			fmt.Fprintf(e.stderr, "cmcheck: -finding %d: %s has %s\n", cfg.finding, cfg.replay, plural(len(all), "finding"))
			return exitUsage
		}
		selected = all[cfg.finding-1 : cfg.finding]
	}
	if len(selected) == 0 {
		fmt.Fprintf(e.stdout, "%s has no findings to replay\n", cfg.replay)
		return exitOK
	}
	dir := rep.Dir
	if cfg.dir != "" {
		dir = cfg.dir // the sources moved
	}
	prog, err := frontend.Load(frontend.Config{Dir: dir, Tests: true}, rep.Patterns...)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitError
	}
	entries := make(map[string]frontend.Entry)
	for _, en := range prog.Entries {
		entries[en.Name] = en
	}
	it := model.New(prog.SSA)
	opts := rep.Options.Explorer()
	st := exitOK
	for i, ef := range selected {
		if ctx.Err() != nil {
			return worst(st, exitError)
		}
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		st = worst(st, replayOne(it, entries, prog.Dir(), rep, ef, opts, e))
	}
	return st
}

func replayOne(it *model.Interp, entries map[string]frontend.Entry, dir string, rep *reports.Report, ef reports.EntryFinding, opts explorer.Options, e env) exitStatus {
	f := ef.Finding
	fail := func(format string, args ...any) exitStatus {
		fmt.Fprintf(e.stderr, "cmcheck: replay of finding %d (%s at %s): %s\n", f.ID, f.Kind, f.Pos, fmt.Sprintf(format, args...))
		return exitError
	}
	fmt.Fprintf(e.stdout, "replaying finding %d: %s at %s in %s (%s)\n", f.ID, f.Kind, f.Pos, ef.Entry.Name, plural(len(f.Schedule), "step"))
	entry, ok := entries[ef.Entry.Name]
	if !ok {
		return fail("entry point %s is not in the packages %v any more", ef.Entry.Name, rep.Patterns)
	}
	visible, err := reports.ResolveVisible(entry, dir, f.Visible)
	if err != nil {
		return fail("%v", err)
	}
	found, err := explorer.Replay(it, entry, f.Schedule, visible, opts)
	if err != nil {
		return fail("the saved schedule does not apply to the current code: %v", err)
	}
	// Render what the replay found in the report's terms.
	res := &explorer.Result{Entry: entry, Verdict: explorer.Bug, Findings: found}
	if len(found) == 0 {
		res.Verdict = explorer.Verified
	}
	now := reports.New(reports.RunInfo{Dir: dir, Options: rep.Options}, []*explorer.Result{res})
	var again *reports.Finding
	var others []string
	for _, nf := range now.Findings() {
		if nf.Finding.Kind == f.Kind && nf.Finding.Pos == f.Pos {
			again = nf.Finding
		} else {
			others = append(others, fmt.Sprintf("%s at %s", nf.Finding.Kind, nf.Finding.Pos))
		}
	}
	if again == nil {
		fmt.Fprintf(e.stdout, "the schedule replays in full but no longer reaches the %s at %s", f.Kind, f.Pos)
		if len(others) > 0 {
			fmt.Fprintf(e.stdout, " (it reaches: %v)", others)
		}
		fmt.Fprintln(e.stdout)
		return exitOK
	}
	again.ID = f.ID
	if err := reports.WriteFinding(e.stdout, &now.Entries[0], again, true); err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(e.stdout, "reproduced: %s at %s\n", f.Kind, f.Pos)
	return exitFail
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
