package jsonschema

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestValidate checks each keyword with instances that conform and
// instances that do not; for the latter, the first failure's instance
// and schema locations.
func TestValidate(t *testing.T) {
	type instance struct {
		json     string
		at       string // "" and schemaAt "" for a valid instance
		schemaAt string
	}
	ok := func(json string) instance { return instance{json: json} }
	bad := func(json, at, schemaAt string) instance { return instance{json, at, schemaAt} }
	tests := []struct {
		name      string
		schema    string
		instances []instance
	}{
		{"true schema", `true`, []instance{ok(`1`), ok(`null`), ok(`{"a":[]}`)}},
		{"false schema", `false`, []instance{bad(`1`, "", "#"), bad(`{}`, "", "#")}},
		{"empty schema", `{}`, []instance{ok(`"x"`), ok(`[1,{}]`)}},
		{"annotations", `{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://example.com/s.json","$comment":"c","title":"t","description":"d","default":3,"examples":[1]}`,
			[]instance{ok(`"anything"`)}},
		{"type string", `{"type":"string"}`, []instance{ok(`"x"`), bad(`1`, "", "#/type"), bad(`null`, "", "#/type")}},
		{"type integer", `{"type":"integer"}`, []instance{ok(`1`), ok(`-7`), ok(`1.0`), ok(`1e3`), bad(`1.5`, "", "#/type"), bad(`"1"`, "", "#/type")}},
		{"type number", `{"type":"number"}`, []instance{ok(`1`), ok(`1.5`), ok(`-2e-3`), bad(`"1"`, "", "#/type"), bad(`true`, "", "#/type")}},
		{"type boolean", `{"type":"boolean"}`, []instance{ok(`true`), ok(`false`), bad(`0`, "", "#/type")}},
		{"type null", `{"type":"null"}`, []instance{ok(`null`), bad(`false`, "", "#/type")}},
		{"type object", `{"type":"object"}`, []instance{ok(`{}`), bad(`[]`, "", "#/type")}},
		{"type array", `{"type":"array"}`, []instance{ok(`[]`), bad(`{}`, "", "#/type")}},
		{"type list", `{"type":["string","null"]}`, []instance{ok(`"x"`), ok(`null`), bad(`1`, "", "#/type")}},
		{"enum", `{"enum":["none","note",1,[1],{"a":null}]}`, []instance{
			ok(`"note"`), ok(`1.0`), ok(`[1]`), ok(`{"a":null}`),
			bad(`"fatal"`, "", "#/enum"), bad(`"Note"`, "", "#/enum"), bad(`[1,1]`, "", "#/enum"), bad(`{"a":0}`, "", "#/enum"),
		}},
		{"const", `{"const":{"v":[1,"a"]}}`, []instance{ok(`{"v":[1.0,"a"]}`), bad(`{"v":[1,"b"]}`, "", "#/const"), bad(`{"v":[1,"a"],"w":1}`, "", "#/const")}},
		{"properties", `{"properties":{"a":{"type":"integer"},"b/c":{"type":"string"}}}`, []instance{
			ok(`{}`), ok(`{"a":1,"b/c":"x","other":true}`), ok(`"not an object"`),
			bad(`{"a":"1"}`, "/a", "#/properties/a/type"), bad(`{"b/c":2}`, "/b~1c", "#/properties/b~1c/type"),
		}},
		{"additionalProperties false", `{"properties":{"a":{}},"additionalProperties":false}`, []instance{
			ok(`{"a":1}`), bad(`{"a":1,"b":2}`, "/b", "#/additionalProperties"), bad(`{"~x":2}`, "/~0x", "#/additionalProperties"),
		}},
		{"additionalProperties schema", `{"properties":{"a":{}},"additionalProperties":{"type":"string"}}`, []instance{
			ok(`{"a":1,"b":"x"}`), bad(`{"a":1,"b":2}`, "/b", "#/additionalProperties/type"),
		}},
		{"required", `{"required":["version","runs"]}`, []instance{
			ok(`{"version":1,"runs":[]}`), ok(`[]`), bad(`{"runs":[]}`, "", "#/required"),
		}},
		{"dependencies", `{"dependencies":{"a":["b"],"c":{"required":["d"]}}}`, []instance{
			ok(`{}`), ok(`{"a":1,"b":2}`), ok(`{"b":2}`), ok(`{"c":1,"d":2}`),
			bad(`{"a":1}`, "", "#/dependencies"), bad(`{"c":1}`, "", "#/dependencies/c/required"),
		}},
		{"items", `{"items":{"type":"integer","minimum":0}}`, []instance{
			ok(`[]`), ok(`[0,1,2]`), ok(`{"not":"an array"}`), bad(`[0,"1"]`, "/1", "#/items/type"), bad(`[0,1,-1]`, "/2", "#/items/minimum"),
		}},
		{"minItems maxItems", `{"minItems":1,"maxItems":2}`, []instance{
			ok(`[1]`), ok(`[1,2]`), bad(`[]`, "", "#/minItems"), bad(`[1,2,3]`, "", "#/maxItems"),
		}},
		{"uniqueItems", `{"uniqueItems":true}`, []instance{
			ok(`[]`), ok(`[1,"1",[1],{"a":1},{"a":2}]`), bad(`[1,2,1.0]`, "", "#/uniqueItems"), bad(`[{"a":[1]},{"a":[1]}]`, "", "#/uniqueItems"),
		}},
		{"uniqueItems false", `{"uniqueItems":false}`, []instance{ok(`[1,1]`)}},
		{"minimum maximum", `{"minimum":-1,"maximum":2.5}`, []instance{
			ok(`-1`), ok(`2.5`), ok(`0`), ok(`"not a number"`), bad(`-2`, "", "#/minimum"), bad(`2.500001`, "", "#/maximum"),
		}},
		{"exclusive bounds", `{"exclusiveMinimum":0,"exclusiveMaximum":10}`, []instance{
			ok(`0.001`), ok(`9`), bad(`0`, "", "#/exclusiveMinimum"), bad(`10`, "", "#/exclusiveMaximum"),
		}},
		{"big numbers compared exactly", `{"maximum":9007199254740993}`, []instance{
			ok(`9007199254740993`), bad(`9007199254740994`, "", "#/maximum"),
		}},
		{"minLength maxLength", `{"minLength":2,"maxLength":3}`, []instance{
			ok(`"ab"`), ok(`"été"`), ok(`7`), bad(`"a"`, "", "#/minLength"), bad(`"abcd"`, "", "#/maxLength"),
		}},
		{"pattern", `{"pattern":"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}?$"}`, []instance{
			ok(`"en"`), ok(`"en-US"`), ok(`3`), bad(`"e"`, "", "#/pattern"), bad(`"1en"`, "", "#/pattern"),
		}},
		{"pattern is not anchored", `{"pattern":"[0-9]+(\\.[0-9]+){3}"}`, []instance{ok(`"v1.2.3.4-x"`), bad(`"1.2.3"`, "", "#/pattern")}},
		{"format uri", `{"format":"uri"}`, []instance{
			ok(`"https://json.schemastore.org/sarif-2.1.0.json"`), ok(`"file:///src/proj/"`), ok(`"file:///a%20b"`), ok(`"urn:x"`), ok(`1`),
			bad(`"p/p.go"`, "", "#/format"), bad(`"file:///a b"`, "", "#/format"), bad(`"file:///a%2"`, "", "#/format"),
			bad(`"file:///C:\\x"`, "", "#/format"), bad(`"http://x/é"`, "", "#/format"),
		}},
		{"format uri-reference", `{"format":"uri-reference"}`, []instance{
			ok(`"p/p.go"`), ok(`"../x%5By%5D.go"`), ok(`"#frag"`), ok(`""`), ok(`"file:///x"`),
			bad(`"p p.go"`, "", "#/format"), bad(`"a\\b"`, "", "#/format"), bad(`"%zz"`, "", "#/format"),
		}},
		{"format date-time", `{"format":"date-time"}`, []instance{
			ok(`"2024-01-02T03:04:05Z"`), ok(`"2024-01-02t03:04:05.123+02:00"`),
			bad(`"2024-01-02"`, "", "#/format"), bad(`"2024-13-02T03:04:05Z"`, "", "#/format"), bad(`"yesterday"`, "", "#/format"),
		}},
		{"allOf", `{"allOf":[{"type":"integer"},{"minimum":3}]}`, []instance{
			ok(`3`), bad(`"3"`, "", "#/allOf/0/type"), bad(`2`, "", "#/allOf/1/minimum"),
		}},
		{"anyOf", `{"anyOf":[{"required":["text"]},{"required":["id"]}]}`, []instance{
			ok(`{"text":"x"}`), ok(`{"id":"x"}`), ok(`{"text":"x","id":"y"}`), bad(`{"markdown":"x"}`, "", "#/anyOf"),
		}},
		{"oneOf", `{"oneOf":[{"required":["runGraphIndex"]},{"required":["resultGraphIndex"]}]}`, []instance{
			ok(`{"runGraphIndex":0}`), ok(`{"resultGraphIndex":0}`),
			bad(`{}`, "", "#/oneOf"), bad(`{"runGraphIndex":0,"resultGraphIndex":0}`, "", "#/oneOf"),
		}},
		{"not", `{"not":{"type":"string"}}`, []instance{ok(`1`), bad(`"x"`, "", "#/not")}},
		{"$ref to a definition", `{"definitions":{"pos":{"type":"integer","minimum":1}},"properties":{"line":{"$ref":"#/definitions/pos","description":"d"}}}`, []instance{
			ok(`{"line":1}`), bad(`{"line":0}`, "/line", "#/definitions/pos/minimum"),
		}},
		{"recursive $ref", `{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#"}}},"additionalProperties":false}`, []instance{
			ok(`{"kids":[{"kids":[]},{}]}`), bad(`{"kids":[{"kids":[{"x":1}]}]}`, "/kids/0/kids/0/x", "#/additionalProperties"),
		}},
		{"$ref with escapes", `{"definitions":{"a/b":{"type":"string"},"c~d":{"type":"integer"},"e f":{"type":"null"}},"items":{"anyOf":[{"$ref":"#/definitions/a~1b"},{"$ref":"#/definitions/c~0d"},{"$ref":"#/definitions/e%20f"}]}}`, []instance{
			ok(`["x",1,null]`), bad(`[true]`, "/0", "#/items/anyOf"),
		}},
		{"$ref into an array", `{"definitions":{"l":{"anyOf":[{"type":"string"},{"type":"integer"}]}},"properties":{"x":{"$ref":"#/definitions/l/anyOf/1"}}}`, []instance{
			ok(`{"x":1}`), bad(`{"x":"1"}`, "/x", "#/definitions/l/anyOf/1/type"),
		}},
		{"$ref beside definitions", `{"definitions":{"a":{"type":"string"}},"$ref":"#/definitions/a"}`, []instance{ok(`"x"`), bad(`1`, "", "#/definitions/a/type")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Compile([]byte(tt.schema))
			require.NoError(t, err)
			for _, in := range tt.instances {
				err := s.Validate([]byte(in.json))
				if in.schemaAt == "" {
					assert.NoError(t, err, "instance %s", in.json)
					continue
				}
				var ve *ValidationError
				if !assert.ErrorAs(t, err, &ve, "instance %s", in.json) {
					continue
				}
				require.NotEmpty(t, ve.Errors)
				assert.Equal(t, in.at, ve.Errors[0].InstanceLocation, "instance %s: %v", in.json, err)
				assert.Equal(t, in.schemaAt, ve.Errors[0].SchemaLocation, "instance %s: %v", in.json, err)
			}
		})
	}
}

// TestValidateAllErrors checks that every failure is reported, with its
// locations, and that the causes of an anyOf failure are kept.
func TestValidateAllErrors(t *testing.T) {
	s, err := Compile([]byte(`{
		"type": "object",
		"required": ["version"],
		"properties": {
			"level": {"enum": ["note", "error"]},
			"runs": {"type": "array", "items": {"$ref": "#/definitions/run"}}
		},
		"additionalProperties": false,
		"definitions": {
			"run": {
				"properties": {"executionOrder": {"type": "integer", "minimum": -1}},
				"anyOf": [{"required": ["text"]}, {"required": ["id"]}]
			}
		}
	}`))
	require.NoError(t, err)
	err = s.Validate([]byte(`{"level": "fatal", "runs": [{"text": "ok", "executionOrder": -2}, {"executionOrder": "3"}], "extra": 1}`))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	type loc struct{ at, schema string }
	var got []loc
	for _, e := range ve.Errors {
		got = append(got, loc{e.InstanceLocation, e.SchemaLocation})
	}
	require.Equal(t, []loc{
		{"", "#/required"},
		{"/extra", "#/additionalProperties"},
		{"/level", "#/properties/level/enum"},
		{"/runs/0/executionOrder", "#/definitions/run/properties/executionOrder/minimum"},
		{"/runs/1/executionOrder", "#/definitions/run/properties/executionOrder/type"},
		{"/runs/1", "#/definitions/run/anyOf"},
	}, got)
	last := ve.Errors[len(ve.Errors)-1]
	require.Len(t, last.Causes, 2)
	assert.Equal(t, "#/definitions/run/anyOf/0/required", last.Causes[0].SchemaLocation)
	assert.Equal(t, "#/definitions/run/anyOf/1/required", last.Causes[1].SchemaLocation)
	msg := err.Error()
	assert.Contains(t, msg, "6 schema violation(s)")
	assert.Contains(t, msg, `"/level": "fatal" is not one of ["note","error"] (schema #/properties/level/enum)`)
	assert.Contains(t, msg, `"/runs/1/executionOrder": "3" is not of type integer`)
	assert.Contains(t, msg, `    "/runs/1": required property "text" is missing (schema #/definitions/run/anyOf/0/required)`)
}

// TestCompileErrors checks that a schema is refused if it uses a keyword
// or form that the package does not implement (so that no rule can be
// skipped in silence) or is malformed.
func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name, schema, want string
	}{
		{"unknown keyword", `{"properties":{"a":{"type":"string","minContains":1}}}`, `schema #/properties/a/minContains: keyword "minContains" is not supported`},
		{"unknown keyword in an unused definition", `{"definitions":{"x":{"patternProperties":{}}}}`, `schema #/definitions/x/patternProperties: keyword "patternProperties" is not supported`},
		{"typo", `{"requried":["a"]}`, `keyword "requried" is not supported`},
		{"unknown format", `{"format":"uuid"}`, `format "uuid" is not supported`},
		{"tuple items", `{"items":[{"type":"string"}]}`, `the array form (tuple validation) is not supported`},
		{"keyword beside $ref", `{"definitions":{"a":{}},"properties":{"x":{"$ref":"#/definitions/a","minimum":1}}}`, `schema #/properties/x: "minimum" beside $ref would be ignored (draft-07)`},
		{"$ref outside the document", `{"$ref":"other.json#/definitions/a"}`, `only references inside the document`},
		{"$ref that does not resolve", `{"items":{"$ref":"#/definitions/nosuch"}}`, `"#/definitions/nosuch" does not resolve`},
		{"$ref to an anchor", `{"$ref":"#foo"}`, `only JSON pointer fragments are supported`},
		{"nested $id", `{"properties":{"a":{"$id":"a.json"}}}`, `#/properties/a/$id: only supported at the root`},
		{"other draft", `{"$schema":"http://json-schema.org/draft-04/schema#"}`, `is not draft-07`},
		{"unknown type", `{"type":"int"}`, `unknown type "int"`},
		{"empty enum", `{"enum":[]}`, `want a non-empty array`},
		{"negative minItems", `{"minItems":-1}`, `want a non-negative integer`},
		{"fractional maxLength", `{"maxLength":1.5}`, `want a non-negative integer`},
		{"required not strings", `{"required":[1]}`, `want an array of strings`},
		{"required twice", `{"required":["a","a"]}`, `"a" appears twice`},
		{"pattern RE2 lacks", `{"pattern":"^(?!x)"}`, `#/pattern`},
		{"schema not an object", `{"not":3}`, `a schema must be an object or a boolean`},
		{"empty anyOf", `{"anyOf":[]}`, `want a non-empty array of schemas`},
		{"not JSON", `{"type":`, `decoding JSON`},
		{"trailing data", `{} {}`, `data after the first value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile([]byte(tt.schema))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestValidateNotJSON(t *testing.T) {
	s, err := Compile([]byte(`{}`))
	require.NoError(t, err)
	err = s.Validate([]byte(`{"a":`))
	require.Error(t, err)
	var ve *ValidationError
	assert.False(t, errors.As(err, &ve), "not a validation error")
	assert.True(t, strings.HasPrefix(err.Error(), "decoding JSON"), err.Error())
}

// TestValidateValue checks values decoded without json.Number.
func TestValidateValue(t *testing.T) {
	s, err := Compile([]byte(`{"type":"object","properties":{"n":{"type":"integer","maximum":3}}}`))
	require.NoError(t, err)
	require.NoError(t, s.ValidateValue(map[string]any{"n": 3.0}))
	require.Error(t, s.ValidateValue(map[string]any{"n": 3.5}))
	require.Error(t, s.ValidateValue(map[string]any{"n": 4.0}))
}
