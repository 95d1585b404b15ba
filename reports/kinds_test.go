package reports

import (
	"flag"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the README's table of finding kinds")

// TestKinds validates the table of finding kinds: the kinds of DESIGN.md,
// each once, every field written, and examples that are Go.
func TestKinds(t *testing.T) {
	kinds := Kinds()
	var names []string
	for _, k := range kinds {
		names = append(names, k.Name)
		v := reflect.ValueOf(k)
		for i := 0; i < v.NumField(); i++ {
			require.NotEmpty(t, strings.TrimSpace(v.Field(i).String()), "%s: field %s is empty", k.Name, v.Type().Field(i).Name)
		}
		require.False(t, strings.HasSuffix(k.Summary, " "), k.Name)
		require.True(t, strings.HasSuffix(k.Summary, "."), "%s: the summary is a sentence", k.Name)
		require.NotEqual(t, k.Buggy, k.Fixed, k.Name)
		for _, src := range []string{k.Buggy, k.Fixed} {
			require.NoError(t, parseGo(src), "%s: example is not Go:\n%s", k.Name, src)
		}
		got, ok := LookupKind(k.Name)
		require.True(t, ok)
		require.Equal(t, k, got)
	}
	require.Equal(t, []string{"deadlock", "leak", "lost-message", "panic", "data-race", "atomicity", "test-failure"}, names)
	require.Equal(t, names, KindNames())
	_, ok := LookupKind("nosuch")
	require.False(t, ok)
}

// parseGo parses src as top-level declarations or as statements.
func parseGo(src string) error {
	fset := token.NewFileSet()
	if _, err := parser.ParseFile(fset, "x.go", "package p\n"+src, 0); err == nil {
		return nil
	}
	_, err := parser.ParseFile(fset, "x.go", "package p\nfunc _() {\n"+src+"\n}\n", 0)
	return err
}

const (
	tableBegin = "<!-- kinds table: generated from reports/kinds.go; go test ./reports -update rewrites it -->\n"
	tableEnd   = "<!-- end of kinds table -->\n"
)

// TestREADMEKinds checks that the README's table of finding kinds is the
// one kindsTable generates; with -update it rewrites it.
func TestREADMEKinds(t *testing.T) {
	path := filepath.Join("..", "README.md")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	readme := string(data)
	i := strings.Index(readme, tableBegin)
	j := strings.Index(readme, tableEnd)
	require.True(t, i >= 0 && j > i, "README.md has no generated kinds table (markers %q ... %q)", tableBegin, tableEnd)
	want := kindsTable()
	got := readme[i+len(tableBegin) : j]
	if got == want {
		return
	}
	if *update {
		readme = readme[:i+len(tableBegin)] + want + readme[j:]
		require.NoError(t, os.WriteFile(path, []byte(readme), 0o644))
		return
	}
	t.Errorf("README.md's table of finding kinds is out of date; run go test ./reports -update\ngot:\n%s\nwant:\n%s", got, want)
}

func TestExplain(t *testing.T) {
	var b strings.Builder
	k, _ := LookupKind("leak")
	require.NoError(t, Explain(&b, k))
	out := b.String()
	require.True(t, strings.HasPrefix(out, "leak: Goroutine leak\n\n"), out)
	require.Contains(t, out, "Buggy:\n\n\tfunc Lookup")
	require.Contains(t, out, "How it is usually fixed:")
	md := k.Markdown()
	require.Contains(t, md, "```go\nfunc Lookup")
}
