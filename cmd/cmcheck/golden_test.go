package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// goldenCases are corpus programs whose output is kept, in every format,
// in testdata/golden/NAME.FORMAT (after normalise). go test
// ./cmd/cmcheck -update rewrites the files.
var goldenCases = []struct {
	name     string
	patterns []string
}{
	{"deadlock", []string{"./blocking/chanwg_drain", "./blocking/chanwg_drain_fixed"}},
	{"race", []string{"./nonblocking/wgrace_loader"}},
	{"leak", []string{"./blocking/sendtimeout_after"}},
}

var goldenFormats = []struct {
	format string
	ext    string
	status int // exit status without -fail-on flags
}{
	{"text", "txt", 3},
	{"json", "json", 0},
	{"sarif", "sarif", 0},
	{"html", "html", 3},
}

// TestGolden runs cmcheck on corpus programs, saving the results with
// -format json, renders the saved JSON in every format with -from and
// compares each with its golden file; the SARIF must also pass the
// official SARIF 2.1.0 schema. Since JSON is canonical, a direct
// run in the text format must print what -from renders.
func TestGolden(t *testing.T) {
	corpus, err := filepath.Abs("../../testdata/corpus")
	require.NoError(t, err)
	for _, gc := range goldenCases {
		t.Run(gc.name, func(t *testing.T) {
			t.Parallel()
			tmp := t.TempDir()
			saved := filepath.Join(tmp, "results.json")
			args := append([]string{"-C", corpus, "-format", "json", "-o", saved}, gc.patterns...)
			r := runCmd(t, "", nil, env0.bin, args...)
			require.Equal(t, 0, r.status, "stderr: %s", r.stderr)
			require.Empty(t, r.stdout)
			rendered := make(map[string]string)
			for _, f := range goldenFormats {
				from := runCmd(t, "", nil, env0.bin, "-format", f.format, "-from", saved)
				require.Equal(t, f.status, from.status, "-format %s -from: %s", f.format, from.stderr)
				require.Empty(t, from.stderr)
				if f.format == "sarif" {
					require.NoError(t, validateSARIF(t, []byte(from.stdout)), "the official SARIF 2.1.0 schema rejects the output")
				}
				got := normalise(from.stdout, corpus)
				rendered[f.format] = got
				golden := filepath.Join("testdata", "golden", gc.name+"."+f.ext)
				if *update {
					require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
					continue
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test ./cmd/cmcheck -update to create it")
				require.Equal(t, string(want), got, "%s differs; if the change is intended, run go test ./cmd/cmcheck -update", golden)
			}
			direct := runCmd(t, "", nil, env0.bin, append([]string{"-C", corpus}, gc.patterns...)...)
			require.Equal(t, 3, direct.status, direct.stderr)
			require.Equal(t, rendered["text"], normalise(direct.stdout, corpus), "a run prints what -from renders")
		})
	}
}

// TestGoldenPaths checks that the outputs use paths relative to the
// working directory (and so that the goldens are machine-independent).
func TestGoldenPaths(t *testing.T) {
	matches, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	require.NoError(t, err)
	require.Len(t, matches, len(goldenCases)*len(goldenFormats))
	for _, m := range matches {
		data, err := os.ReadFile(m)
		require.NoError(t, err)
		s := string(data)
		require.NotContains(t, s, "/work/", m)
		require.NotContains(t, s, "/tmp/", m)
		if strings.HasSuffix(m, ".txt") {
			require.NotContains(t, s, "$DIR", m)
		}
	}
}
