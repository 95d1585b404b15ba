package model_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
	"github.com/stretchr/testify/require"
	"go/types"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/interp"
)

// loadBench loads testdata/bench/NAME.go as a main package.
func loadBench(tb testing.TB, name string) *ssa.Package {
	dir := tb.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "bench", name+".go"))
	require.NoError(tb, err)
	require.NoError(tb, os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644))
	require.NoError(tb, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module bench\n\ngo 1.26\n"), 0o644))
	prog, err := frontend.Load(frontend.Config{Dir: dir}, ".")
	require.NoError(tb, err)
	for _, p := range prog.Packages {
		if p.Pkg.Name() == "main" {
			return p
		}
	}
	tb.Fatal("no main package")
	return nil
}

// BenchmarkEvaluator runs CPU-bound programs under cmcheck's evaluator and,
// side by side, under golang.org/x/tools/go/ssa/interp on the same SSA.
func BenchmarkEvaluator(b *testing.B) {
	for _, name := range []string{"fib", "sieve", "maps", "strs"} {
		pkg := loadBench(b, name)
		b.Run(name+"/cmcheck", func(b *testing.B) {
			it := model.New(pkg.Prog)
			for i := 0; i < b.N; i++ {
				res := it.Exec(pkg, model.ExecOptions{Stdout: os.Stdout, Stderr: os.Stderr})
				if res.ExitCode != 0 {
					b.Fatalf("exit %d: %v", res.ExitCode, res.Failure)
				}
			}
		})
		b.Run(name+"/x-tools-interp", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if code := interp.Interpret(pkg, 0, types.SizesFor("gc", "amd64"), "main", nil); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

// TestEvaluatorBench checks that the benchmark programs run correctly.
func TestEvaluatorBench(t *testing.T) {
	for _, name := range []string{"fib", "sieve", "maps", "strs"} {
		pkg := loadBench(t, name)
		res := model.New(pkg.Prog).Exec(pkg, model.ExecOptions{Stdout: os.Stdout, Stderr: os.Stderr})
		require.Equal(t, 0, res.ExitCode, "%s: %v", name, res.Failure)
	}
}
