// Package difftest checks cmcheck against the real Go runtime on random
// programs, and fuzzes its loader and evaluator.
//
// # Differential test
//
// Generate makes small concurrent programs from a seed: main and 1 to 3
// goroutines, buffered and unbuffered channels, select with and without
// default, close, sync.Mutex, sync.WaitGroup (sometimes with a wrong
// count), a counter protected by the mutex, and sometimes a deliberately
// unprotected one (Program.Racy); every goroutine prints what it does, so
// the output shows the interleaving. Loops are bounded, so a program ends
// quickly: it exits, panics, dies of a fatal error or deadlocks. Each
// program has at most a dozen or so visible operations, so that its
// exhaustive exploration takes milliseconds.
//
// TestDifferential builds a batch of programs into two binaries (with and
// without -race; each also in a variant with runtime.Gosched() after every
// statement), which dispatch on their first argument, runs each program
// many times with GOMAXPROCS 1, 2 and 4, and explores each with cmcheck
// (explorer.Options.Outcomes). It then checks:
//
//   - every outcome of a real run (standard output, the program's own
//     standard error, and the end: "exit N", "panic" or "fatal" with the
//     message, "deadlock") is one of the outcomes cmcheck explored;
//   - every race the race detector reports is a data-race finding of
//     cmcheck between the same two lines (the variants keep every
//     statement on the same line, so that the lines agree);
//   - every finding replays (explorer.Replay) to the same kind at the same
//     position;
//   - a program without unprotected accesses has no data-race or
//     atomicity finding (a close unordered with a send on the same channel
//     excepted: that is a race for Go's race detector too);
//   - panic and deadlock outcomes go with panic and deadlock findings;
//   - exploration is complete (an incomplete one means the generator made
//     too big a program).
//
// Not checked, because the real runtime only samples them: that every
// outcome cmcheck explores is possible. The test reports how many of
// cmcheck's outcomes the real runs saw.
//
// A disagreement is printed with the program, the real outcomes (with the
// configurations that produced them) and cmcheck's outcomes and findings.
// A missing outcome is then looked for with a search of every
// interleaving of cmcheck's model (no reduction), pruned by the outcome's
// output (search.go), which tells the explorer's fault (the model reaches
// it) from the model's. Disagreements traced to a known cause
// (Disagreement.Known) are logged, not failed, unless
// CMCHECK_DIFFTEST_STRICT=1; each known cause is a reported cmcheck bug,
// and its tolerance goes when the bug is fixed:
//
//   - "reduction": the model reaches the missing outcome (or, for a
//     missing race, exploring without reduction finds it): the explorer's
//     partial-order reduction pruned it. Mechanisms found: a step that
//     ends the program (an unrecovered panic, a fatal error such as unlock
//     of an unlocked mutex, os.Exit) is not known to conflict with the
//     other goroutines' steps; the operations of goroutines left blocked
//     at the end of an execution are not analysed for conflicts; a select
//     with default does not conflict with the step that brings a sender
//     to the channel; a select's send pairs with one of several waiting
//     receivers only; len(c) is not a read of the channel.
//   - "chan-race": the race detector reports a close unordered with a send
//     as a data race, between lines where cmcheck reports none.
//   - "chan-atomicity": a lost-update (atomicity) finding on a channel
//     between a send and a close, which has no value to lose.
//   - "runtime-hang": the real program printed its crash and then hung; a
//     bug of the Go runtime (a panic and a fatal error at once), not of
//     cmcheck.
//
// A missing outcome that the model cannot reach is not tolerated. If the
// model of the same program with runtime.Gosched() after every statement
// reaches it, the disagreement says so: the two programs have the same
// executions under Go, so the model misses a point where other
// goroutines can run. (Two classes found that way are fixed: the end of
// the program by a panic, a fatal error or os.Exit is a step of its own,
// after which other goroutines may have run, even main returning with
// status 0 first; and a non-blocking select may find that a partner
// parked at the matching operation has not arrived yet.)
//
// Statement kinds listed in knownExcluded would be left out of the
// default run while they produce reported disagreements that the
// classifiers above do not recognise (CMCHECK_DIFFTEST_ALL=1 puts them
// back); the list is empty since len of a channel and a constant write
// under the lock were fixed.
//
// # Modelling choices that are not disagreements
//
//   - Goroutines left blocked when main returns are not an outcome: the
//     process ends, as under the real runtime.
//   - Map iteration is in insertion order, one of the orders Go allows; the
//     generated programs use no maps.
//   - Time is virtual; the generated programs use no timers.
//   - The race detector sees far fewer races than cmcheck (only those of
//     the interleavings it happens to run, and only unordered by the
//     synchronisation it observed): only a real race that cmcheck misses
//     is a disagreement.
//   - cmcheck over-approximates in documented places (senders blocked on
//     a full channel, and receivers on an empty one, complete in any order
//     rather than FIFO; mutexes are not fair): outcomes cmcheck explores
//     and the runtime never shows are not checked.
//
// # The harness
//
// A crash report (a line starting "panic: " or "fatal error: ") in a run
// whose exit status is not 2 was cut short by another goroutine's exit
// (main returning, os.Exit), which ended the program first: the outcome
// is that exit, and the crash report is not part of the output. A race
// report cut short before its "WARNING: DATA RACE" line makes the run a
// race run whose race is unknown.
//
// The race runtime does not detect global deadlocks (a deadlocked -race
// binary hangs), so the race build includes a watchdog that samples
// every goroutine's status and fails as the runtime would ("all
// goroutines are asleep") when all of them wait on channels or sync
// primitives. The race runtime's one-second sleep at exit is turned off
// (GORACE=atexit_sleep_ms=0). A run of the race build costs about ten
// times one of the plain build, so most runs use the plain build (see
// Schedule).
//
// # Fuzzing
//
// FuzzLoadExec loads arbitrary source text with the frontend, explores its
// entry points within small bounds and runs it once with Interp.Exec; any
// Go panic escaping cmcheck is a failure (CMCHECK_FUZZ_INTERNAL=1 also
// fails on internal errors).
//
// The package carries no compatibility promise: it exists for its tests.
package difftest
