// Cmcheck is a model checker for Go concurrency: it explores the
// interleavings of the goroutines of each test, main function and
// //cmcheck:entry function of the packages named, and either proves,
// within stated bounds, that none deadlocks, leaks a goroutine, loses a
// message, panics, races or fails the test, or prints a concrete
// counterexample trace.
//
// Usage:
//
//	cmcheck [flags] PATTERN...                 check packages
//	cmcheck -format FORMAT -from results.json  render saved results
//	cmcheck -replay results.json [-finding N]  re-execute saved traces
//	cmcheck -explain KIND                      document a finding kind
//	cmcheck -exec FILE.go                      run a program once, as go run would
//	go vet -vettool=$(which cmcheck) PACKAGES  check packages under go vet
//
// Patterns are the go command's (./..., import paths, directories, a .go
// file).
//
// # Output formats
//
// -format selects the output, written to standard output or, with -o
// FILE, to FILE (replaced atomically: a temporary file beside it is
// renamed over it once complete; nothing else is ever written).
//
//   - text (the default): for each finding a line "file:line:col: kind:
//     message" with its related locations indented below, then the trace
//     of the execution that exhibits it and the final state of its
//     goroutines in the vocabulary of Go's goroutine dumps
//     ("goroutine 3 [chan send]:", "created by pkg.f in goroutine 1 at
//     file:line:col"). By default only the steps of the goroutines
//     involved in the finding are shown, and the others are counted; -v
//     shows every step. Then a line per entry point with its verdict
//     (and, with -stats, its statistics) and a summary line. Paths are
//     relative to the working directory.
//   - json: the canonical, versioned result model (documented field by
//     field in package reports). Every other format can be rendered from
//     it later with -from.
//   - sarif: SARIF 2.1.0, for GitHub code scanning and other viewers: a
//     rule per finding kind (help from -explain), a result per finding
//     with a code flow whose thread flows are the goroutines, and stable
//     partial fingerprints.
//   - html: one self-contained page (no network access) with a message
//     sequence chart of each trace: a lane per goroutine, a row per
//     step, arrows for communication and unblocking, the blocked
//     goroutines highlighted, step-forward and step-back controls
//     (buttons and arrow keys) and the state at the selected step.
//
// # Verdicts and exit status
//
// Each entry point ends with a verdict: bug (findings with traces),
// verified (every schedule explored within the bounds), incomplete (a
// bound was hit: which one is said) or unsupported (a construct cmcheck
// cannot model, with its position). Verdicts are not exit statuses: the
// status is derived once the run is over, and when several apply the
// worst wins (2 over 1 over 3 over 0):
//
//	0  nothing failed
//	3  some entry point's verdict is in the -fail-on set: by default
//	   {bug} for the text and html formats and {} for json and sarif
//	   (which are meant to be read by programs; -fail-on-bug restores
//	   bug). -fail-on=bug,incomplete,unsupported makes entry points that
//	   were not fully checked fail too; -fail-on=none never fails
//	1  bad input (load or type errors, unreadable saved results) or a
//	   failure of the tool; with -replay, a saved schedule that does not
//	   apply to the current code
//	2  bad command line
//
// With -exec, the status is the program's own (2 for a panic). Under go
// vet, the status follows go vet's conventions.
//
// # Replay
//
// -replay results.json reloads the packages recorded in the file (its
// patterns, from its directory, or from -C DIR if the sources moved),
// finds each finding's entry point by name and re-executes its saved
// schedule deterministically, printing the trace step by step. The exit
// status is 3 if the finding is reached again, 0 if the schedule applies
// but no longer reaches it, and 1 if the schedule does not apply (the
// code changed): the message says at which step and why.
//
// # Progress
//
// When standard error is a terminal, a status line there shows the entry
// point being explored, the time spent on it and the time bound (and,
// once the explorer reports them, executions, their rate and the depth).
// -progress shows it even when standard error is not a terminal.
// Otherwise nothing is written to standard error but errors.
//
// # go vet
//
// Under go vet -vettool=$(which cmcheck), cmcheck is run once per
// package (with its _test.go files, if any) and checks that package's
// entry points; findings are vet diagnostics (file:line:col: kind:
// message) and make go vet fail; -json gives go vet's JSON format. The
// flags -timeout, -max-executions, -max-steps, -leak-on-main,
// -no-reduction, -no-state-cache and -no-race pass through. What go vet mode cannot do:
// vet hands cmcheck one package at a time, so each package is loaded
// and checked on its own (the standalone mode loads all packages once,
// and can check entry points whose goroutines run code of several
// packages in one run); there are no traces, no output formats, no
// -from, -replay or -explain, and verdicts other than bug are only
// notes on standard error.
//
// # Limitations
//
// What is modelled, and what makes an entry point unsupported, is
// described in the README: sync, sync/atomic, time (virtual), context,
// runtime and testing are modelled; cgo, unsafe pointer arithmetic,
// reflection and file or network I/O make an entry unsupported, with
// the position of the construct.
package main
