package frontend

import (
	"go/token"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"golang.org/x/tools/go/packages"
)

func TestDiagnosticsError(t *testing.T) {
	dir := filepath.FromSlash("/work/m")
	d := &Diagnostics{Dir: dir, List: []Diagnostic{
		{Pos: token.Position{Filename: filepath.Join(dir, "p", "a.go"), Line: 3, Column: 7}, Msg: "inside"},
		{Pos: token.Position{Filename: filepath.FromSlash("/elsewhere/b.go"), Line: 1, Column: 1}, Msg: "outside"},
		{Pos: token.Position{Filename: filepath.FromSlash("/work/mm/c.go"), Line: 2}, Msg: "sibling with a common prefix"},
		{Pos: token.Position{Filename: filepath.Join(dir, "d.go")}, Msg: "no line"},
		{Msg: "no position"},
	}}
	assert.Equal(t, filepath.FromSlash("p/a.go")+":3:7: inside\n"+
		filepath.FromSlash("/elsewhere/b.go")+":1:1: outside\n"+
		filepath.FromSlash("/work/mm/c.go")+":2: sibling with a common prefix\n"+
		"d.go: no line\n"+
		"no position", d.Error())
}

func TestDiagnosticsSortedAndUnique(t *testing.T) {
	pos := func(file string, line int) token.Position {
		return token.Position{Filename: file, Line: line, Column: 1}
	}
	d := &Diagnostics{List: []Diagnostic{
		{Pos: pos("b.go", 1), Msg: "x"},
		{Pos: pos("a.go", 10), Msg: "y"},
		{Pos: pos("a.go", 2), Msg: "z"},
		{Pos: pos("b.go", 1), Msg: "x"},
	}}
	assert.Equal(t, "a.go:2:1: z\na.go:10:1: y\nb.go:1:1: x", d.err().Error())
	assert.NoError(t, (&Diagnostics{}).err())
}

func TestFromPackagesError(t *testing.T) {
	dir := filepath.FromSlash("/m")
	for _, tc := range []struct {
		err  packages.Error
		want Diagnostic
	}{
		{
			packages.Error{Pos: "/m/a.go:3:8", Msg: "boom"},
			Diagnostic{Pos: token.Position{Filename: "/m/a.go", Line: 3, Column: 8}, Msg: "boom"},
		},
		{
			packages.Error{Pos: "a.go:3", Msg: "relative"},
			Diagnostic{Pos: token.Position{Filename: filepath.Join(dir, "a.go"), Line: 3}, Msg: "relative"},
		},
		{
			packages.Error{Pos: "", Msg: "/m/x_test.go:5:1: wrong signature"},
			Diagnostic{Pos: token.Position{Filename: "/m/x_test.go", Line: 5, Column: 1}, Msg: "wrong signature"},
		},
		{
			packages.Error{Pos: "-", Msg: "no position: really"},
			Diagnostic{Msg: "no position: really"},
		},
	} {
		assert.Equal(t, tc.want, fromPackagesError(dir, tc.err), "%+v", tc.err)
	}
}

func TestGorootImportPath(t *testing.T) {
	goroot := filepath.FromSlash("/usr/local/go")
	p := newFileParser(goroot, time.Now())
	src := func(rel string) string { return filepath.Join(goroot, "src", filepath.FromSlash(rel)) }
	for file, want := range map[string]string{
		src("sync/mutex.go"):                                  "sync",
		src("sync/atomic/value.go"):                           "sync/atomic",
		src("vendor/golang.org/x/net/dns/dnsmessage/msg.go"):  "vendor/golang.org/x/net/dns/dnsmessage",
		src("cmd/vendor/golang.org/x/tools/go/ast/edge/x.go"): "cmd/vendor/golang.org/x/tools/go/ast/edge",
		src("cmd/go/main.go"):                                 "cmd/go",
	} {
		got, ok := p.gorootImportPath(file)
		assert.True(t, ok, file)
		assert.Equal(t, want, got, file)
	}
	for _, file := range []string{"/usr/local/gopher/src/x.go", "/home/u/m/a.go", filepath.Join(goroot, "x.go")} {
		_, ok := p.gorootImportPath(filepath.FromSlash(file))
		assert.False(t, ok, file)
	}
	_, ok := newFileParser("", time.Now()).gorootImportPath(src("sync/mutex.go"))
	assert.False(t, ok, "unknown GOROOT")
}

func TestIsTestName(t *testing.T) {
	for name, want := range map[string]bool{
		"Test":       true,
		"TestFoo":    true,
		"Test_foo":   true,
		"Test1":      true,
		"TestÉté":    true,
		"Testfoo":    false,
		"Testété":    false,
		"Tes":        false,
		"BenchmarkX": false,
	} {
		assert.Equal(t, want, isTestName(name), name)
	}
}

func TestEntryKindString(t *testing.T) {
	assert.Equal(t, "main", EntryMain.String())
	assert.Equal(t, "test", EntryTest.String())
	assert.Equal(t, "marked", EntryMarked.String())
	assert.Equal(t, "EntryKind(7)", EntryKind(7).String())
}

func TestTestOf(t *testing.T) {
	for id, want := range map[string]string{
		"example.com/p [example.com/p.test]":      "example.com/p.test",
		"example.com/p_test [example.com/p.test]": "example.com/p.test",
		"example.com/q [example.com/p.test]":      "example.com/p.test",
	} {
		got, ok := testOf(&packages.Package{ID: id})
		assert.True(t, ok, id)
		assert.Equal(t, want, got, id)
	}
	for _, id := range []string{"example.com/p", "example.com/p.test"} {
		_, ok := testOf(&packages.Package{ID: id})
		assert.False(t, ok, id)
	}
}
