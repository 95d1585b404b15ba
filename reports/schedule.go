package reports

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cmcheck/cmcheck/model"
)

// Schedule is the transition taken at each step of an execution. In JSON
// it is a list of strings in the syntax of model.Transition.String: "g3"
// (goroutine 3 takes its only way forward), "g3.1" (goroutine 3 takes its
// alternative number 1, such as a select case with a given partner),
// "timer7" (timer 7 fires).
type Schedule []model.Transition

func (s Schedule) MarshalJSON() ([]byte, error) {
	strs := make([]string, len(s))
	for i, t := range s {
		strs[i] = t.String()
	}
	return json.Marshal(strs)
}

func (s *Schedule) UnmarshalJSON(b []byte) error {
	var strs []string
	if err := json.Unmarshal(b, &strs); err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	out := make(Schedule, len(strs))
	for i, str := range strs {
		t, err := ParseTransition(str)
		if err != nil {
			return fmt.Errorf("schedule step %d: %w", i+1, err)
		}
		out[i] = t
	}
	*s = out
	return nil
}

func (s Schedule) String() string {
	strs := make([]string, len(s))
	for i, t := range s {
		strs[i] = t.String()
	}
	return strings.Join(strs, " ")
}

// ParseSchedule parses transitions separated by spaces or commas.
func ParseSchedule(str string) (Schedule, error) {
	fields := strings.FieldsFunc(str, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
	s := make(Schedule, 0, len(fields))
	for i, f := range fields {
		t, err := ParseTransition(f)
		if err != nil {
			return nil, fmt.Errorf("schedule step %d: %w", i+1, err)
		}
		s = append(s, t)
	}
	return s, nil
}

// ParseTransition parses the syntax of model.Transition.String: "gG",
// "gG.K" (K > 0) or "timerK".
func ParseTransition(s string) (model.Transition, error) {
	bad := func() (model.Transition, error) {
		return model.Transition{}, fmt.Errorf("bad transition %q: want gN, gN.K or timerN", s)
	}
	if rest, ok := strings.CutPrefix(s, "timer"); ok {
		k, ok := natural(rest)
		if !ok {
			return bad()
		}
		return model.Transition{G: 0, K: k}, nil
	}
	rest, ok := strings.CutPrefix(s, "g")
	if !ok {
		return bad()
	}
	gs, ks, dotted := strings.Cut(rest, ".")
	g, ok := natural(gs)
	if !ok || g == 0 {
		return bad()
	}
	k := 0
	if dotted {
		if k, ok = natural(ks); !ok || k == 0 {
			return bad()
		}
	}
	return model.Transition{G: g, K: k}, nil
}

// natural parses a decimal number without sign or leading zeros.
func natural(s string) (int, bool) {
	if s == "" || (len(s) > 1 && s[0] == '0') || s[0] == '+' || s[0] == '-' {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
