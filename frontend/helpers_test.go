package frontend

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

const goMod = "module example.com/m\n\ngo 1.26\n"

// writeModule writes files (name to content) under a new temporary
// directory, with a go.mod for example.com/m unless files has one or
// files["go.mod"] is "" (no module). It returns the directory.
func writeModule(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = goMod
	}
	for name, content := range files {
		if content == "" {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return dir
}

// mustLoad loads patterns in dir with tests and fails t on error.
func mustLoad(t testing.TB, dir string, patterns ...string) *Program {
	t.Helper()
	prog, err := Load(Config{Dir: dir, Tests: true, SanityCheck: true}, patterns...)
	require.NoError(t, err)
	return prog
}

// loadDiagnostics loads patterns in dir and returns the diagnostics, failing
// t if the load succeeds or fails otherwise.
func loadDiagnostics(t testing.TB, dir string, patterns ...string) *Diagnostics {
	t.Helper()
	_, err := Load(Config{Dir: dir, Tests: true}, patterns...)
	require.Error(t, err)
	var d *Diagnostics
	require.True(t, errors.As(err, &d), "error %v (%T) is not *Diagnostics", err, err)
	require.NotEmpty(t, d.List)
	return d
}

// entryNames returns "kind name" for each entry.
func entryNames(prog *Program) []string {
	var names []string
	for _, e := range prog.Entries {
		names = append(names, e.Kind.String()+" "+e.Name)
	}
	return names
}
