package explorer_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

func TestTmpDebug(t *testing.T) {
	dir := os.Getenv("TMPDIR_PROG")
	if dir == "" {
		t.Skip()
	}
	prog, err := frontend.Load(frontend.Config{Dir: dir}, ".")
	if err != nil {
		t.Fatal(err)
	}
	it := model.New(prog.SSA)
	e := prog.Entries[0]
	exact := explorer.Explore(context.Background(), it, e, explorer.Options{NoReduction: true, NoStateCache: true, Outcomes: true, Timeout: time.Minute, PCTRuns: -1, NoRace: true})
	opts := explorer.Options{NoStateCache: true, Outcomes: true, Timeout: time.Minute, PCTRuns: -1, NoRace: true}
	if os.Getenv("DBG") != "" {
		opts.Debug = os.Stdout
	}
	red := explorer.Explore(context.Background(), it, e, opts)
	want, got := outcomeSet(exact.Outcomes), outcomeSet(red.Outcomes)
	fmt.Println("exact", len(want), exact.Stats.Executions, "red", len(got), red.Stats.Executions)
	m := map[string]bool{}
	for _, g := range got {
		m[g] = true
	}
	for _, w := range want {
		if !m[w] {
			fmt.Printf("MISSING %q\n", w)
		}
	}
}
