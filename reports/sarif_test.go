package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// No copy of the SARIF 2.1.0 JSON schema is available offline (neither
// the Go module cache nor Debian's sarif packages ship one), so the
// checks below encode, as Go data, the part of the schema that covers
// every object cmcheck writes: required properties, the properties each
// object may have (the schema's objects do not allow others), types,
// enumerations and minimums; plus what GitHub code scanning requires of
// an upload (a rule for each ruleId, a physical location with a URI and
// a start line for each result, message text, string fingerprints).

type propSpec struct {
	typ      string   // string, int, bool, uri, object:NAME, array:TYPE, map:TYPE, any
	min      *int     // for int
	enum     []string // for string
	nonEmpty bool     // for array
}

type objSpec struct {
	required []string
	anyOf    [][]string // at least one of the sets must be present in full
	props    map[string]propSpec
}

func ptr(i int) *int { return &i }

var sarifSpec = map[string]objSpec{
	"sarifLog": {required: []string{"version", "runs"}, props: map[string]propSpec{
		"$schema": {typ: "uri"}, "version": {typ: "string", enum: []string{"2.1.0"}},
		"runs": {typ: "array:object:run"}, "inlineExternalProperties": {typ: "any"}, "properties": {typ: "object:propertyBag"},
	}},
	"run": {required: []string{"tool"}, props: map[string]propSpec{
		"tool": {typ: "object:tool"}, "invocations": {typ: "array:object:invocation"},
		"originalUriBaseIds": {typ: "map:object:artifactLocation"}, "results": {typ: "array:object:result"},
		"columnKind": {typ: "string", enum: []string{"utf16CodeUnits", "unicodeCodePoints"}},
		"properties": {typ: "object:propertyBag"}, "conversion": {typ: "any"}, "language": {typ: "string"},
		"versionControlProvenance": {typ: "any"}, "artifacts": {typ: "any"}, "logicalLocations": {typ: "any"},
		"graphs": {typ: "any"}, "automationDetails": {typ: "any"}, "runAggregates": {typ: "any"},
		"baselineGuid": {typ: "string"}, "redactionTokens": {typ: "any"}, "defaultEncoding": {typ: "string"},
		"defaultSourceLanguage": {typ: "string"}, "newlineSequences": {typ: "any"},
		"externalPropertyFileReferences": {typ: "any"}, "threadFlowLocations": {typ: "any"}, "taxonomies": {typ: "any"},
		"addresses": {typ: "any"}, "translations": {typ: "any"}, "policies": {typ: "any"}, "webRequests": {typ: "any"},
		"webResponses": {typ: "any"}, "specialLocations": {typ: "any"},
	}},
	"tool": {required: []string{"driver"}, props: map[string]propSpec{
		"driver": {typ: "object:toolComponent"}, "extensions": {typ: "array:object:toolComponent"}, "properties": {typ: "object:propertyBag"},
	}},
	"toolComponent": {required: []string{"name"}, props: map[string]propSpec{
		"guid": {typ: "string"}, "name": {typ: "string"}, "organization": {typ: "string"}, "product": {typ: "string"},
		"productSuite": {typ: "string"}, "shortDescription": {typ: "object:multiformatMessageString"},
		"fullDescription": {typ: "object:multiformatMessageString"}, "fullName": {typ: "string"}, "version": {typ: "string"},
		"semanticVersion": {typ: "string"}, "dottedQuadFileVersion": {typ: "string"}, "releaseDateUtc": {typ: "string"},
		"downloadUri": {typ: "uri"}, "informationUri": {typ: "uri"}, "globalMessageStrings": {typ: "any"},
		"notifications": {typ: "array:object:reportingDescriptor"}, "rules": {typ: "array:object:reportingDescriptor"},
		"taxa": {typ: "any"}, "locations": {typ: "any"}, "language": {typ: "string"}, "contents": {typ: "any"},
		"isComprehensive": {typ: "bool"}, "localizedDataSemanticVersion": {typ: "string"},
		"minimumRequiredLocalizedDataSemanticVersion": {typ: "string"}, "associatedComponent": {typ: "any"},
		"translationMetadata": {typ: "any"}, "supportedTaxonomies": {typ: "any"}, "properties": {typ: "object:propertyBag"},
	}},
	"reportingDescriptor": {required: []string{"id"}, props: map[string]propSpec{
		"id": {typ: "string"}, "deprecatedIds": {typ: "any"}, "guid": {typ: "string"}, "deprecatedGuids": {typ: "any"},
		"name": {typ: "string"}, "deprecatedNames": {typ: "any"},
		"shortDescription": {typ: "object:multiformatMessageString"}, "fullDescription": {typ: "object:multiformatMessageString"},
		"messageStrings": {typ: "any"}, "defaultConfiguration": {typ: "object:reportingConfiguration"},
		"helpUri": {typ: "uri"}, "help": {typ: "object:multiformatMessageString"}, "relationships": {typ: "any"},
		"properties": {typ: "object:propertyBag"},
	}},
	"multiformatMessageString": {required: []string{"text"}, props: map[string]propSpec{
		"text": {typ: "string"}, "markdown": {typ: "string"}, "properties": {typ: "object:propertyBag"},
	}},
	"reportingConfiguration": {props: map[string]propSpec{
		"enabled": {typ: "bool"}, "level": {typ: "string", enum: []string{"none", "note", "warning", "error"}},
		"rank": {typ: "any"}, "parameters": {typ: "object:propertyBag"}, "properties": {typ: "object:propertyBag"},
	}},
	"invocation": {required: []string{"executionSuccessful"}, props: map[string]propSpec{
		"executionSuccessful": {typ: "bool"}, "toolExecutionNotifications": {typ: "array:object:notification"},
		"toolConfigurationNotifications": {typ: "array:object:notification"}, "workingDirectory": {typ: "object:artifactLocation"},
		"commandLine": {typ: "string"}, "arguments": {typ: "any"}, "responseFiles": {typ: "any"},
		"startTimeUtc": {typ: "string"}, "endTimeUtc": {typ: "string"}, "exitCode": {typ: "int"},
		"ruleConfigurationOverrides": {typ: "any"}, "notificationConfigurationOverrides": {typ: "any"},
		"exitCodeDescription": {typ: "string"}, "exitSignalName": {typ: "string"}, "exitSignalNumber": {typ: "int"},
		"processStartFailureMessage": {typ: "string"}, "machine": {typ: "string"}, "account": {typ: "string"},
		"processId": {typ: "int"}, "executableLocation": {typ: "object:artifactLocation"}, "environmentVariables": {typ: "any"},
		"stdin": {typ: "any"}, "stdout": {typ: "any"}, "stderr": {typ: "any"}, "stdoutStderr": {typ: "any"},
		"properties": {typ: "object:propertyBag"},
	}},
	"notification": {required: []string{"message"}, props: map[string]propSpec{
		"locations": {typ: "array:object:location"}, "message": {typ: "object:message"},
		"level": {typ: "string", enum: []string{"none", "note", "warning", "error"}}, "threadId": {typ: "int"},
		"timeUtc": {typ: "string"}, "exception": {typ: "any"}, "descriptor": {typ: "any"}, "associatedRule": {typ: "any"},
		"properties": {typ: "object:propertyBag"},
	}},
	"message": {anyOf: [][]string{{"text"}, {"id"}}, props: map[string]propSpec{
		"text": {typ: "string"}, "markdown": {typ: "string"}, "id": {typ: "string"}, "arguments": {typ: "array:string"},
		"properties": {typ: "object:propertyBag"},
	}},
	"result": {required: []string{"message"}, props: map[string]propSpec{
		"guid": {typ: "string"}, "correlationGuid": {typ: "string"}, "ruleId": {typ: "string"},
		"ruleIndex": {typ: "int", min: ptr(-1)}, "rule": {typ: "any"},
		"kind":  {typ: "string", enum: []string{"notApplicable", "pass", "fail", "review", "open", "informational"}},
		"level": {typ: "string", enum: []string{"none", "note", "warning", "error"}}, "message": {typ: "object:message"},
		"analysisTarget": {typ: "object:artifactLocation"}, "locations": {typ: "array:object:location"},
		"hostedViewerUri": {typ: "uri"}, "relatedLocations": {typ: "array:object:location"},
		"fingerprints": {typ: "map:string"}, "partialFingerprints": {typ: "map:string"},
		"codeFlows": {typ: "array:object:codeFlow"}, "graphs": {typ: "any"}, "graphTraversals": {typ: "any"},
		"stacks": {typ: "any"}, "fixes": {typ: "any"}, "suppressions": {typ: "any"}, "baselineState": {typ: "string"},
		"rank": {typ: "any"}, "attachments": {typ: "any"}, "workItemUris": {typ: "any"}, "provenance": {typ: "any"},
		"taxa": {typ: "any"}, "webRequest": {typ: "any"}, "webResponse": {typ: "any"},
		"occurrenceCount": {typ: "int", min: ptr(1)}, "properties": {typ: "object:propertyBag"},
	}},
	"location": {props: map[string]propSpec{
		"id": {typ: "int", min: ptr(-1)}, "physicalLocation": {typ: "object:physicalLocation"},
		"logicalLocations": {typ: "any"}, "message": {typ: "object:message"}, "annotations": {typ: "any"},
		"relationships": {typ: "any"}, "properties": {typ: "object:propertyBag"},
	}},
	"physicalLocation": {anyOf: [][]string{{"address"}, {"artifactLocation"}}, props: map[string]propSpec{
		"address": {typ: "any"}, "artifactLocation": {typ: "object:artifactLocation"}, "region": {typ: "object:region"},
		"contextRegion": {typ: "object:region"}, "properties": {typ: "object:propertyBag"},
	}},
	"artifactLocation": {props: map[string]propSpec{
		"uri": {typ: "uri"}, "uriBaseId": {typ: "string"}, "index": {typ: "int", min: ptr(-1)},
		"description": {typ: "object:message"}, "properties": {typ: "object:propertyBag"},
	}},
	"region": {props: map[string]propSpec{
		"startLine": {typ: "int", min: ptr(1)}, "startColumn": {typ: "int", min: ptr(1)},
		"endLine": {typ: "int", min: ptr(1)}, "endColumn": {typ: "int", min: ptr(1)},
		"charOffset": {typ: "int", min: ptr(-1)}, "charLength": {typ: "int", min: ptr(0)},
		"byteOffset": {typ: "int", min: ptr(-1)}, "byteLength": {typ: "int", min: ptr(0)},
		"snippet": {typ: "any"}, "message": {typ: "object:message"}, "sourceLanguage": {typ: "string"},
		"properties": {typ: "object:propertyBag"},
	}},
	"codeFlow": {required: []string{"threadFlows"}, props: map[string]propSpec{
		"message": {typ: "object:message"}, "threadFlows": {typ: "array:object:threadFlow", nonEmpty: true},
		"properties": {typ: "object:propertyBag"},
	}},
	"threadFlow": {required: []string{"locations"}, props: map[string]propSpec{
		"id": {typ: "string"}, "message": {typ: "object:message"}, "initialState": {typ: "any"},
		"immutableState": {typ: "any"}, "locations": {typ: "array:object:threadFlowLocation", nonEmpty: true},
		"properties": {typ: "object:propertyBag"},
	}},
	"threadFlowLocation": {props: map[string]propSpec{
		"index": {typ: "int", min: ptr(-1)}, "location": {typ: "object:location"}, "stack": {typ: "any"},
		"kinds": {typ: "array:string"}, "taxa": {typ: "any"}, "module": {typ: "string"}, "state": {typ: "any"},
		"nestingLevel": {typ: "int", min: ptr(0)}, "executionOrder": {typ: "int", min: ptr(-1)},
		"executionTimeUtc": {typ: "string"}, "importance": {typ: "string", enum: []string{"important", "essential", "unimportant"}},
		"webRequest": {typ: "any"}, "webResponse": {typ: "any"}, "properties": {typ: "object:propertyBag"},
	}},
	"propertyBag": {props: nil}, // any properties; "tags", if present, are unique strings
}

// validateSARIF checks a SARIF log against sarifSpec and GitHub code
// scanning's requirements, returning every problem found.
func validateSARIF(data []byte) []string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return []string{err.Error()}
	}
	var errs []string
	validateValue(v, "object:sarifLog", "$", &errs)
	errs = append(errs, githubChecks(v)...)
	return errs
}

func validateValue(v any, typ, path string, errs *[]string) {
	fail := func(format string, args ...any) { *errs = append(*errs, path+": "+fmt.Sprintf(format, args...)) }
	switch {
	case typ == "any":
	case typ == "string":
		if _, ok := v.(string); !ok {
			fail("want a string, got %T", v)
		}
	case typ == "uri":
		s, ok := v.(string)
		if !ok {
			fail("want a URI string, got %T", v)
			return
		}
		if _, err := url.Parse(s); err != nil || strings.ContainsAny(s, " \\") {
			fail("bad URI %q", s)
		}
	case typ == "bool":
		if _, ok := v.(bool); !ok {
			fail("want a boolean, got %T", v)
		}
	case typ == "int":
		n, ok := v.(json.Number)
		if _, err := n.Int64(); !ok || err != nil {
			fail("want an integer, got %v", v)
		}
	case strings.HasPrefix(typ, "array:"):
		a, ok := v.([]any)
		if !ok {
			fail("want an array, got %T", v)
			return
		}
		for i, e := range a {
			validateValue(e, strings.TrimPrefix(typ, "array:"), fmt.Sprintf("%s[%d]", path, i), errs)
		}
	case strings.HasPrefix(typ, "map:"):
		m, ok := v.(map[string]any)
		if !ok {
			fail("want an object, got %T", v)
			return
		}
		for k, e := range m {
			validateValue(e, strings.TrimPrefix(typ, "map:"), path+"."+k, errs)
		}
	case strings.HasPrefix(typ, "object:"):
		name := strings.TrimPrefix(typ, "object:")
		spec, ok := sarifSpec[name]
		if !ok {
			fail("internal: no spec for %s", name)
			return
		}
		m, ok := v.(map[string]any)
		if !ok {
			fail("want a %s object, got %T", name, v)
			return
		}
		if name == "propertyBag" {
			if tags, ok := m["tags"]; ok {
				seen := make(map[string]bool)
				a, _ := tags.([]any)
				for _, t := range a {
					s, ok := t.(string)
					if !ok || seen[s] {
						fail("tags must be unique strings")
					}
					seen[s] = true
				}
			}
			return
		}
		for _, r := range spec.required {
			if _, ok := m[r]; !ok {
				fail("%s: missing required property %q", name, r)
			}
		}
		if len(spec.anyOf) > 0 {
			ok := false
			for _, set := range spec.anyOf {
				all := true
				for _, p := range set {
					if _, has := m[p]; !has {
						all = false
					}
				}
				ok = ok || all
			}
			if !ok {
				fail("%s: needs one of %v", name, spec.anyOf)
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := spec.props[k]
			if !ok {
				fail("%s: property %q is not in the schema", name, k)
				continue
			}
			p := path + "." + k
			validateValue(m[k], ps.typ, p, errs)
			if ps.min != nil {
				if n, ok := m[k].(json.Number); ok {
					if i, err := n.Int64(); err == nil && i < int64(*ps.min) {
						*errs = append(*errs, fmt.Sprintf("%s: %d is below the minimum %d", p, i, *ps.min))
					}
				}
			}
			if ps.enum != nil {
				s, _ := m[k].(string)
				found := false
				for _, e := range ps.enum {
					found = found || e == s
				}
				if !found {
					*errs = append(*errs, fmt.Sprintf("%s: %q is not one of %v", p, s, ps.enum))
				}
			}
			if ps.nonEmpty {
				if a, ok := m[k].([]any); ok && len(a) == 0 {
					*errs = append(*errs, p+": must not be empty")
				}
			}
		}
	default:
		fail("internal: unknown type %s", typ)
	}
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
	require.Empty(t, validateSARIF(buf.Bytes()))

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

	// The validator does catch mistakes.
	bad := strings.Replace(buf.String(), `"executionOrder"`, `"executionorder"`, 1)
	bad = strings.Replace(bad, `"startLine": 24`, `"startLine": 0`, 1)
	bad = strings.Replace(bad, `"ruleId": "data-race"`, `"ruleId": "nosuch"`, 1)
	errs := validateSARIF([]byte(bad))
	require.Len(t, errs, 3, "%v", errs)
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
