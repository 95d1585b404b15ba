package model

import (
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cmcheck/cmcheck/frontend"
)

// loadSource loads a one-file main package and returns its interpreter
// and package scope.
func loadSource(t *testing.T, src string) (*Interp, *types.Scope) {
	t.Helper()
	prog := loadProgram(t, src)
	return New(prog.SSA), prog.Packages[0].Pkg.Scope()
}

// loadProgram loads src as the main.go of a module of its own.
func loadProgram(t *testing.T, src string) *frontend.Program {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644))
	prog, err := frontend.Load(frontend.Config{Dir: dir}, ".")
	require.NoError(t, err)
	return prog
}

// TestMayClose checks which channels the scan of close calls takes as
// closable: by element type, through named and directional channel types,
// deferred closes and closures; a close in a generic function makes every
// channel closable.
func TestMayClose(t *testing.T) {
	it, scope := loadSource(t, `package main

type done chan struct{}
type item struct{ n int }

func stop(d done)            { close(d) }
func finish(c chan<- *item)  { defer close(c) }
func main() {
	d := make(done)
	go stop(d)
	c := make(chan *item)
	go finish(c)
	f := func(c chan [2]string) { close(c) }
	_ = f
	<-d
	<-c
}
`)
	item := types.NewPointer(scope.Lookup("item").Type())
	for _, tc := range []struct {
		elem types.Type
		want bool
	}{
		{types.NewStruct(nil, nil), true},
		{item, true},
		{types.NewArray(types.Typ[types.String], 2), true},
		{types.Typ[types.Int], false},
		{types.Typ[types.String], false},
		{scope.Lookup("item").Type(), false}, // item, not *item
		{types.NewArray(types.Typ[types.String], 3), false},
	} {
		require.Equal(t, tc.want, it.mayClose(tc.elem), "%s", tc.elem)
	}

	it, _ = loadSource(t, `package main

func closeAll[T any](cs ...chan T) {
	for _, c := range cs {
		close(c)
	}
}

func main() { closeAll(make(chan int)) }
`)
	require.True(t, it.mayClose(types.Typ[types.String]), "a generic close counts as closing every channel")
}
