package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
)

// Version is the version of the JSON result model written by this
// package. Read refuses other versions.
const Version = 1

// Report is the result of one cmcheck run: the canonical, versioned data
// from which every output format is rendered. See the package comment for
// the meaning of each JSON field.
type Report struct {
	Version  int      `json:"version"`
	Tool     Tool     `json:"tool"`
	Dir      string   `json:"dir"`
	Patterns []string `json:"patterns"`
	Options  Options  `json:"options"`
	Entries  []Entry  `json:"entries"`
	Summary  Summary  `json:"summary"`
}

// Tool identifies the program that produced a report.
type Tool struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	GoVersion string `json:"goVersion"`
}

// Options are the bounds and switches of the exploration.
type Options struct {
	Timeout       Duration `json:"timeout"`
	MaxExecutions int      `json:"maxExecutions"`
	MaxSteps      int      `json:"maxSteps"`
	LeakOnMain    bool     `json:"leakOnMain,omitempty"`
	NoReduction   bool     `json:"noReduction,omitempty"`
	NoRace        bool     `json:"noRace,omitempty"`
	NoStateCache  bool     `json:"noStateCache,omitempty"`
	NoSymmetry    bool     `json:"noSymmetry,omitempty"`
	NoSnapshots   bool     `json:"noSnapshots,omitempty"`
	Workers       int      `json:"workers,omitempty"`
	MaxMemory     uint64   `json:"maxMemoryBytes,omitempty"`
	Preemptions   int      `json:"preemptions,omitempty"`
	FairTime      bool     `json:"fairTime,omitempty"`
	PCTRuns       int      `json:"pctRuns,omitempty"`
	PCTTimeout    Duration `json:"pctTimeout,omitempty"`
	PCTDepth      int      `json:"pctDepth,omitempty"`
}

// Explorer returns the explorer options that o records.
func (o Options) Explorer() explorer.Options {
	return explorer.Options{
		Timeout:       time.Duration(o.Timeout),
		MaxExecutions: o.MaxExecutions,
		MaxSteps:      o.MaxSteps,
		LeakOnMain:    o.LeakOnMain,
		NoReduction:   o.NoReduction,
		NoRace:        o.NoRace,
		NoStateCache:  o.NoStateCache,
		NoSymmetry:    o.NoSymmetry,
		NoSnapshots:   o.NoSnapshots,
		Workers:       o.Workers,
		MaxMemory:     o.MaxMemory,
		Preemptions:   o.Preemptions,
		FairTime:      o.FairTime,
		PCTRuns:       pctRuns(o.PCTRuns),
		PCTTimeout:    time.Duration(o.PCTTimeout),
		PCTDepth:      o.PCTDepth,
	}
}

// pctRuns maps the command's -pct (0: none) to explorer.Options.PCTRuns
// (0: the default, negative: none).
func pctRuns(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// Summary counts the entries by verdict, and the findings.
type Summary struct {
	Entries     int `json:"entries"`
	Bug         int `json:"bug"`
	Verified    int `json:"verified"`
	Incomplete  int `json:"incomplete"`
	Unsupported int `json:"unsupported"`
	Findings    int `json:"findings"`
}

// Entry is the outcome of exploring one entry point.
type Entry struct {
	Name     string    `json:"name"`
	Kind     string    `json:"kind"`
	Package  string    `json:"package"`
	Pos      Position  `json:"pos"`
	Verdict  string    `json:"verdict"`
	Reason   string    `json:"reason,omitempty"`
	Stats    Stats     `json:"stats"`
	Findings []Finding `json:"findings,omitempty"`
}

// Stats measure the exploration of an entry point.
type Stats struct {
	Executions  int    `json:"executions"`
	Transitions int    `json:"transitions"`
	MaxDepth    int    `json:"maxDepth"`
	WallTimeNS  int64  `json:"wallTimeNs"`
	PeakHeap    uint64 `json:"peakHeapBytes"`
	// State caching: distinct states stored, executions cut short at a
	// state explored before, distinct deadlocked states, the bytes of the
	// fingerprint table, and the probability that hash compaction made
	// the search skip a state.
	States         int     `json:"states,omitempty"`
	CacheHits      int     `json:"cacheHits,omitempty"`
	DeadlockStates int     `json:"deadlockStates,omitempty"`
	CacheBytes     int     `json:"cacheBytes,omitempty"`
	Omission       float64 `json:"omissionProbability,omitempty"`
	// PCTExecutions counts the random executions run after an incomplete
	// exhaustive search (included in executions).
	PCTExecutions int `json:"pctExecutions,omitempty"`
}

// Finding is one bug with the execution that exhibits it.
type Finding struct {
	ID       int       `json:"id"`
	Kind     string    `json:"kind"`
	Pos      Position  `json:"pos"`
	Message  string    `json:"message"`
	Related  []Related `json:"related,omitempty"`
	Involved []int     `json:"involved,omitempty"`
	Trace    Trace     `json:"trace"`
	Schedule Schedule  `json:"schedule"`
	Visible  []Access  `json:"visible,omitempty"`
	// FirstLength is the number of steps of the first execution found to
	// reach the finding; the trace is the shortest found (fewest steps,
	// then fewest context switches).
	FirstLength int `json:"firstLength,omitempty"`
}

// Related is a second place involved in a finding.
type Related struct {
	Pos     Position `json:"pos"`
	Message string   `json:"message"`
}

// Trace is the execution of a finding, step by step, and the state of
// every goroutine at its end.
type Trace struct {
	Steps      []Step      `json:"steps"`
	Goroutines []Goroutine `json:"goroutines"`
}

// Step is one visible operation.
type Step struct {
	Index   int       `json:"index"`
	G       int       `json:"g"`
	Op      string    `json:"op"`
	Pos     *Position `json:"pos,omitempty"`
	Object  string    `json:"object,omitempty"`
	Detail  string    `json:"detail,omitempty"`
	Partner int       `json:"partner,omitempty"`
}

// Goroutine is the state of a goroutine at the end of a trace.
type Goroutine struct {
	ID        int       `json:"id"`
	Func      string    `json:"func"`
	Parent    int       `json:"parent,omitempty"`
	CreatedAt *Position `json:"createdAt,omitempty"`
	Status    string    `json:"status"`
	BlockedAt *Position `json:"blockedAt,omitempty"`
}

// Blocked reports whether the goroutine ended blocked.
func (g *Goroutine) Blocked() bool {
	return g.Status != StatusExited && g.Status != StatusRunnable
}

// Goroutine statuses that are not a blocking operation.
const (
	StatusExited   = "exited"
	StatusRunnable = "runnable"
)

// Position is a source position. File is relative to Report.Dir (with
// forward slashes) when the file is inside it, absolute otherwise.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col,omitempty"`
}

func (p Position) String() string {
	if p.File == "" {
		return "-"
	}
	if p.Col == 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// parsePosition parses "file:line:col" (or "file:line").
func parsePosition(s string) (Position, error) {
	var p Position
	rest := s
	nums := make([]int, 0, 2)
	for range 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		nums = append(nums, n)
		rest = rest[:i]
	}
	switch len(nums) {
	case 2:
		p.Line, p.Col = nums[1], nums[0]
	case 1:
		p.Line = nums[0]
	default:
		return p, fmt.Errorf("bad position %q: want file:line:col", s)
	}
	p.File = rest
	if p.File == "" || p.Line <= 0 {
		return p, fmt.Errorf("bad position %q: want file:line:col", s)
	}
	return p, nil
}

// Access is a load or store that was a scheduling point when the finding
// was found (see explorer.Finding.Visible).
type Access struct {
	Pos   Position `json:"pos"`
	Op    string   `json:"op"` // "load" or "store"
	Func  string   `json:"func"`
	Index int      `json:"index,omitempty"`
}

// Duration is a time.Duration that is written in JSON as a string in
// Go syntax ("1m30s").
type Duration time.Duration

func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration: %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration: %w", err)
	}
	*d = Duration(v)
	return nil
}

// Findings returns the findings of every entry, in order, with their
// entries.
func (r *Report) Findings() []EntryFinding {
	var out []EntryFinding
	for i := range r.Entries {
		e := &r.Entries[i]
		for j := range e.Findings {
			out = append(out, EntryFinding{Entry: e, Finding: &e.Findings[j]})
		}
	}
	return out
}

// EntryFinding is a finding with its entry.
type EntryFinding struct {
	Entry   *Entry
	Finding *Finding
}

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding results: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// Read decodes a report written by WriteJSON. It fails for a version
// other than Version.
func Read(data []byte) (*Report, error) {
	var probe struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("not a cmcheck JSON report: %w", err)
	}
	if probe.Version == nil {
		return nil, fmt.Errorf("not a cmcheck JSON report: no \"version\" field")
	}
	if *probe.Version != Version {
		return nil, fmt.Errorf("report has version %d; this cmcheck reads version %d (use the cmcheck that wrote it)", *probe.Version, Version)
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("decoding report: %w", err)
	}
	return &r, nil
}
