package frontend

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cmcheck/cmcheck/internal/stdlib"
)

// A fileParser parses the files of one load. Files of standard-library
// packages that are not interpreted from source are reduced to their
// declarations, so that parsing and type-checking them is cheap.
//
// Its methods are safe for concurrent use: go/packages calls parseFile
// from many goroutines.
type fileParser struct {
	gorootSrc string    // $GOROOT/src with a trailing separator; "" if unknown
	start     time.Time // start of the load

	first    atomic.Int64 // time from start to the first parseFile call; 0 before
	parseNS  atomic.Int64 // total time spent parsing, summed over goroutines
	full     atomic.Int64 // files parsed with bodies
	stripped atomic.Int64 // files parsed without bodies
}

func newFileParser(goroot string, start time.Time) *fileParser {
	p := &fileParser{start: start}
	if goroot != "" {
		p.gorootSrc = filepath.Join(goroot, "src") + string(filepath.Separator)
	}
	return p
}

// parseFile is a packages.Config.ParseFile hook.
func (p *fileParser) parseFile(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	start := time.Now()
	p.first.CompareAndSwap(0, max(1, int64(start.Sub(p.start))))
	defer func() { p.parseNS.Add(int64(time.Since(start))) }()

	if path, ok := p.gorootImportPath(filename); ok && !stdlib.FromSource(path, true) {
		p.stripped.Add(1)
		return parseStripped(fset, filename, src)
	}
	p.full.Add(1)
	const mode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution
	return parser.ParseFile(fset, filename, src, mode)
}

// parseStripped parses a file for its declarations alone: see stripBodies
// and stripValues. It blanks the bodies out of the text first, which saves most
// of the parsing, and falls back to parsing the original text if that
// fails. Comments are not kept: nothing reads them in packages without
// bodies.
func parseStripped(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	const mode = parser.SkipObjectResolution
	if blanked := blankBodies(src); blanked != nil {
		if f, err := parser.ParseFile(fset, filename, blanked, mode); err == nil {
			return stripValues(stripBodies(f)), nil
		}
	}
	f, err := parser.ParseFile(fset, filename, src, mode)
	return stripValues(stripBodies(f)), err
}

// stripBodies removes the bodies of the function declarations of f.
func stripBodies(f *ast.File) *ast.File {
	if f == nil {
		return nil
	}
	for _, decl := range f.Decls {
		if fn, ok := decl.(*ast.FuncDecl); ok {
			fn.Body = nil
		}
	}
	return f
}

// stripValues removes from f the initial values of package-level
// variables, or empties them where they determine the variable's type, so
// that the type checker has little left to do but declarations. Without
// function bodies nothing would run them anyway.
func stripValues(f *ast.File) *ast.File {
	if f == nil {
		return nil
	}
	for _, decl := range f.Decls {
		if decl, ok := decl.(*ast.GenDecl); ok && decl.Tok == token.VAR {
			for _, spec := range decl.Specs {
				stripSpecValues(spec.(*ast.ValueSpec))
			}
		}
	}
	return f
}

// stripSpecValues drops the initial values of a variable declaration, or
// empties them when they determine its type.
func stripSpecValues(spec *ast.ValueSpec) {
	if spec.Type != nil {
		spec.Values = nil
		return
	}
	for _, v := range spec.Values {
		if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
			v = u.X
		}
		switch v := v.(type) {
		case *ast.CompositeLit:
			if a, ok := v.Type.(*ast.ArrayType); ok && a.Len != nil {
				if _, ok := a.Len.(*ast.Ellipsis); ok {
					continue // [...]T{...}: the length depends on the elements
				}
			}
			if v.Type != nil {
				v.Elts = nil
			}
		case *ast.FuncLit:
			v.Body = &ast.BlockStmt{Lbrace: v.Body.Lbrace, Rbrace: v.Body.Rbrace}
		}
	}
}

// gorootImportPath reports the import path of the standard-library package
// whose directory holds filename, and whether filename is under
// $GOROOT/src at all. The import path is the directory relative to
// $GOROOT/src, which is also right for vendored packages
// ($GOROOT/src/vendor/golang.org/x/net/... is "vendor/golang.org/x/net/...")
// and for the go command's own packages ("cmd/...").
func (p *fileParser) gorootImportPath(filename string) (string, bool) {
	if p.gorootSrc == "" {
		return "", false
	}
	rel, ok := strings.CutPrefix(filename, p.gorootSrc)
	if !ok {
		return "", false
	}
	return filepath.ToSlash(filepath.Dir(rel)), true
}

// untilFirstParse returns the time from the start of the load to the first
// file parsed. go/packages parses only after go list has answered, so this
// is the time taken by go list. It is 0 if nothing was parsed.
func (p *fileParser) untilFirstParse() time.Duration {
	return time.Duration(p.first.Load())
}
