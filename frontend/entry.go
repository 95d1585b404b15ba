package frontend

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/ssa"
)

// EntryKind says why a function is an entry point.
type EntryKind int

const (
	EntryMain   EntryKind = iota // main.main
	EntryTest                    // func TestXxx(t *testing.T) in a _test.go file
	EntryMarked                  // a func() whose doc comment has a //cmcheck:entry line
)

func (k EntryKind) String() string {
	switch k {
	case EntryMain:
		return "main"
	case EntryTest:
		return "test"
	case EntryMarked:
		return "marked"
	}
	return "EntryKind(" + strconv.Itoa(int(k)) + ")"
}

// An Entry is a function cmcheck explores: its goroutine is the first one.
type Entry struct {
	Kind EntryKind
	Name string        // package path and function name: "example.com/pkg.TestFoo"; unique
	Func *ssa.Function // TestXxx(t *testing.T), main.main, or a marked func()
	Pkg  *ssa.Package
	Pos  token.Position
}

// entryMarker is the doc comment line that makes a function an entry.
const entryMarker = "//cmcheck:entry"

// A source is a root package with the syntax it was built from (SSA
// packages do not keep it).
type source struct {
	pkg   *ssa.Package
	files []*ast.File
}

// findEntries returns the entry points of the root packages, sorted, or a
// *Diagnostics for markers on functions that cannot be entries.
func findEntries(fset *token.FileSet, srcs []source, dir string) ([]Entry, error) {
	d := &Diagnostics{Dir: dir}
	var entries []Entry
	for _, src := range srcs {
		for _, f := range src.files {
			entries = append(entries, fileEntries(fset, src.pkg, f, d)...)
		}
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	slices.SortFunc(entries, func(a, b Entry) int {
		return cmp.Or(
			cmp.Compare(a.Pkg.Pkg.Path(), b.Pkg.Pkg.Path()),
			cmp.Compare(a.Pos.Filename, b.Pos.Filename),
			cmp.Compare(a.Pos.Offset, b.Pos.Offset),
		)
	})
	return entries, nil
}

// fileEntries returns the entry points declared in f, a file of pkg.
func fileEntries(fset *token.FileSet, pkg *ssa.Package, f *ast.File, d *Diagnostics) []Entry {
	var entries []Entry
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		kind, ok := entryKind(fset, pkg, fn, d)
		if !ok {
			continue
		}
		obj, ok := pkg.Pkg.Scope().Lookup(fn.Name.Name).(*types.Func)
		if !ok {
			continue // cannot happen in a well-typed package
		}
		entries = append(entries, Entry{
			Kind: kind,
			Name: pkg.Pkg.Path() + "." + fn.Name.Name,
			Func: pkg.Prog.FuncValue(obj),
			Pkg:  pkg,
			Pos:  fset.Position(fn.Name.Pos()),
		})
	}
	return entries
}

// entryKind says whether fn, declared in pkg, is an entry point and of
// which kind. Markers on functions that cannot be entries are reported
// to d.
func entryKind(fset *token.FileSet, pkg *ssa.Package, fn *ast.FuncDecl, d *Diagnostics) (EntryKind, bool) {
	name := fn.Name.Name
	plain := fn.Recv == nil && fn.Type.TypeParams == nil
	switch {
	case plain && name == "main" && pkg.Pkg.Name() == "main":
		return EntryMain, true
	case hasMarker(fn.Doc):
		return EntryMarked, checkMarked(fset, fn, d)
	case plain && isTestName(name) && strings.HasSuffix(fset.Position(fn.Pos()).Filename, "_test.go"):
		obj, ok := pkg.Pkg.Scope().Lookup(name).(*types.Func)
		return EntryTest, ok && isTestSignature(obj.Signature())
	}
	return 0, false
}

// checkMarked reports whether a function with a //cmcheck:entry marker can
// be an entry, and reports to d why not.
func checkMarked(fset *token.FileSet, fn *ast.FuncDecl, d *Diagnostics) bool {
	pos := fset.Position(fn.Name.Pos())
	name := fn.Name.Name
	switch {
	case fn.Recv != nil:
		d.add(pos, "%s method %s cannot be an entry: only top-level functions can", entryMarker, name)
	case fn.Type.TypeParams != nil:
		d.add(pos, "%s function %s must not be generic", entryMarker, name)
	case fn.Type.Params.NumFields() > 0:
		d.add(pos, "%s function %s must have no parameters", entryMarker, name)
	case fn.Type.Results.NumFields() > 0:
		d.add(pos, "%s function %s must have no results", entryMarker, name)
	case name == "init" || name == "_":
		d.add(pos, "%s function %s cannot be an entry: it cannot be referred to", entryMarker, name)
	default:
		return true
	}
	return false
}

// hasMarker reports whether a doc comment has a line that is exactly the
// entry marker.
func hasMarker(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, c := range doc.List {
		if strings.TrimRight(c.Text, " \t\r") == entryMarker {
			return true
		}
	}
	return false
}

// isTestName reports whether name is "Test" followed by nothing or by a
// rune that is not a lower-case letter, as go test requires.
func isTestName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLower(r)
}

// isTestSignature reports whether sig is func(*testing.T).
func isTestSignature(sig *types.Signature) bool {
	if sig.Params().Len() != 1 || sig.Results().Len() != 0 || sig.Variadic() {
		return false
	}
	ptr, ok := types.Unalias(sig.Params().At(0).Type()).(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok {
		return false
	}
	obj := named.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == "testing" && obj.Name() == "T"
}
