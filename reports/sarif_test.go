package reports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/internal/jsonschema"
	"github.com/cmcheck/cmcheck/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The SARIF that cmcheck writes is checked against the official OASIS
// SARIF 2.1.0 JSON schema, testdata/sarif-schema-2.1.0.json (where it
// comes from and how to refresh it: testdata/SARIF_SCHEMA_SOURCE.md),
// with internal/jsonschema; and against what GitHub code scanning
// requires of an upload beyond the schema (a rule for each ruleId, a
// physical location with a URI and a start line for each result, message
// text, fingerprints, its size limits).

const (
	sarifSchemaFile = "testdata/sarif-schema-2.1.0.json"
	sarifSchemaDoc  = "testdata/SARIF_SCHEMA_SOURCE.md"
)

// loadSARIFSchema compiles the official schema. Compiling fails on any
// keyword or format the validator does not implement, so every rule of
// the schema is enforced.
func loadSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(sarifSchemaFile)
	require.NoError(t, err)
	s, err := jsonschema.Compile(data)
	require.NoError(t, err, "the official SARIF schema must compile whole")
	return s
}

// validateSARIF checks a SARIF log against the official schema and
// GitHub code scanning's requirements, returning every problem found.
func validateSARIF(t *testing.T, data []byte) []string {
	t.Helper()
	var errs []string
	var ve *jsonschema.ValidationError
	switch err := loadSARIFSchema(t).Validate(data); {
	case errors.As(err, &ve):
		for _, e := range ve.Errors {
			errs = append(errs, e.Error())
		}
	case err != nil:
		return []string{err.Error()}
	}
	var v any
	require.NoError(t, json.Unmarshal(data, &v))
	return append(errs, githubChecks(v)...)
}

// githubChecks are the requirements of GitHub code scanning uploads.
func githubChecks(v any) []string {
	var errs []string
	log, _ := v.(map[string]any)
	runs, _ := log["runs"].([]any)
	if len(runs) == 0 {
		return []string{"github: no runs"}
	}
	for ri, r := range runs {
		run, _ := r.(map[string]any)
		tool, _ := run["tool"].(map[string]any)
		driver, _ := tool["driver"].(map[string]any)
		rules := make(map[string]bool)
		rl, _ := driver["rules"].([]any)
		for _, x := range rl {
			rule, _ := x.(map[string]any)
			id, _ := rule["id"].(string)
			if rules[id] {
				errs = append(errs, fmt.Sprintf("github: run %d: duplicate rule %q", ri, id))
			}
			rules[id] = true
			if h, _ := rule["help"].(map[string]any); h["text"] == "" || h["text"] == nil {
				errs = append(errs, fmt.Sprintf("github: rule %q has no help text", id))
			}
		}
		results, _ := run["results"].([]any)
		if len(results) > 25000 {
			errs = append(errs, "github: more than 25000 results in a run")
		}
		for i, x := range results {
			res, _ := x.(map[string]any)
			where := fmt.Sprintf("github: run %d result %d", ri, i)
			id, _ := res["ruleId"].(string)
			if !rules[id] {
				errs = append(errs, fmt.Sprintf("%s: ruleId %q has no rule", where, id))
			}
			if msg, _ := res["message"].(map[string]any); msg["text"] == nil || msg["text"] == "" {
				errs = append(errs, where+": no message text")
			}
			locs, _ := res["locations"].([]any)
			if len(locs) == 0 {
				errs = append(errs, where+": no location")
				continue
			}
			loc, _ := locs[0].(map[string]any)
			phys, _ := loc["physicalLocation"].(map[string]any)
			art, _ := phys["artifactLocation"].(map[string]any)
			reg, _ := phys["region"].(map[string]any)
			if art["uri"] == nil || reg["startLine"] == nil {
				errs = append(errs, where+": the first location needs an artifact URI and a start line")
			}
			if fp, _ := res["partialFingerprints"].(map[string]any); len(fp) == 0 {
				errs = append(errs, where+": no partialFingerprints")
			}
			n := 0
			cfs, _ := res["codeFlows"].([]any)
			for _, c := range cfs {
				cf, _ := c.(map[string]any)
				tfs, _ := cf["threadFlows"].([]any)
				for _, t := range tfs {
					tf, _ := t.(map[string]any)
					ls, _ := tf["locations"].([]any)
					n += len(ls)
				}
			}
			if n > 10000 {
				errs = append(errs, where+": more than 10000 thread flow locations")
			}
		}
	}
	return errs
}

func TestSARIF(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteSARIF(&buf, testReport()))
	require.Empty(t, validateSARIF(t, buf.Bytes()))

	var log sarifLog
	require.NoError(t, json.Unmarshal(buf.Bytes(), &log))
	run := log.Runs[0]
	require.Len(t, run.Tool.Driver.Rules, len(Kinds()))
	require.Len(t, run.Results, 2)
	res := run.Results[0]
	require.Equal(t, "deadlock", res.RuleID)
	require.Equal(t, "deadlock", run.Tool.Driver.Rules[res.RuleIndex].ID)
	require.Equal(t, "p/p.go", res.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	require.Equal(t, srcRoot, res.Locations[0].PhysicalLocation.ArtifactLocation.URIBaseID)
	require.Equal(t, "file:///src/proj/", run.OriginalURIBaseIDs[srcRoot].URI)
	// One thread flow per goroutine (and timers), steps numbered globally,
	// the blocked goroutines ending where they wait.
	tfs := res.CodeFlows[0].ThreadFlows
	var ids []string
	for _, tf := range tfs {
		ids = append(ids, tf.ID)
	}
	require.Equal(t, []string{"timers", "goroutine 1", "goroutine 2", "goroutine 3"}, ids)
	g2 := tfs[2].Locations
	require.Equal(t, 3, g2[0].ExecutionOrder)
	require.Equal(t, 9, g2[len(g2)-1].ExecutionOrder) // after goroutine 1's final location (8)
	require.Contains(t, g2[len(g2)-1].Location.Message.Text, "blocked here [chan send]")
	require.Equal(t, "file:///goroot/src/time/sleep.go", tfs[0].Locations[0].Location.PhysicalLocation.ArtifactLocation.URI)
	// Entries not fully checked are notifications.
	require.Len(t, run.Invocations[0].Notifications, 2)
	require.Equal(t, "warning", run.Invocations[0].Notifications[0].Level)

	// The checks do catch mistakes: two the schema finds, one GitHub's.
	bad := strings.Replace(buf.String(), `"executionOrder"`, `"executionorder"`, 1)
	bad = strings.Replace(bad, `"startLine": 24`, `"startLine": 0`, 1)
	bad = strings.Replace(bad, `"ruleId": "data-race"`, `"ruleId": "nosuch"`, 1)
	errs := validateSARIF(t, []byte(bad))
	require.Len(t, errs, 3, "%v", errs)
	all := strings.Join(errs, "\n")
	require.Contains(t, all, `"/runs/0/results/0/locations/0/physicalLocation/region/startLine": 0 is less than the minimum 1 (schema #/definitions/region/properties/startLine/minimum)`)
	require.Contains(t, all, `"/runs/0/results/0/codeFlows/0/threadFlows/0/locations/0/executionorder": property "executionorder" is not allowed (schema #/definitions/threadFlowLocation/additionalProperties)`)
	require.Contains(t, all, `github: run 0 result 1: ruleId "nosuch" has no rule`)
}

func TestFingerprint(t *testing.T) {
	r := testReport()
	f := r.Entries[0].Findings[0]
	fp := fingerprint(r.Entries[0].Name, &f)
	require.Len(t, fp, 32)
	moved := f
	moved.Pos.Line += 10
	moved.Message = strings.ReplaceAll(f.Message, "goroutine 2", "goroutine 5")
	require.Equal(t, fp, fingerprint(r.Entries[0].Name, &moved), "line and goroutine numbers do not matter")
	other := f
	other.Pos.File = "p/other.go"
	require.NotEqual(t, fp, fingerprint(r.Entries[0].Name, &other))
	require.NotEqual(t, fp, fingerprint("example.com/p.TestOther", &f))
	kind := f
	kind.Kind = "leak"
	require.NotEqual(t, fp, fingerprint(r.Entries[0].Name, &kind))
}

// TestSARIFSchemaFile checks that the schema file is the one that
// testdata/SARIF_SCHEMA_SOURCE.md describes (its sha256), so that an
// edit to it does not go unnoticed, and that it compiles whole.
func TestSARIFSchemaFile(t *testing.T) {
	data, err := os.ReadFile(sarifSchemaFile)
	require.NoError(t, err)
	doc, err := os.ReadFile(sarifSchemaDoc)
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^sha256: ([0-9a-f]{64})$`).FindSubmatch(doc)
	require.NotNil(t, m, "%s gives the sha256 on a line 'sha256: HEX'", sarifSchemaDoc)
	sum := sha256.Sum256(data)
	require.Equal(t, string(m[1]), hex.EncodeToString(sum[:]), "%s is not the file %s describes", sarifSchemaFile, sarifSchemaDoc)
	var s struct {
		ID     string `json:"$id"`
		Schema string `json:"$schema"`
	}
	require.NoError(t, json.Unmarshal(data, &s))
	require.Equal(t, "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json", s.ID)
	require.Equal(t, "http://json-schema.org/draft-07/schema#", s.Schema)
	loadSARIFSchema(t)
}

// TestSARIFGoldens checks the SARIF goldens of cmd/cmcheck (written by
// cmcheck -format sarif from corpus programs, paths normalised).
func TestSARIFGoldens(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "cmd", "cmcheck", "testdata", "golden", "*.sarif"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		require.Empty(t, validateSARIF(t, data), f)
	}
}

// TestSARIFCorpus checks the SARIF of a run on the whole corpus: every
// finding kind the corpus has, with the positions, related locations
// and code flows of real traces.
func TestSARIFCorpus(t *testing.T) {
	dir, err := filepath.Abs("../testdata/corpus")
	require.NoError(t, err)
	prog, err := frontend.Load(frontend.Config{Dir: dir, Tests: true}, "./...")
	require.NoError(t, err)
	require.NotEmpty(t, prog.Entries)
	opts := Options{Timeout: Duration(60 * time.Second)}
	results := explorer.ExploreAll(context.Background(), model.New(prog.SSA), prog.Entries, opts.Explorer(), 2, nil)
	r := New(RunInfo{Dir: prog.Dir(), Patterns: []string{"./..."}, Version: "v0.0.0-test", GoVersion: "go1.26", Options: opts}, results)
	require.NotZero(t, r.Summary.Findings)
	var buf bytes.Buffer
	require.NoError(t, WriteSARIF(&buf, r))
	require.Empty(t, validateSARIF(t, buf.Bytes()))
	kinds := make(map[string]bool)
	for _, ef := range r.Findings() {
		kinds[ef.Finding.Kind] = true
	}
	t.Logf("%d entries, %d findings of kinds %v", r.Summary.Entries, r.Summary.Findings, kinds)
}

// TestSARIFSchemaRejects checks that the schema check fails on SARIF
// that breaks the schema's rules, each at the right place.
func TestSARIFSchemaRejects(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteSARIF(&buf, testReport()))
	schema := loadSARIFSchema(t)
	require.NoError(t, schema.Validate(buf.Bytes()))

	const (
		result = "/runs/0/results/0"
		tfl    = result + "/codeFlows/0/threadFlows/0/locations/0"
	)
	tests := []struct {
		name     string
		mutate   func(log map[string]any)
		at       string // the JSON pointer of the value at fault
		schemaAt string // the schema's rule
	}{
		{"missing version", func(l map[string]any) { delete(l, "version") },
			"", "#/required"},
		{"other version", func(l map[string]any) { l["version"] = "2.0.0" },
			"/version", "#/properties/version/enum"},
		{"wrong level", func(l map[string]any) { dig(t, l, result)["level"] = "fatal" },
			result + "/level", "#/definitions/result/properties/level/enum"},
		{"string executionOrder", func(l map[string]any) { dig(t, l, tfl)["executionOrder"] = "3" },
			tfl + "/executionOrder", "#/definitions/threadFlowLocation/properties/executionOrder/type"},
		{"fractional executionOrder", func(l map[string]any) { dig(t, l, tfl)["executionOrder"] = 2.5 },
			tfl + "/executionOrder", "#/definitions/threadFlowLocation/properties/executionOrder/type"},
		{"executionOrder below -1", func(l map[string]any) { dig(t, l, tfl)["executionOrder"] = -2 },
			tfl + "/executionOrder", "#/definitions/threadFlowLocation/properties/executionOrder/minimum"},
		{"unknown result property", func(l map[string]any) { dig(t, l, result)["severity"] = "high" },
			result + "/severity", "#/definitions/result/additionalProperties"},
		{"start line 0", func(l map[string]any) { dig(t, l, result+"/locations/0/physicalLocation/region")["startLine"] = 0 },
			result + "/locations/0/physicalLocation/region/startLine", "#/definitions/region/properties/startLine/minimum"},
		{"artifact URI with a space", func(l map[string]any) {
			dig(t, l, result+"/locations/0/physicalLocation/artifactLocation")["uri"] = "p/a b.go"
		},
			result + "/locations/0/physicalLocation/artifactLocation/uri", "#/definitions/artifactLocation/properties/uri/format"},
		{"relative $schema", func(l map[string]any) { l["$schema"] = "sarif-2.1.0.json" },
			"/$schema", "#/properties/$schema/format"},
		{"message without text or id", func(l map[string]any) { dig(t, l, result)["message"] = map[string]any{"markdown": "x"} },
			result + "/message", "#/definitions/message/anyOf"},
		{"no thread flows", func(l map[string]any) { dig(t, l, result+"/codeFlows/0")["threadFlows"] = []any{} },
			result + "/codeFlows/0/threadFlows", "#/definitions/codeFlow/properties/threadFlows/minItems"},
		{"duplicate tags", func(l map[string]any) {
			dig(t, l, "/runs/0/tool/driver/rules/0/properties")["tags"] = []any{"go", "go"}
		}, "/runs/0/tool/driver/rules/0/properties/tags", "#/definitions/propertyBag/properties/tags/uniqueItems"},
		{"column kind", func(l map[string]any) { dig(t, l, "/runs/0")["columnKind"] = "bytes" },
			"/runs/0/columnKind", "#/definitions/run/properties/columnKind/enum"},
		{"notification level", func(l map[string]any) {
			dig(t, l, "/runs/0/invocations/0/toolExecutionNotifications/0")["level"] = "warn"
		}, "/runs/0/invocations/0/toolExecutionNotifications/0/level", "#/definitions/notification/properties/level/enum"},
		{"executionSuccessful missing", func(l map[string]any) { delete(dig(t, l, "/runs/0/invocations/0"), "executionSuccessful") },
			"/runs/0/invocations/0", "#/definitions/invocation/required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log map[string]any
			require.NoError(t, json.Unmarshal(buf.Bytes(), &log))
			tt.mutate(log)
			data, err := json.Marshal(log)
			require.NoError(t, err)
			err = schema.Validate(data)
			var ve *jsonschema.ValidationError
			require.ErrorAs(t, err, &ve)
			found := false
			for _, e := range ve.Errors {
				found = found || (e.InstanceLocation == tt.at && e.SchemaLocation == tt.schemaAt)
			}
			assert.True(t, found, "want a failure at %q of %s; got %v", tt.at, tt.schemaAt, err)
		})
	}
}

// dig returns the object at a JSON pointer (without escapes) in v.
func dig(t *testing.T, v any, ptr string) map[string]any {
	t.Helper()
	for _, tok := range strings.Split(ptr, "/")[1:] {
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			var i int
			_, err := fmt.Sscan(tok, &i)
			require.NoError(t, err)
			require.Less(t, i, len(x), ptr)
			v = x[i]
		}
	}
	m, ok := v.(map[string]any)
	require.True(t, ok, "%s is not an object", ptr)
	return m
}
