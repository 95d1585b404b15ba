package difftest

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
	"github.com/stretchr/testify/require"
)

// endingCases are programs whose outcomes under the real runtime include
// ones that depend on other goroutines running between a goroutine's
// last visible operation and the end of the program it causes, or on
// what the runtime does with a sync object in between. Each lists
// outcomes cmcheck must explore (all seen under the real runtime).
var endingCases = []struct {
	name string
	src  string
	want []explorer.Outcome
}{
	{
		// The deferred wg.Done() lets main return before the panic
		// ends the program.
		name: "deferred-done",
		src: `package main

import "sync"

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		panic("boom")
	}()
	wg.Wait()
}
`,
		want: []explorer.Outcome{
			{End: "exit 0"},
			{End: "panic", Message: "boom"},
		},
	},
	{
		// WaitGroup.Go's Done, at the goroutine's end, takes the counter
		// below zero after main's extra Done: it panics there, unless
		// main got through Wait and returned first (both seen under the
		// real runtime, the panic with a sleep before Wait). Found by
		// explorer's TestRandomProgramsReduction: the model used to
		// leave main blocked in Wait, a deadlock.
		name: "wggo-negative",
		src: `package main

import "sync"

func main() {
	var wg sync.WaitGroup
	start := make(chan bool)
	wg.Go(func() { <-start })
	wg.Done()
	close(start)
	wg.Wait()
}
`,
		want: []explorer.Outcome{
			{End: "exit 0"},
			{End: "panic", Message: "sync: negative WaitGroup counter"},
		},
	},
	{
		// The goroutine may print before os.Exit: the go statement and
		// os.Exit are not one step.
		name: "exit-after-go",
		src: `package main

import (
	"fmt"
	"os"
)

func main() {
	go func() { fmt.Println("g") }()
	os.Exit(3)
}
`,
		want: []explorer.Outcome{
			{End: "exit 3"},
			{Stdout: "g\n", End: "exit 3"},
		},
	},
	{
		// Likewise for a panic of main.
		name: "panic-after-go",
		src: `package main

import "fmt"

func main() {
	go func() { fmt.Println("g") }()
	panic("main")
}
`,
		want: []explorer.Outcome{
			{End: "panic", Message: "main"},
			{Stdout: "g\n", End: "panic", Message: "main"},
		},
	},
	{
		// A goroutine prints, then panics; main returns in between.
		name: "exit-before-crash",
		src: `package main

import "fmt"

func main() {
	go func() {
		fmt.Println("g")
		panic("g")
	}()
	fmt.Println("main")
}
`,
		want: []explorer.Outcome{
			{Stdout: "main\n", End: "exit 0"},
			{Stdout: "g\nmain\n", End: "exit 0"},
			{Stdout: "main\ng\n", End: "exit 0"},
			{Stdout: "g\nmain\n", End: "panic", Message: "g"},
			{Stdout: "g\n", End: "panic", Message: "g"},
		},
	},
	{
		// Main, released by the first Done, finds the counter negative
		// when it wakes: Go's Wait panics.
		name: "wait-released-negative",
		src: `package main

import "sync"

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		wg.Done()
	}()
	wg.Wait()
}
`,
		want: []explorer.Outcome{
			{End: "exit 0"},
			{End: "panic", Message: "sync: negative WaitGroup counter"},
			{End: "panic", Message: "sync: WaitGroup is reused before previous Wait has returned"},
		},
	},
	{
		// Reuse: Add after the counter came down to zero, before the
		// waiter returned; or the waiter arrived after the Add.
		name: "wait-reused",
		src: `package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		wg.Add(1)
		fmt.Println("again")
		wg.Done()
	}()
	wg.Wait()
}
`,
		want: []explorer.Outcome{
			{End: "exit 0"},
			{Stdout: "again\n", End: "exit 0"},
			{End: "panic", Message: "sync: WaitGroup is reused before previous Wait has returned"},
		},
	},
	{
		// After the first unlock of the unlocked mutex (a fatal error),
		// the second passes: Go's mutex word is corrupted.
		name: "second-bad-unlock",
		src: `package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	go func() {
		mu.Unlock()
		fmt.Println("g")
	}()
	mu.Unlock()
	fmt.Println("main")
	select {}
}
`,
		want: []explorer.Outcome{
			{Stdout: "main\n", End: "fatal", Message: "sync: unlock of unlocked mutex"},
			{Stdout: "g\n", End: "fatal", Message: "sync: unlock of unlocked mutex"},
		},
	},
}

// TestEndingOutcomes checks that cmcheck explores the outcomes of
// endingCases.
func TestEndingOutcomes(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module "+Module+"\n\ngo 1.26\n"), 0o644))
	for _, c := range endingCases {
		d := filepath.Join(dir, c.name)
		require.NoError(t, os.MkdirAll(d, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(d, "main.go"), []byte(c.src), 0o644))
	}
	prog, err := frontend.Load(frontend.Config{Dir: dir, Env: []string{"GOFLAGS=-mod=mod", "GOWORK=off"}}, "./...")
	require.NoError(t, err)
	it := model.New(prog.SSA)
	entries := map[string]frontend.Entry{}
	for _, e := range prog.Entries {
		if e.Kind == frontend.EntryMain {
			entries[filepath.Base(e.Pkg.Pkg.Path())] = e
		}
	}
	for _, c := range endingCases {
		t.Run(c.name, func(t *testing.T) {
			e, ok := entries[c.name]
			require.True(t, ok, "no main entry")
			r := explorer.Explore(context.Background(), it, e, ExploreOptions)
			var got []string
			for o := range r.Outcomes {
				got = append(got, FormatOutcome(o))
			}
			sort.Strings(got)
			for _, o := range c.want {
				if _, ok := r.Outcomes[o]; !ok {
					t.Errorf("outcome %s not explored; outcomes:\n%v", FormatOutcome(o), got)
				}
			}
			// Every explored outcome replays as an execution of the
			// model without reduction too.
			opts := ExploreOptions
			opts.NoReduction = true
			u := explorer.Explore(context.Background(), it, e, opts)
			for o := range u.Outcomes {
				if _, ok := r.Outcomes[o]; !ok {
					t.Errorf("outcome %s found without reduction only", FormatOutcome(o))
				}
			}
		})
	}
}

// TestParseRun checks how the end of a real run is read from what it
// printed.
func TestParseRun(t *testing.T) {
	for _, c := range []struct {
		stderr string
		code   int
		race   bool
		want   explorer.Outcome
	}{
		{"panic: boom\n\ngoroutine 1 [running]:\n", 2, false, explorer.Outcome{End: "panic", Message: "boom"}},
		// A panic in a deferred call while panicking.
		{"panic: boom\n\tpanic: sync: negative WaitGroup counter\n\ngoroutine 1 [running]:\n", 2, false,
			explorer.Outcome{End: "panic", Message: "boom\n\tpanic: sync: negative WaitGroup counter"}},
		{"x\nfatal error: sync: unlock of unlocked mutex\n", 2, false,
			explorer.Outcome{Stderr: "x\n", End: "fatal", Message: "sync: unlock of unlocked mutex"}},
		{"fatal error: all goroutines are asleep - deadlock!\n", 2, false, explorer.Outcome{End: "deadlock"}},
		// Main returned while the crash was being reported.
		{"fatal error: ", 0, false, explorer.Outcome{End: "exit 0"}},
		{"x\npanic: boom\n", 3, false, explorer.Outcome{Stderr: "x\n", End: "exit 3"}},
		// A race report cut short, or interleaved with a crash report.
		{"==================\n", 0, true, explorer.Outcome{Stderr: "==================\n", End: "exit 0"}},
		{"fatal error: ==================\nsync: unlock of unlocked mutex\n", 2, true,
			explorer.Outcome{End: "fatal", Message: "=================="}},
	} {
		r := parseRun("main.go", "", c.stderr, c.code)
		if r.Outcome != c.want || r.Race != c.race {
			t.Errorf("parseRun(%q, %d) = %+v, race %v; want %+v, race %v", c.stderr, c.code, r.Outcome, r.Race, c.want, c.race)
		}
	}
}
