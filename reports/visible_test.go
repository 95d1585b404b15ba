package reports

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/ssa"
)

// TestVisibleRoundTrip checks that the visible accesses of a data race
// found in a corpus program survive serialisation: resolved in the
// loaded program, they are the same instructions, and replaying the
// saved schedule with them reaches the same finding.
func TestVisibleRoundTrip(t *testing.T) {
	dir, err := filepath.Abs("../testdata/corpus")
	require.NoError(t, err)
	prog, err := frontend.Load(frontend.Config{Dir: dir, Tests: true}, "./nonblocking/wgrace_loader")
	require.NoError(t, err)
	require.Len(t, prog.Entries, 1)
	e := prog.Entries[0]
	it := model.New(prog.SSA)
	opts := explorer.Options{Timeout: 30 * time.Second}
	res := explorer.Explore(context.Background(), it, e, opts)
	var f *explorer.Finding
	for _, x := range res.Findings {
		if len(x.Visible) > 0 {
			f = x
			break
		}
	}
	require.NotNil(t, f, "a finding found with visible accesses")
	acc := encodeVisible(dir, f.Visible)
	require.NotEmpty(t, acc)
	for _, a := range acc {
		require.Contains(t, []string{"load", "store"}, a.Op)
		require.NotEmpty(t, a.Func)
		require.False(t, filepath.IsAbs(a.Pos.File), a.Pos.File)
	}
	got, err := ResolveVisible(e, dir, acc)
	require.NoError(t, err)
	want := make(map[ssa.Instruction]bool)
	for in, ok := range f.Visible {
		if ok {
			want[in] = true
		}
	}
	require.Equal(t, want, got)

	found, err := explorer.Replay(it, e, f.Schedule, got, opts)
	require.NoError(t, err)
	ok := false
	for _, g := range found {
		ok = ok || (g.Kind == f.Kind && g.Pos == f.Pos)
	}
	require.True(t, ok, "replay reaches the finding")

	// An access that is not in the program any more is an error.
	moved := append([]Access(nil), acc...)
	moved[0].Pos.Line += 100
	_, err = ResolveVisible(e, dir, moved)
	require.ErrorContains(t, err, "the code changed")
}
