package frontend

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"
)

func TestBlankBodies(t *testing.T) {
	src := `package p

import "fmt"

type T struct{ a int }

func (t *T) M(x struct{ b int }) interface{ N() } { return nil }

func asm(x int) int

func G[T interface{ ~int }](x T) struct{} {
	s := "}{"
	r := '}'
	q := '\''
	raw := ` + "`\n}\nfunc fake() {\n`" + `
	/* } */ // }
	fmt.Println(s, r, q, raw)
	return struct{}{}
}

var f = func() int { return 1 }

var doc = ` + "`\nfunc fake() {\n`" + `

func init() {
	f()
}
`
	// Blanked lines keep their length; trailing blanks are trimmed here.
	want := `package p

import "fmt"

type T struct{ a int }

func (t *T) M(x struct{ b int }) interface{ N() }

func asm(x int) int

func G[T interface{ ~int }](x T) struct{}












var f = func() int { return 1 }

var doc = ` + "`\nfunc fake() {\n`" + `

func init()


`
	got := blankBodies([]byte(src))
	require.NotNil(t, got)
	require.Len(t, got, len(src))
	var trimmed []string
	for _, line := range strings.Split(string(got), "\n") {
		trimmed = append(trimmed, strings.TrimRight(line, " "))
	}
	assert.Equal(t, want, strings.Join(trimmed, "\n"))

	for _, bad := range []string{"package p\nfunc f() {\n", "package p\nfunc f() { \"x\n}\n", "package p\nfunc f() { /* \n"} {
		assert.Nil(t, blankBodies([]byte(bad)), "%q", bad)
	}
}

// TestBlankBodiesGOROOT checks that for standard-library files, blanking
// bodies then parsing gives the same declarations as parsing then dropping
// the bodies.
func TestBlankBodiesGOROOT(t *testing.T) {
	if testing.Short() {
		t.Skip("parses much of GOROOT")
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	require.NoError(t, err)
	root := filepath.Join(strings.TrimSpace(string(out)), "src")
	var files, fallbacks int
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || path == filepath.Join(root, "cmd") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		if blankBodies(src) == nil {
			fallbacks++
			t.Logf("%s: cannot blank bodies", path)
		}
		assert.Equal(t, strippedText(t, path, src, false), strippedText(t, path, src, true), path)
		return nil
	})
	require.NoError(t, err)
	t.Logf("%d files, %d fallbacks", files, fallbacks)
	assert.Zero(t, fallbacks)
}

// strippedText prints the file without function bodies, parsed with or
// without blanking them first.
func strippedText(t *testing.T, path string, src []byte, blanked bool) string {
	fset := token.NewFileSet()
	var buf bytes.Buffer
	if blanked {
		f, err := parser.ParseFile(fset, path, blankBodies(src), parser.SkipObjectResolution)
		require.NoError(t, err)
		require.NoError(t, printer.Fprint(&buf, fset, stripBodies(f)))
	} else {
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		require.NoError(t, err)
		require.NoError(t, printer.Fprint(&buf, fset, stripBodies(f)))
	}
	return buf.String()
}

// TestStrippedAPI checks that loading standard-library packages with
// parseStripped (bodies blanked, variable values dropped) gives them the
// same API as parsing them in full and dropping only the bodies.
func TestStrippedAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks much of the standard library twice")
	}
	plain := func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
		f, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
		return stripBodies(f), err
	}
	want := stdlibAPI(t, plain)
	got := stdlibAPI(t, parseStripped)
	require.Equal(t, len(want), len(got))
	for path, api := range want {
		assert.Equal(t, api, got[path], path)
	}
}

// stdlibAPI loads a sample of the standard library with the given parser
// and returns the API of every package, by path.
func stdlibAPI(t *testing.T, parse func(*token.FileSet, string, []byte) (*ast.File, error)) map[string][]string {
	cfg := &packages.Config{
		Mode:      packages.NeedName | packages.NeedImports | packages.NeedDeps | packages.NeedTypes | packages.NeedSyntax,
		ParseFile: parse,
		Env:       append(os.Environ(), "CGO_ENABLED=0"),
	}
	pkgs, err := packages.Load(cfg, "net/http", "unicode", "go/types", "encoding/json", "crypto/tls")
	require.NoError(t, err)
	apis := make(map[string][]string)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		apis[p.PkgPath] = packageAPI(p.Types)
	})
	return apis
}

// packageAPI describes every package-level object of pkg and every method.
func packageAPI(pkg *types.Package) []string {
	qual := func(p *types.Package) string { return p.Path() }
	var api []string
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		api = append(api, types.ObjectString(obj, qual))
		if named, ok := obj.Type().(*types.Named); ok && named.Obj() == obj {
			for m := range named.Methods() {
				api = append(api, types.ObjectString(m, qual))
			}
		}
	}
	return api
}
