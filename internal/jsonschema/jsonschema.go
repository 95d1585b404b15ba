// Package jsonschema validates JSON documents against a JSON Schema
// (draft-07), for tests that check cmcheck's output against a published
// schema such as the OASIS SARIF 2.1.0 one.
//
// It implements a subset of draft-07, enough for the SARIF schema and a
// little more, and it refuses, when compiling a schema, every keyword it
// does not implement: a schema that compiles is enforced whole, no rule
// is skipped in silence. The keywords are:
//
//   - structure: $ref (to "#" or a JSON pointer in the same document,
//     such as "#/definitions/NAME"), definitions, allOf, anyOf, oneOf,
//     not;
//   - any instance: type (a name or an array of names; "integer" is any
//     number with no fractional part, so 1.0 is one), enum, const;
//   - objects: properties, additionalProperties (a boolean or a schema),
//     required, dependencies (an array of property names or a schema);
//   - arrays: items (one schema for every element; the array form is
//     refused), minItems, maxItems, uniqueItems;
//   - numbers: minimum, maximum, exclusiveMinimum, exclusiveMaximum (the
//     draft-06/07 number form), compared exactly;
//   - strings: minLength, maxLength (in code points), pattern (compiled
//     with Go's regexp, RE2 syntax: the ECMA-262 features RE2 lacks, such
//     as lookaround and backreferences, make the schema fail to compile),
//     format "uri", "uri-reference" and "date-time" (other format names
//     are refused);
//   - annotations, ignored: $schema and $id (at the root only), $comment,
//     title, description, default, examples.
//
// The formats are checked loosely: "uri" and "uri-reference" take a
// string that net/url parses and that has only the characters RFC 3986
// allows (with well-formed percent escapes), "uri" also a scheme;
// "date-time" takes what time.Parse accepts as RFC 3339.
//
// In draft-07, keywords beside $ref are ignored; so that none is ignored
// here unnoticed, a schema object with $ref may have only annotations
// and definitions beside it.
//
// Validation reports every failure found, each with the JSON pointer of
// the failing instance location and the location in the schema document
// (after following $ref) of the keyword that failed.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Schema is a compiled schema. It is not changed by validation and may
// be used by several goroutines at once.
type Schema struct {
	root *node
}

// node is a compiled schema object or boolean schema.
type node struct {
	loc    string // the schema location, "#" or "#/definitions/x"
	always *bool  // a boolean schema

	ref *node

	types    []string
	enum     []any
	hasConst bool
	constVal any

	properties   map[string]*node
	additional   *node
	required     []string
	dependencies map[string]dependency

	items       *node
	minItems    *int
	maxItems    *int
	uniqueItems bool

	minimum, maximum, exclMin, exclMax *big.Rat

	minLength, maxLength *int
	pattern              *regexp.Regexp
	format               string

	allOf, anyOf, oneOf []*node
	not                 *node
}

type dependency struct {
	props  []string
	schema *node
}

// annotations are the keywords that do not constrain instances.
var annotations = map[string]bool{
	"$comment": true, "title": true, "description": true, "default": true, "examples": true,
}

var typeNames = map[string]bool{
	"null": true, "boolean": true, "object": true, "array": true, "number": true, "string": true, "integer": true,
}

var formats = map[string]func(string) error{
	"uri":           checkURI,
	"uri-reference": checkURIReference,
	"date-time":     checkDateTime,
}

// Compile parses and compiles a draft-07 schema. It fails on a keyword
// or format that the package does not implement, on a keyword whose
// value is malformed and on a $ref that does not resolve.
func Compile(data []byte) (*Schema, error) {
	doc, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	c := &compiler{doc: doc, nodes: make(map[string]*node)}
	if m, ok := doc.(map[string]any); ok {
		if s, ok := m["$schema"]; ok {
			if s != "http://json-schema.org/draft-07/schema#" && s != "http://json-schema.org/draft-07/schema" {
				return nil, fmt.Errorf("schema #/$schema: %v is not draft-07", s)
			}
		}
		if id, ok := m["$id"]; ok {
			if _, ok := id.(string); !ok {
				return nil, fmt.Errorf("schema #/$id: not a string")
			}
		}
	}
	root, err := c.compile("#", doc, true)
	if err != nil {
		return nil, err
	}
	return &Schema{root: root}, nil
}

type compiler struct {
	doc   any
	nodes map[string]*node // by schema location
}

func (c *compiler) compile(loc string, raw any, root bool) (*node, error) {
	if n, ok := c.nodes[loc]; ok {
		return n, nil
	}
	n := &node{loc: loc}
	c.nodes[loc] = n
	if b, ok := raw.(bool); ok {
		n.always = &b
		return n, nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema %s: a schema must be an object or a boolean, not %s", loc, brief(raw))
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if _, ok := m["$ref"]; ok {
		for _, k := range keys {
			if k != "$ref" && k != "definitions" && !annotations[k] && !(root && (k == "$schema" || k == "$id")) {
				return nil, fmt.Errorf("schema %s: %q beside $ref would be ignored (draft-07)", loc, k)
			}
		}
	}
	for _, k := range keys {
		if err := c.keyword(n, k, m[k], root); err != nil {
			return nil, fmt.Errorf("schema %s: %w", pointer(loc, k), err)
		}
	}
	return n, nil
}

// keyword compiles one keyword of a schema object into n.
func (c *compiler) keyword(n *node, k string, v any, root bool) error {
	loc := pointer(n.loc, k)
	var err error
	switch k {
	case "$schema", "$id":
		if !root {
			return fmt.Errorf("only supported at the root")
		}
	case "$ref":
		n.ref, err = c.resolve(v)
	case "definitions":
		// Compiled so that every definition is checked, used or not.
		_, err = c.schemaMap(loc, v)
	case "type":
		n.types, err = typeList(v)
	case "enum":
		a, ok := v.([]any)
		if !ok || len(a) == 0 {
			return fmt.Errorf("want a non-empty array")
		}
		n.enum = a
	case "const":
		n.hasConst, n.constVal = true, v
	case "properties":
		n.properties, err = c.schemaMap(loc, v)
	case "additionalProperties":
		n.additional, err = c.compile(loc, v, false)
	case "required":
		n.required, err = stringSet(v)
	case "dependencies":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("want an object")
		}
		n.dependencies = make(map[string]dependency)
		for p, d := range m {
			if _, ok := d.([]any); ok {
				props, err := stringSet(d)
				if err != nil {
					return fmt.Errorf("%q: %w", p, err)
				}
				n.dependencies[p] = dependency{props: props}
				continue
			}
			s, err := c.compile(pointer(loc, p), d, false)
			if err != nil {
				return err
			}
			n.dependencies[p] = dependency{schema: s}
		}
	case "items":
		if _, ok := v.([]any); ok {
			return fmt.Errorf("the array form (tuple validation) is not supported")
		}
		n.items, err = c.compile(loc, v, false)
	case "minItems":
		n.minItems, err = count(v)
	case "maxItems":
		n.maxItems, err = count(v)
	case "uniqueItems":
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("want a boolean")
		}
		n.uniqueItems = b
	case "minimum":
		n.minimum, err = number(v)
	case "maximum":
		n.maximum, err = number(v)
	case "exclusiveMinimum":
		n.exclMin, err = number(v)
	case "exclusiveMaximum":
		n.exclMax, err = number(v)
	case "minLength":
		n.minLength, err = count(v)
	case "maxLength":
		n.maxLength, err = count(v)
	case "pattern":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want a string")
		}
		n.pattern, err = regexp.Compile(s)
	case "format":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want a string")
		}
		if formats[s] == nil {
			return fmt.Errorf("format %q is not supported", s)
		}
		n.format = s
	case "allOf":
		n.allOf, err = c.schemaList(loc, v)
	case "anyOf":
		n.anyOf, err = c.schemaList(loc, v)
	case "oneOf":
		n.oneOf, err = c.schemaList(loc, v)
	case "not":
		n.not, err = c.compile(loc, v, false)
	default:
		if !annotations[k] {
			return fmt.Errorf("keyword %q is not supported", k)
		}
	}
	return err
}

// resolve compiles the target of a $ref, which must be "#" or "#" and a
// JSON pointer into the document.
func (c *compiler) resolve(v any) (*node, error) {
	ref, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("want a string")
	}
	if !strings.HasPrefix(ref, "#") {
		return nil, fmt.Errorf("%q: only references inside the document (#...) are supported", ref)
	}
	frag, err := url.PathUnescape(ref[1:])
	if err != nil {
		return nil, fmt.Errorf("%q: %w", ref, err)
	}
	if frag != "" && !strings.HasPrefix(frag, "/") {
		return nil, fmt.Errorf("%q: only JSON pointer fragments are supported", ref)
	}
	loc, target := "#", c.doc
	if frag != "" {
		for _, tok := range strings.Split(frag[1:], "/") {
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
			switch t := target.(type) {
			case map[string]any:
				x, ok := t[tok]
				if !ok {
					return nil, fmt.Errorf("%q does not resolve", ref)
				}
				target = x
			case []any:
				i, err := parseIndex(tok, len(t))
				if err != nil {
					return nil, fmt.Errorf("%q does not resolve: %w", ref, err)
				}
				target = t[i]
			default:
				return nil, fmt.Errorf("%q does not resolve", ref)
			}
			loc = pointer(loc, tok)
		}
	}
	return c.compile(loc, target, loc == "#")
}

func parseIndex(tok string, n int) (int, error) {
	i := 0
	if tok == "" || (len(tok) > 1 && tok[0] == '0') {
		return 0, fmt.Errorf("bad array index %q", tok)
	}
	for _, r := range tok {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("bad array index %q", tok)
		}
		i = i*10 + int(r-'0')
		if i >= n {
			return 0, fmt.Errorf("array index %q out of range", tok)
		}
	}
	return i, nil
}

func (c *compiler) schemaMap(loc string, v any) (map[string]*node, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want an object")
	}
	out := make(map[string]*node, len(m))
	for k, s := range m {
		n, err := c.compile(pointer(loc, k), s, false)
		if err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, nil
}

func (c *compiler) schemaList(loc string, v any) ([]*node, error) {
	a, ok := v.([]any)
	if !ok || len(a) == 0 {
		return nil, fmt.Errorf("want a non-empty array of schemas")
	}
	out := make([]*node, len(a))
	for i, s := range a {
		n, err := c.compile(pointer(loc, fmt.Sprint(i)), s, false)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func typeList(v any) ([]string, error) {
	if s, ok := v.(string); ok {
		v = []any{s}
	}
	names, err := stringSet(v)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("want at least one type")
	}
	for _, t := range names {
		if !typeNames[t] {
			return nil, fmt.Errorf("unknown type %q", t)
		}
	}
	return names, nil
}

// stringSet reads an array of distinct strings.
func stringSet(v any) ([]string, error) {
	a, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want an array of strings")
	}
	seen := make(map[string]bool)
	out := make([]string, 0, len(a))
	for _, x := range a {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("want an array of strings, found %s", brief(x))
		}
		if seen[s] {
			return nil, fmt.Errorf("%q appears twice", s)
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, nil
}

// count reads a non-negative integer.
func count(v any) (*int, error) {
	r, ok := rat(v)
	if !ok || !r.IsInt() || r.Sign() < 0 || !r.Num().IsInt64() || r.Num().Int64() > 1<<31 {
		return nil, fmt.Errorf("want a non-negative integer, not %s", brief(v))
	}
	i := int(r.Num().Int64())
	return &i, nil
}

func number(v any) (*big.Rat, error) {
	r, ok := rat(v)
	if !ok {
		return nil, fmt.Errorf("want a number, not %s", brief(v))
	}
	return r, nil
}

// Error is one validation failure.
type Error struct {
	// InstanceLocation is the JSON pointer (RFC 6901) of the failing
	// value in the instance: "" for the document, "/runs/0/level" for a
	// nested one.
	InstanceLocation string
	// SchemaLocation is the URI fragment of the failing keyword in the
	// schema document, after following $ref:
	// "#/definitions/result/properties/level/enum".
	SchemaLocation string
	// Message tells what is wrong.
	Message string
	// Causes are, for anyOf, oneOf and not, the failures of the
	// subschemas.
	Causes []*Error
}

func (e *Error) Error() string {
	var b strings.Builder
	e.write(&b, "")
	return b.String()
}

func (e *Error) write(b *strings.Builder, indent string) {
	fmt.Fprintf(b, "%s%q: %s (schema %s)", indent, e.InstanceLocation, e.Message, e.SchemaLocation)
	for _, c := range e.Causes {
		b.WriteString("\n")
		c.write(b, indent+"    ")
	}
}

// ValidationError is what Validate returns for an instance that does
// not conform: every failure found.
type ValidationError struct {
	Errors []*Error
}

func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Errors))
	for i, x := range e.Errors {
		msgs[i] = x.Error()
	}
	return fmt.Sprintf("%d schema violation(s):\n%s", len(e.Errors), strings.Join(msgs, "\n"))
}

// Validate decodes a JSON document and validates it. It returns a
// *ValidationError if the document does not conform, another error if
// it is not JSON.
func (s *Schema) Validate(data []byte) error {
	v, err := decode(data)
	if err != nil {
		return err
	}
	return s.ValidateValue(v)
}

// ValidateValue validates a decoded JSON value: nil, bool, string,
// json.Number or float64, []any and map[string]any, nested.
func (s *Schema) ValidateValue(v any) error {
	if errs := s.root.validate(v, ""); len(errs) > 0 {
		return &ValidationError{Errors: errs}
	}
	return nil
}

func (n *node) validate(v any, at string) []*Error {
	if n.always != nil {
		if *n.always {
			return nil
		}
		return []*Error{{InstanceLocation: at, SchemaLocation: n.loc, Message: "no value is allowed here"}}
	}
	if n.ref != nil {
		return n.ref.validate(v, at)
	}
	var errs []*Error
	fail := func(keyword, format string, args ...any) {
		errs = append(errs, &Error{InstanceLocation: at, SchemaLocation: pointer(n.loc, keyword), Message: fmt.Sprintf(format, args...)})
	}
	if n.types != nil && !hasType(v, n.types) {
		fail("type", "%s is not of type %s", brief(v), strings.Join(n.types, " or "))
		return errs // the other keywords would only add noise
	}
	if n.enum != nil {
		found := false
		for _, e := range n.enum {
			found = found || equal(v, e)
		}
		if !found {
			fail("enum", "%s is not one of %s", brief(v), brief(n.enum))
		}
	}
	if n.hasConst && !equal(v, n.constVal) {
		fail("const", "%s is not %s", brief(v), brief(n.constVal))
	}
	switch x := v.(type) {
	case map[string]any:
		// Not append(errs, n.validateObject(...)...): fail appends to
		// errs too, and Go does not order the two.
		sub := n.validateObject(x, at, fail)
		errs = append(errs, sub...)
	case []any:
		sub := n.validateArray(x, at, fail)
		errs = append(errs, sub...)
	case string:
		n.validateString(x, fail)
	}
	if r, ok := rat(v); ok {
		if n.minimum != nil && r.Cmp(n.minimum) < 0 {
			fail("minimum", "%s is less than the minimum %s", brief(v), n.minimum.RatString())
		}
		if n.maximum != nil && r.Cmp(n.maximum) > 0 {
			fail("maximum", "%s is greater than the maximum %s", brief(v), n.maximum.RatString())
		}
		if n.exclMin != nil && r.Cmp(n.exclMin) <= 0 {
			fail("exclusiveMinimum", "%s is not greater than %s", brief(v), n.exclMin.RatString())
		}
		if n.exclMax != nil && r.Cmp(n.exclMax) >= 0 {
			fail("exclusiveMaximum", "%s is not less than %s", brief(v), n.exclMax.RatString())
		}
	}
	for _, s := range n.allOf {
		errs = append(errs, s.validate(v, at)...)
	}
	if n.anyOf != nil {
		var causes []*Error
		ok := false
		for _, s := range n.anyOf {
			e := s.validate(v, at)
			if len(e) == 0 {
				ok = true
				break
			}
			causes = append(causes, e...)
		}
		if !ok {
			fail("anyOf", "matches none of the %d anyOf subschemas", len(n.anyOf))
			errs[len(errs)-1].Causes = causes
		}
	}
	if n.oneOf != nil {
		var causes []*Error
		var matched []string
		for i, s := range n.oneOf {
			e := s.validate(v, at)
			if len(e) == 0 {
				matched = append(matched, fmt.Sprint(i))
			}
			causes = append(causes, e...)
		}
		switch {
		case len(matched) == 0:
			fail("oneOf", "matches none of the %d oneOf subschemas", len(n.oneOf))
			errs[len(errs)-1].Causes = causes
		case len(matched) > 1:
			fail("oneOf", "matches oneOf subschemas %s, want exactly one", strings.Join(matched, " and "))
		}
	}
	if n.not != nil && len(n.not.validate(v, at)) == 0 {
		fail("not", "matches the schema it must not match (%s)", n.not.loc)
	}
	return errs
}

func (n *node) validateObject(m map[string]any, at string, fail func(keyword, format string, args ...any)) []*Error {
	var errs []*Error
	for _, r := range n.required {
		if _, ok := m[r]; !ok {
			fail("required", "required property %q is missing", r)
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if d, ok := n.dependencies[k]; ok {
			for _, p := range d.props {
				if _, ok := m[p]; !ok {
					fail("dependencies", "property %q requires property %q", k, p)
				}
			}
			if d.schema != nil {
				errs = append(errs, d.schema.validate(m, at)...)
			}
		}
		if s, ok := n.properties[k]; ok {
			errs = append(errs, s.validate(m[k], pointer(at, k))...)
		} else if n.additional != nil {
			if n.additional.always != nil && !*n.additional.always {
				errs = append(errs, &Error{InstanceLocation: pointer(at, k), SchemaLocation: n.additional.loc, Message: fmt.Sprintf("property %q is not allowed", k)})
			} else {
				errs = append(errs, n.additional.validate(m[k], pointer(at, k))...)
			}
		}
	}
	return errs
}

func (n *node) validateArray(a []any, at string, fail func(keyword, format string, args ...any)) []*Error {
	var errs []*Error
	if n.minItems != nil && len(a) < *n.minItems {
		fail("minItems", "%d items, fewer than %d", len(a), *n.minItems)
	}
	if n.maxItems != nil && len(a) > *n.maxItems {
		fail("maxItems", "%d items, more than %d", len(a), *n.maxItems)
	}
	if n.uniqueItems {
	dup:
		for i := range a {
			for j := i + 1; j < len(a); j++ {
				if equal(a[i], a[j]) {
					fail("uniqueItems", "items %d and %d are equal", i, j)
					break dup
				}
			}
		}
	}
	if n.items != nil {
		for i, x := range a {
			errs = append(errs, n.items.validate(x, pointer(at, fmt.Sprint(i)))...)
		}
	}
	return errs
}

func (n *node) validateString(s string, fail func(keyword, format string, args ...any)) {
	l := utf8.RuneCountInString(s)
	if n.minLength != nil && l < *n.minLength {
		fail("minLength", "%s is shorter than %d", brief(s), *n.minLength)
	}
	if n.maxLength != nil && l > *n.maxLength {
		fail("maxLength", "%s is longer than %d", brief(s), *n.maxLength)
	}
	if n.pattern != nil && !n.pattern.MatchString(s) {
		fail("pattern", "%s does not match %q", brief(s), n.pattern.String())
	}
	if n.format != "" {
		if err := formats[n.format](s); err != nil {
			fail("format", "%s is not a %s: %v", brief(s), n.format, err)
		}
	}
}

func hasType(v any, types []string) bool {
	for _, t := range types {
		switch t {
		case "null":
			if v == nil {
				return true
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "number":
			if _, ok := rat(v); ok {
				return true
			}
		case "integer":
			if r, ok := rat(v); ok && r.IsInt() {
				return true
			}
		}
	}
	return false
}

// rat returns the exact value of a JSON number.
func rat(v any) (*big.Rat, bool) {
	switch x := v.(type) {
	case json.Number:
		return new(big.Rat).SetString(string(x))
	case float64:
		r := new(big.Rat)
		if r.SetFloat64(x) == nil {
			return nil, false
		}
		return r, true
	}
	return nil, false
}

// equal is JSON equality: numbers are equal if their values are.
func equal(a, b any) bool {
	if ra, ok := rat(a); ok {
		rb, ok := rat(b)
		return ok && ra.Cmp(rb) == 0
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equal(xv, yv) {
				return false
			}
		}
		return true
	}
	return false
}

// uriChars are the characters RFC 3986 allows in a URI reference,
// besides '%' and letters and digits.
const uriChars = "-._~:/?#[]@!$&'()*+,;="

func uriSyntax(s string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte(uriChars, c) >= 0:
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return fmt.Errorf("bad percent escape at byte %d", i)
			}
			i += 2
		default:
			return fmt.Errorf("character %q is not allowed", rune(c))
		}
	}
	_, err := url.Parse(s)
	return err
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

func checkURI(s string) error {
	if !schemeRE.MatchString(s) {
		return fmt.Errorf("no scheme")
	}
	return uriSyntax(s)
}

func checkURIReference(s string) error {
	return uriSyntax(s)
}

func checkDateTime(s string) error {
	_, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
	return err
}

// decode reads one JSON value, keeping numbers exact.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("decoding JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("decoding JSON: data after the first value")
	}
	return v, nil
}

// pointer appends a reference token to a JSON pointer, escaped.
func pointer(base, tok string) string {
	return base + "/" + strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// brief renders a value for a message, shortened.
func brief(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}
