package reports

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// arrow is an edge of the message sequence chart of a trace: from a step
// of one goroutine to a step of another (possibly the same step, for a
// rendezvous).
type arrow struct {
	From  int    `json:"from"` // step index
	FromG int    `json:"fromG"`
	To    int    `json:"to"` // step index, >= From
	ToG   int    `json:"toG"`
	Kind  string `json:"kind"` // arrowMessage, arrowSync or arrowSpawn
	Label string `json:"label"`
}

// Kinds of arrows.
const (
	arrowMessage = "message" // a value passed over a channel
	arrowSync    = "sync"    // a release that an acquire waited for: unlock→lock, Done→Wait, close→receive, Signal→wake
	arrowSpawn   = "spawn"   // a go statement
)

var (
	bufferedRE = regexp.MustCompile(`^len \d+/(\d+)$`)
	counterRE  = regexp.MustCompile(`^counter (\d+)$`)
	wakesOneRE = regexp.MustCompile(`^wakes goroutine (\d+)$`)
)

// chartArrows derives the arrows of a trace from its steps: rendezvous (a
// step's Partner), values passed through channel buffers (the k-th send
// on a buffered channel to its k-th receive), releases followed by an
// acquire of the same object by another goroutine (unlock then lock,
// Done or Add bringing the counter to zero then Wait, close then a
// receive that sees it closed, Signal or Broadcast then the woken
// goroutine's wake-up), timer firings to the receive of the timer's
// channel, and go statements (from the parent to the child's first
// step).
func chartArrows(f *Finding) []arrow {
	steps := f.Trace.Steps
	var out []arrow
	add := func(from Step, to Step, kind, label string) {
		if from.Index == to.Index && from.G == to.G {
			return
		}
		out = append(out, arrow{From: from.Index, FromG: from.G, To: to.Index, ToG: to.G, Kind: kind, Label: label})
	}

	// Rendezvous.
	for _, s := range steps {
		if s.Partner == 0 {
			continue
		}
		p := Step{Index: s.Index, G: s.Partner}
		switch {
		case s.G == 0:
			add(s, p, arrowSync, "timer wakes goroutine")
		case s.Op == "chan send", strings.HasSuffix(s.Detail, ": send"):
			add(s, p, arrowMessage, s.Object)
		case strings.HasSuffix(s.Detail, ": receive"):
			add(p, s, arrowMessage, s.Object)
		case s.Op == "subtest done":
			add(p, s, arrowSync, "subtest done")
		default:
			add(s, p, arrowMessage, s.Object)
		}
	}

	// Values through buffers, FIFO per channel.
	buffered := make(map[string]bool)
	for _, s := range steps {
		if s.Op == "chan send" && bufferedRE.MatchString(s.Detail) {
			if m := bufferedRE.FindStringSubmatch(s.Detail); m[1] != "0" {
				buffered[s.Object] = true
			}
		}
	}
	timerChans := make(map[Position]string) // timer start position -> channel
	for _, s := range steps {
		if (s.Op == "timer start" || s.Op == "ticker start") && strings.HasPrefix(s.Object, "chan ") && s.Pos != nil {
			timerChans[*s.Pos] = s.Object
			buffered[s.Object] = true
		}
	}
	queues := make(map[string][]Step)
	for _, s := range steps {
		if s.Object == "" || !buffered[s.Object] {
			continue
		}
		switch {
		case s.Partner != 0:
			// A rendezvous, drawn above.
		case s.Op == "chan send", strings.HasSuffix(s.Detail, ": send"):
			queues[s.Object] = append(queues[s.Object], s)
		case s.Op == "timer fire" || s.Op == "ticker fire":
			// handled below
		case (s.Op == "chan recv" && s.Detail == "") || strings.HasSuffix(s.Detail, ": receive"):
			if q := queues[s.Object]; len(q) > 0 {
				add(q[0], s, arrowMessage, s.Object)
				queues[s.Object] = q[1:]
			}
		}
	}

	// Timer firings to the receive of their channel.
	for i, s := range steps {
		if s.G != 0 || s.Pos == nil {
			continue
		}
		ch, ok := timerChans[*s.Pos]
		if !ok {
			continue
		}
		for _, t := range steps[i+1:] {
			if t.G != 0 && t.Object == ch && (t.Op == "chan recv" || strings.HasSuffix(t.Detail, ": receive")) {
				add(s, t, arrowMessage, "timer "+ch)
				break
			}
			if t.G == 0 && t.Pos != nil && *t.Pos == *s.Pos {
				break // the next firing
			}
		}
	}

	// Releases to acquires.
	for i, s := range steps {
		if s.G == 0 || s.Object == "" {
			continue
		}
		rest := steps[i+1:]
		switch s.Op {
		case "unlock", "rwmutex unlock", "rwmutex runlock":
			for _, t := range rest {
				if t.Object != s.Object {
					continue
				}
				if isAcquire(t) {
					if t.G != s.G {
						add(s, t, arrowSync, s.Object)
					}
					break
				}
			}
		case "waitgroup done", "waitgroup add":
			if m := counterRE.FindStringSubmatch(s.Detail); m == nil || m[1] != "0" {
				continue
			}
			for _, t := range rest {
				if t.Object != s.Object {
					continue
				}
				if t.Op == "waitgroup add" {
					if m := counterRE.FindStringSubmatch(t.Detail); m != nil && m[1] != "0" {
						break // a new round of the counter
					}
				}
				if t.Op == "waitgroup wait" && t.G != s.G {
					add(s, t, arrowSync, s.Object)
				}
			}
		case "chan close":
			for _, t := range rest {
				if t.Object == s.Object && t.G != s.G && strings.Contains(t.Detail, "closed") && t.Op != "chan close" {
					add(s, t, arrowSync, "close "+s.Object)
				}
			}
		case "cond signal", "cond broadcast":
			var woken []int
			if m := wakesOneRE.FindStringSubmatch(s.Detail); m != nil {
				if g, err := strconv.Atoi(m[1]); err == nil {
					woken = append(woken, g)
				}
			} else if s.Op == "cond broadcast" {
				woken = condWaiters(steps[:i], s.Object)
			}
			for _, g := range woken {
				for _, t := range rest {
					if t.G == g && t.Op == "cond wake" {
						add(s, t, arrowSync, s.Op)
						break
					}
				}
			}
		}
	}

	// Go statements.
	parent := make(map[int]int)
	for _, g := range f.Trace.Goroutines {
		parent[g.ID] = g.Parent
	}
	started := make(map[int]bool)
	for _, s := range steps {
		if s.G == 0 || started[s.G] {
			continue
		}
		started[s.G] = true
		if p := parent[s.G]; p != 0 && s.Op == "go start" {
			add(Step{Index: s.Index, G: p}, s, arrowSpawn, "go")
		}
	}

	sort.SliceStable(out, func(i, j int) bool {
		if out[i].From != out[j].From {
			return out[i].From < out[j].From
		}
		return out[i].To < out[j].To
	})
	return out
}

func isAcquire(s Step) bool {
	switch s.Op {
	case "lock", "rwmutex lock", "rwmutex rlock", "cond wake":
		return true
	case "trylock", "rwmutex trylock", "rwmutex tryrlock":
		return s.Detail != "failed"
	}
	return false
}

// condWaiters returns the goroutines waiting on cond after steps: those
// whose last cond operation on it is a wait.
func condWaiters(steps []Step, cond string) []int {
	waiting := make(map[int]bool)
	for _, s := range steps {
		if s.Object != cond {
			continue
		}
		switch s.Op {
		case "cond wait":
			waiting[s.G] = true
		case "cond broadcast":
			clear(waiting)
		}
		if m := wakesOneRE.FindStringSubmatch(s.Detail); m != nil {
			if g, err := strconv.Atoi(m[1]); err == nil {
				delete(waiting, g)
			}
		}
	}
	var gs []int
	for g := range waiting {
		gs = append(gs, g)
	}
	sort.Ints(gs)
	return gs
}
