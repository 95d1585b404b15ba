// Package stdlib says, for each standard-library package, whether cmcheck
// interprets it from source or models it natively.
//
// Packages interpreted from source get full syntax, type information and SSA
// bodies. Every other standard-library package is type-checked without
// function bodies (fast to load) and its functions are implemented natively
// by package model; calling one that has no native implementation ends the
// entry point as unsupported.
//
// This package has no compatibility promise.
package stdlib

// fromSource lists the standard-library packages interpreted from SSA.
// They are pure Go (or pure apart from a few leaf functions that model
// implements natively) and carry no runtime magic.
var fromSource = map[string]bool{
	"bufio":                true,
	"cmp":                  true,
	"container/heap":       true,
	"container/list":       true,
	"container/ring":       true,
	"context":              true,
	"internal/stringslite": true,
	"internal/itoa":        true,
	"io":                   true,
	"maps":                 true,
	"slices":               true,
	"sort":                 true,
	"strconv":              true,
	"internal/strconv":     true,
	"strings":              true,
	"bytes":                true,
	"unicode/utf8":         true,
	"unicode/utf16":        true,
	"math/bits":            true,
}

// FromSource reports whether the package with the given import path is
// interpreted from source. Packages outside GOROOT (the user's own and their
// third-party dependencies) are always interpreted; goroot says whether the
// package comes from GOROOT/src.
func FromSource(importPath string, goroot bool) bool {
	if !goroot {
		return true
	}
	return fromSource[importPath]
}
