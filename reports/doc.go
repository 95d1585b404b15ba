// Package reports holds cmcheck's result model and renders it.
//
// One data structure, [Report], describes a run: built from the
// explorer's results by [New], written as JSON by [WriteJSON] and read
// back by [Read]. JSON is the canonical form: every other format is
// rendered from a Report, so "cmcheck -format html -from results.json"
// gives the same page as the run itself. The renderers are [WriteText]
// (go vet-style lines, then traces in the vocabulary of Go's goroutine
// dumps), [WriteSARIF] (SARIF 2.1.0, for code scanning) and [WriteHTML]
// (one self-contained page with a message sequence chart of each
// trace). The documentation of each finding kind is one table, [Kinds],
// which feeds cmcheck -explain, the SARIF rules, the HTML page and the
// README. [ResolveVisible] and [ParseSchedule] give -replay what it needs
// to re-execute a saved trace.
//
// This package has no compatibility promise; the JSON format does (see
// below).
//
// # Limits
//
//   - The state shown at each step of the HTML chart is reconstructed
//     from the steps' objects and details (lock holders, channel lengths,
//     WaitGroup counters, atomic values); what a step does not say (the
//     mutex Cond.Wait releases, values in channels) is not shown.
//   - The arrows of the chart are derived from the steps (see chartArrows in arrows.go):
//     a rendezvous partner, FIFO matching of buffered sends and receives,
//     a release followed by an acquire of the same object.
//   - The goroutine that started another is named in text output only
//     for closures (pkg.f$1 is started in pkg.f).
//   - The goroutines "involved" in a finding, whose steps the text format
//     shows by default, are derived from its kind, its messages (the
//     goroutines and objects they name) and rendezvous.
//
// # JSON format, version 1
//
// A report is one JSON object. Positions are objects {"file", "line",
// "col"} whose file is relative to "dir" (with forward slashes) when the
// file is inside it, absolute otherwise (the standard library); "col" is
// a byte column, omitted when unknown. Optional fields are omitted when
// empty. Readers must ignore fields they do not know; a change that
// breaks readers increments "version".
//
//	version     1
//	tool        {"name": "cmcheck", "version": cmcheck's version, "goVersion": the Go release it was built with}
//	dir         the absolute working directory the packages were loaded from
//	patterns    the package patterns, as given (reloaded by -replay)
//	options     the bounds and switches of the run:
//	  timeout         wall-time bound per entry point, a Go duration ("1m0s")
//	  maxExecutions   executions per entry point
//	  maxSteps        visible operations per execution
//	  leakOnMain      goroutines left blocked when main returns are leaks
//	  noReduction     partial-order reduction was off
//	  noRace          data-race and atomicity detection was off
//	  noStateCache    state caching was off
//	  noSymmetry      state caching told apart states that differ only in goroutine numbering
//	  noSnapshots     executions replayed from the initial state (no state copies)
//	  workers         goroutines that searched each entry point (-workers), if more than 1
//	  preemptions     the preemption bound (-preemptions), if any
//	  fairTime        local work took no time (-fair-time)
//	  pctRuns, pctTimeout, pctDepth
//	                  the random search run after an incomplete
//	                  exhaustive one (-pct, -pct-timeout, -pct-depth)
//	  maxMemoryBytes  the heap bound given with -max-memory
//	entries     one object per entry point, in the order explored:
//	  name        package path and function: "example.com/p.TestFoo"
//	  kind        "test", "main" or "marked" (a //cmcheck:entry function)
//	  package     import path of its package
//	  pos         position of the function
//	  verdict     "bug" (findings below), "verified" (every schedule
//	              explored within the bounds), "incomplete" (a bound was
//	              hit: reason says which) or "unsupported" (reason says
//	              what construct, where)
//	  reason      for incomplete and unsupported; for a bug, the bound
//	              that was also hit, if any
//	  stats       executions, transitions (steps taken, replayed ones
//	              included), maxDepth (longest execution), wallTimeNs,
//	              peakHeapBytes (sampled); with state caching also
//	              states (distinct states stored), cacheHits (executions
//	              cut short at a state explored before), deadlockStates
//	              (distinct deadlocked states), cacheBytes (the
//	              fingerprint table) and omissionProbability (the chance
//	              that a 64-bit fingerprint collision skipped a state);
//	              pctExecutions, the random executions run after an
//	              incomplete exhaustive search
//	  findings    the bugs found:
//	    id          finding number in the report, from 1 (-replay -finding N)
//	    kind        deadlock, leak, lost-message, panic, data-race,
//	                atomicity or test-failure (cmcheck -explain KIND)
//	    pos         where the bug is reported
//	    message     what happened
//	    related     [{pos, message}]: the other places involved (the other
//	                access of a race, the go statement of a leaked goroutine)
//	    involved    the goroutines that take part (text output shows their
//	                steps by default)
//	    trace       the execution that exhibits the bug:
//	      steps       one object per visible operation:
//	        index       step number, from 1
//	        g           goroutine number (in creation order, from 1); 0 for
//	                    a timer firing
//	        op          the operation: "go start", "chan send", "chan recv",
//	                    "chan close", "select", "lock", "unlock",
//	                    "waitgroup add", "waitgroup wait", "atomic load",
//	                    "timer fire", "read", "write", ...
//	        pos         where it is in the source (absent for some, such
//	                    as the end of main)
//	        object      what it touches: "chan 3", "mutex 2", "waitgroup 1",
//	                    "mem 4" (numbered per execution)
//	        detail      the values that matter: "len 1/2", "counter 0",
//	                    "case 1: receive", "closed"
//	        partner     the goroutine at the other end of a rendezvous
//	      goroutines  the state of every goroutine at the end:
//	        id, func (the function it started with), parent (the goroutine
//	        that started it), createdAt (the go statement), status
//	        ("exited", "runnable", or what it is blocked in:
//	        "chan send", "sync.Mutex.Lock", ...), blockedAt
//	    schedule    the transition taken at each step, which replays the
//	                execution: "g3" (goroutine 3 moves), "g3.1" (goroutine
//	                3 takes its alternative 1, such as a select case with a
//	                given partner), "timer7" (timer 7 fires); see
//	                [ParseTransition]
//	    firstLength the steps of the first execution found to reach the
//	                finding; the trace reported is the shortest found
//	                (fewest steps, then fewest context switches)
//	    visible     the loads and stores that were scheduling points when
//	                the finding was found (race-directed exploration):
//	                [{pos, op ("load" or "store"), func (the SSA function
//	                containing it), index (among the accesses with the same
//	                position, op and function, in block order; omitted
//	                when 0)}]; -replay finds them again in the reloaded
//	                program (see [ResolveVisible])
//	summary     counts: entries, bug, verified, incomplete, unsupported,
//	            findings
package reports
