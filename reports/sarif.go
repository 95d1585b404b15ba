package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
)

// SARIF 2.1.0 output. Only the properties cmcheck fills are declared;
// their names and nesting follow the OASIS SARIF 2.1.0 schema.

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	srcRoot      = "%SRCROOT%"
	// fingerprintKey names cmcheck's partial fingerprint; bump its
	// version if the hashed fields ever change.
	fingerprintKey = "cmcheck/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Invocations        []sarifInvocation           `json:"invocations"`
	Results            []sarifResult               `json:"results"`
	ColumnKind         string                      `json:"columnKind"`
	Properties         map[string]any              `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     sarifText           `json:"shortDescription"`
	FullDescription      sarifText           `json:"fullDescription"`
	Help                 sarifHelp           `json:"help"`
	DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
	Properties           sarifRuleProperties `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProperties struct {
	Tags      []string `json:"tags"`
	Precision string   `json:"precision"`
	Severity  string   `json:"problem.severity"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	WorkingDirectory    *sarifArtifactLoc   `json:"workingDirectory,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	CodeFlows           []sarifCodeFlow   `json:"codeFlows,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifCodeFlow struct {
	Message     sarifText         `json:"message"`
	ThreadFlows []sarifThreadFlow `json:"threadFlows"`
}

type sarifThreadFlow struct {
	ID        string                    `json:"id"`
	Message   sarifText                 `json:"message"`
	Locations []sarifThreadFlowLocation `json:"locations"`
}

type sarifThreadFlowLocation struct {
	ExecutionOrder int           `json:"executionOrder"`
	Location       sarifLocation `json:"location"`
	Kinds          []string      `json:"kinds,omitempty"`
}

// WriteSARIF writes r as a SARIF 2.1.0 log with one run: a rule per
// finding kind (help from Kinds), a result per finding with a code flow
// whose thread flows are the goroutines of its trace (each location
// numbered by its global step index in executionOrder), and the entry
// points that were not fully checked as tool notifications.
func WriteSARIF(w io.Writer, r *Report) error {
	b, err := json.MarshalIndent(buildSARIF(r), "", "  ")
	if err != nil {
		return fmt.Errorf("encoding SARIF: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func buildSARIF(r *Report) *sarifLog {
	kinds := Kinds()
	ruleIndex := make(map[string]int)
	var rules []sarifRule
	for i, k := range kinds {
		ruleIndex[k.Name] = i
		var text strings.Builder
		Explain(&text, k)
		rules = append(rules, sarifRule{
			ID:                   k.Name,
			Name:                 ruleName(k.Name),
			ShortDescription:     sarifText{Text: k.Summary},
			FullDescription:      sarifText{Text: unwrap(k.Meaning)},
			Help:                 sarifHelp{Text: text.String(), Markdown: k.Markdown()},
			DefaultConfiguration: sarifConfiguration{Level: "error"},
			Properties:           sarifRuleProperties{Tags: []string{"concurrency", "go"}, Precision: "very-high", Severity: "error"},
		})
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           r.Tool.Name,
			Version:        r.Tool.Version,
			InformationURI: "https://github.com/cmcheck/cmcheck",
			Rules:          rules,
		}},
		Results:    []sarifResult{},
		ColumnKind: "utf16CodeUnits",
		Properties: map[string]any{"patterns": r.Patterns, "summary": r.Summary},
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	if r.Dir != "" {
		root := fileURI(r.Dir)
		if !strings.HasSuffix(root, "/") {
			root += "/"
		}
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: root}}
		inv.WorkingDirectory = &sarifArtifactLoc{URI: root}
	}
	for _, e := range r.Entries {
		if e.Verdict == "incomplete" || e.Verdict == "unsupported" {
			n := sarifNotification{
				Level:   "warning",
				Message: sarifText{Text: fmt.Sprintf("%s: %s: %s", e.Name, e.Verdict, e.Reason)},
			}
			if loc := physical(e.Pos); loc != nil {
				n.Locations = []sarifLocation{{PhysicalLocation: loc}}
			}
			inv.Notifications = append(inv.Notifications, n)
		}
	}
	run.Invocations = []sarifInvocation{inv}
	for _, ef := range r.Findings() {
		e, f := ef.Entry, ef.Finding
		idx, ok := ruleIndex[f.Kind]
		if !ok {
			// A kind the table does not know: still a result.
			idx = -1
		}
		res := sarifResult{
			RuleID:              f.Kind,
			RuleIndex:           idx,
			Level:               "error",
			Message:             sarifText{Text: f.Message},
			Locations:           []sarifLocation{{PhysicalLocation: physical(f.Pos)}},
			PartialFingerprints: map[string]string{fingerprintKey: fingerprint(e.Name, f)},
			Properties: map[string]any{
				"entry":     e.Name,
				"findingId": f.ID,
				"schedule":  f.Schedule,
			},
		}
		for i, rel := range f.Related {
			id := i + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &id,
				PhysicalLocation: physical(rel.Pos),
				Message:          &sarifText{Text: rel.Message},
			})
		}
		if cf, ok := codeFlow(e, f); ok {
			res.CodeFlows = []sarifCodeFlow{cf}
		}
		run.Results = append(run.Results, res)
	}
	return &sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

// codeFlow turns a trace into one thread flow per goroutine (and one for
// timers), in order of goroutine number. Steps without a source position
// are left out; a goroutine blocked at the end gets a last location
// where it waits.
func codeFlow(e *Entry, f *Finding) (sarifCodeFlow, bool) {
	flows := make(map[int]*sarifThreadFlow)
	var order []int
	flow := func(g int) *sarifThreadFlow {
		if tf, ok := flows[g]; ok {
			return tf
		}
		tf := &sarifThreadFlow{ID: laneName(g)}
		flows[g] = tf
		order = append(order, g)
		return tf
	}
	for _, s := range f.Trace.Steps {
		if s.Pos == nil {
			continue
		}
		tf := flow(s.G)
		tf.Locations = append(tf.Locations, sarifThreadFlowLocation{
			ExecutionOrder: s.Index,
			Location: sarifLocation{
				PhysicalLocation: physical(*s.Pos),
				Message:          &sarifText{Text: stepText(s)},
			},
		})
	}
	next := len(f.Trace.Steps) + 1
	for _, g := range f.Trace.Goroutines {
		if g.Blocked() && g.BlockedAt != nil {
			tf := flow(g.ID)
			tf.Locations = append(tf.Locations, sarifThreadFlowLocation{
				ExecutionOrder: next,
				Location: sarifLocation{
					PhysicalLocation: physical(*g.BlockedAt),
					Message:          &sarifText{Text: fmt.Sprintf("goroutine %d is blocked here [%s] at the end of the trace", g.ID, g.Status)},
				},
			})
			next++
		}
	}
	status := make(map[int]string)
	for _, g := range f.Trace.Goroutines {
		status[g.ID] = fmt.Sprintf("goroutine %d [%s]: %s", g.ID, g.Status, g.Func)
	}
	sort.Ints(order)
	cf := sarifCodeFlow{Message: sarifText{Text: fmt.Sprintf("execution of %s reaching the %s (%s)", e.Name, f.Kind, plural(len(f.Trace.Steps), "step"))}}
	for _, g := range order {
		tf := flows[g]
		tf.Message = sarifText{Text: status[g]}
		if g == 0 {
			tf.Message = sarifText{Text: "timer firings"}
		}
		cf.ThreadFlows = append(cf.ThreadFlows, *tf)
	}
	return cf, len(cf.ThreadFlows) > 0
}

func laneName(g int) string {
	if g == 0 {
		return "timers"
	}
	return fmt.Sprintf("goroutine %d", g)
}

func stepText(s Step) string {
	t := s.Op
	if t == "" {
		t = "step"
	}
	if s.Object != "" {
		t += " " + s.Object
	}
	if s.Detail != "" {
		t += " (" + s.Detail + ")"
	}
	if s.Partner != 0 {
		t += fmt.Sprintf(" with goroutine %d", s.Partner)
	}
	return fmt.Sprintf("step %d: %s", s.Index, t)
}

func physical(p Position) *sarifPhysicalLocation {
	if p.File == "" {
		return nil
	}
	loc := &sarifPhysicalLocation{Region: &sarifRegion{StartLine: p.Line, StartColumn: p.Col}}
	if path.IsAbs(p.File) || strings.Contains(p.File, ":\\") {
		loc.ArtifactLocation = sarifArtifactLoc{URI: fileURI(p.File)}
	} else {
		loc.ArtifactLocation = sarifArtifactLoc{URI: (&url.URL{Path: p.File}).EscapedPath(), URIBaseID: srcRoot}
	}
	return loc
}

func fileURI(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	if !strings.HasPrefix(name, "/") {
		name = "/" + name // a Windows drive letter
	}
	return "file://" + (&url.URL{Path: name}).EscapedPath()
}

var digitsRE = regexp.MustCompile(`[0-9]+`)

// fingerprint identifies a finding across runs, for SARIF's
// partialFingerprints: a hash of its kind, its entry point, the file of
// its primary position (relative to the working directory) and its
// message with every number removed (goroutine and object numbers, line
// numbers and values may change from run to run or edit to edit).
func fingerprint(entry string, f *Finding) string {
	h := sha256.New()
	for _, s := range []string{f.Kind, entry, f.Pos.File, digitsRE.ReplaceAllString(f.Message, "#")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// ruleName turns a kind into the CamelCase name SARIF rules carry:
// "lost-message" becomes "LostMessage".
func ruleName(kind string) string {
	var b strings.Builder
	for _, part := range strings.Split(kind, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// unwrap joins the lines of a hard-wrapped paragraph.
func unwrap(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
