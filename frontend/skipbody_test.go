package frontend

import (
	"bytes"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
