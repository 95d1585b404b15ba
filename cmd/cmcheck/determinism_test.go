package main

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// timingRE matches the statistics that measure time and memory.
var timingRE = regexp.MustCompile(`"(wallTimeNs|peakHeapBytes|loadTimeNs)": ?[0-9]+`)

// TestDeterministicJSON checks that the same input gives byte-identical
// JSON results (timings aside) on every run and with any -j.
func TestDeterministicJSON(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "corpus"))
	require.NoError(t, err)
	var first string
	for i, j := range []string{"1", "2", "1", "2"} {
		r := runCmd(t, dir, nil, env0.bin, "-format", "json", "-j", j, "./nonblocking/...", "./blocking/abba_transfer", "./blocking/chanctx_server")
		out := timingRE.ReplaceAllString(r.stdout, "")
		if i == 0 {
			first = out
			continue
		}
		require.Equal(t, first, out, "run %d (-j %s) differs from the first", i+1, j)
	}
}
