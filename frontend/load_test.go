package frontend

import (
	"fmt"
	"go/types"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/ssa"
)

const libGo = `package lib

import "sync"

// Counter is a mutex-protected counter.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

//cmcheck:entry
func Scenario() {
	var c Counter
	c.Inc()
}

// NotATest is not in a _test.go file.
func TestNotInTestFile() {}
`

const libInternalTest = `package lib

import "testing"

func TestInc(t *testing.T) {
	var c Counter
	c.Inc()
}

func Test(t *testing.T) {}

func Testlower(t *testing.T) {}   // not a test: lower case after Test
func TestMain(m *testing.M)  { m.Run() }
func helper(t *testing.T)     {}
`

const libExternalTest = `package lib_test

import (
	"testing"

	"example.com/m/lib"
)

func TestExternal(t *testing.T) { lib.Scenario() }
`

const cmdGo = `package main

import "example.com/m/lib"

func main() { lib.Scenario() }

//cmcheck:entry
func marked() {}
`

const cmdTest = `package main

import "testing"

func TestCmd(t *testing.T) { main() }
`

func libModule(t *testing.T) string {
	return writeModule(t, map[string]string{
		"lib/lib.go":         libGo,
		"lib/lib_test.go":    libInternalTest,
		"lib/ext_test.go":    libExternalTest,
		"cmd/x/main.go":      cmdGo,
		"cmd/x/main_test.go": cmdTest,
	})
}

func TestEntries(t *testing.T) {
	t.Parallel()
	prog := mustLoad(t, libModule(t), "./...")

	assert.Equal(t, []string{
		"main example.com/m/cmd/x.main",
		"marked example.com/m/cmd/x.marked",
		"test example.com/m/cmd/x.TestCmd",
		"marked example.com/m/lib.Scenario",
		"test example.com/m/lib.TestInc",
		"test example.com/m/lib.Test",
		"test example.com/m/lib_test.TestExternal",
	}, entryNames(prog))

	for _, e := range prog.Entries {
		require.NotNil(t, e.Func, e.Name)
		assert.NotEmpty(t, e.Func.Blocks, "%s has no body", e.Name)
		assert.Same(t, e.Pkg, e.Func.Pkg, e.Name)
		assert.True(t, e.Pos.IsValid(), e.Name)
		assert.Equal(t, e.Func.Name(), e.Name[strings.LastIndex(e.Name, ".")+1:])
	}
	assert.NoError(t, prog.NoEntries())
}

func TestTestVariants(t *testing.T) {
	t.Parallel()
	prog := mustLoad(t, libModule(t), "./...")

	var paths []string
	for _, p := range prog.Packages {
		paths = append(paths, p.Pkg.Path())
	}
	// lib is replaced by its test variant; the generated lib.test and
	// cmd/x.test main packages are gone.
	assert.ElementsMatch(t, []string{"example.com/m/cmd/x", "example.com/m/lib", "example.com/m/lib_test"}, paths)

	// The variant of lib (with TestInc) is a root; cmd/x imports plain lib,
	// which gets its own SSA package. Nothing is created twice.
	var libs []*ssa.Package
	seen := make(map[string]int)
	for _, p := range prog.SSA.AllPackages() {
		seen[p.Pkg.Path()+" "+p.Pkg.Name()]++
		if p.Pkg.Path() == "example.com/m/lib" {
			libs = append(libs, p)
		}
	}
	assert.Len(t, libs, 2)
	for key, n := range seen {
		if !strings.HasPrefix(key, "example.com/m/lib ") {
			assert.Equal(t, 1, n, key)
		}
		assert.False(t, strings.HasSuffix(key, ".test main"), "test main %s was built", key)
	}
	var withTest int
	for _, p := range libs {
		if p.Func("TestInc") != nil {
			withTest++
		}
	}
	assert.Equal(t, 1, withTest)
}

func TestWithoutTests(t *testing.T) {
	t.Parallel()
	prog, err := Load(Config{Dir: libModule(t)}, "./...")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"main example.com/m/cmd/x.main",
		"marked example.com/m/cmd/x.marked",
		"marked example.com/m/lib.Scenario",
	}, entryNames(prog))
	assert.Len(t, prog.Packages, 2)
}

func TestStdlibBodies(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"a_test.go": `package m

import (
	"context"
	"strings"
	"sync"
	"testing"
)

func TestA(t *testing.T) {
	var mu sync.Mutex
	mu.Lock()
	_ = strings.ToUpper("x")
	_, cancel := context.WithCancel(context.Background())
	cancel()
	mu.Unlock()
}
`})
	prog := mustLoad(t, dir, ".")

	pkg := func(path string) *ssa.Package {
		p := prog.SSA.ImportedPackage(path)
		require.NotNil(t, p, path)
		return p
	}
	assert.NotEmpty(t, pkg("context").Func("WithCancel").Blocks, "context is interpreted from source")
	assert.NotEmpty(t, pkg("strings").Func("ToUpper").Blocks, "strings is interpreted from source")
	assert.Empty(t, pkg("sync").Func("init").Blocks, "sync is stripped")
	mutex := pkg("sync").Type("Mutex").Type()
	lock := prog.SSA.MethodValue(prog.SSA.MethodSets.MethodSet(types.NewPointer(mutex)).Lookup(nil, "Lock"))
	require.NotNil(t, lock)
	assert.Empty(t, lock.Blocks, "sync.(*Mutex).Lock has no body")
	assert.Positive(t, prog.Stats.StrippedPackages)
	assert.Positive(t, prog.Stats.BodyPackages)
}

func TestGoVersionPerFile(t *testing.T) {
	t.Parallel()
	const loop = `func %s() []*int {
	var ps []*int
	for i := 0; i < 3; i++ {
		ps = append(ps, &i)
	}
	return ps
}
`
	dir := writeModule(t, map[string]string{
		"new.go": "package m\n\n" + fmt.Sprintf(loop, "New"),
		"old.go": "//go:build go1.21\n\npackage m\n\n" + fmt.Sprintf(loop, "Old"),
	})
	prog := mustLoad(t, dir, ".")
	require.Len(t, prog.Packages, 1)

	allocs := func(name string) int {
		fn := prog.Packages[0].Func(name)
		require.NotNil(t, fn, name)
		n := 0
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if a, ok := instr.(*ssa.Alloc); ok && a.Comment == "i" {
					n++
				}
			}
		}
		return n
	}
	// Go 1.22 copies the loop variable into a fresh variable per iteration.
	assert.Equal(t, 2, allocs("New"), "go1.26 file: per-iteration loop variable")
	assert.Equal(t, 1, allocs("Old"), "go1.21 file: one loop variable")
}

func TestSingleFileOutsideModule(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"go.mod": "",
		"main.go": `package main

import "sync"

func main() {
	var wg sync.WaitGroup
	wg.Wait()
}
`,
		"other.go": "package main\n\nfunc unrelated() {}\n",
	})
	for _, pattern := range []string{"main.go", filepath.Join(dir, "main.go")} {
		prog := mustLoad(t, dir, pattern)
		assert.Equal(t, []string{"main command-line-arguments.main"}, entryNames(prog), pattern)
	}
}

func TestSingleFileInModule(t *testing.T) {
	t.Parallel()
	dir := libModule(t)
	// A file in a module selects its whole package, test variant included.
	prog := mustLoad(t, dir, "lib/lib_test.go")
	assert.Equal(t, []string{
		"marked example.com/m/lib.Scenario",
		"test example.com/m/lib.TestInc",
		"test example.com/m/lib.Test",
	}, entryNames(prog))
}

func TestDirectory(t *testing.T) {
	t.Parallel()
	dir := libModule(t)
	prog := mustLoad(t, filepath.Join(dir, "lib"), ".")
	assert.Contains(t, entryNames(prog), "test example.com/m/lib_test.TestExternal")
	prog = mustLoad(t, dir, "./cmd/x")
	assert.Contains(t, entryNames(prog), "main example.com/m/cmd/x.main")
	prog = mustLoad(t, dir, "example.com/m/cmd/x")
	assert.Contains(t, entryNames(prog), "main example.com/m/cmd/x.main")
}

// positionLine matches a diagnostic line "file.go:line:col: message" with a
// relative file name.
var positionLine = regexp.MustCompile(`^[^/:][^:]*\.go:\d+:\d+: \S`)

func TestSyntaxError(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"p/a.go": "package p\n\nfunc F() {\n\tx := \n}\n"})
	d := loadDiagnostics(t, dir, "./...")
	lines := strings.Split(d.Error(), "\n")
	assert.Equal(t, "p/a.go:5:1: expected operand, found '}'", lines[0])
	for _, l := range lines {
		assert.Regexp(t, positionLine, l)
		assert.NotContains(t, l, "declared and not used", "type errors after syntax errors are noise")
	}
	assert.Equal(t, filepath.Join(dir, "p", "a.go"), d.List[0].Pos.Filename, "positions keep absolute names")
}

func TestTypeError(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"a.go":      "package m\n\nfunc F() int {\n\treturn \"s\"\n}\n",
		"a_test.go": "package m\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F() }\n",
	})
	d := loadDiagnostics(t, dir, ".")
	// Reported once although both m and its test variant have the error.
	assert.Equal(t, `a.go:4:9: cannot use "s" (untyped string constant) as int value in return statement`, d.Error())
}

func TestMissingImport(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"a.go": "package m\n\nimport \"example.com/nope\"\n\nvar _ = nope.X\n",
	})
	d := loadDiagnostics(t, dir, "./...")
	require.Len(t, d.List, 1, d.Error())
	assert.Regexp(t, `^a\.go:3:8: .*example\.com/nope`, d.Error())
}

func TestBadTestSignature(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"a_test.go": "package m\n\nimport \"testing\"\n\nfunc TestA(x int) {}\n\nvar _ testing.TB\n",
	})
	d := loadDiagnostics(t, dir, ".")
	assert.Equal(t, "a_test.go:5:1: wrong signature for TestA, must be: func TestA(t *testing.T)", d.Error())
}

func TestNothingMatched(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"empty/README": "nothing here\n"})
	for _, pattern := range []string{"./nothing/...", "./nothing", "./empty/...", "example.com/m/nothing"} {
		d := loadDiagnostics(t, dir, pattern)
		t.Logf("%s: %v", pattern, d)
	}
}

func TestMarkedWithParameters(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"a.go": `package m

//cmcheck:entry
func F(n int) {}

// G is generic.
//
//cmcheck:entry
func G[T any]() {}

//cmcheck:entry
func H() int { return 0 }

type T struct{}

//cmcheck:entry
func (T) M() {}

//cmcheck:entry
func OK() {}
`})
	d := loadDiagnostics(t, dir, ".")
	assert.Equal(t, strings.Join([]string{
		"a.go:4:6: //cmcheck:entry function F must have no parameters",
		"a.go:9:6: //cmcheck:entry function G must not be generic",
		"a.go:12:6: //cmcheck:entry function H must have no results",
		"a.go:17:10: //cmcheck:entry method M cannot be an entry: only top-level functions can",
	}, "\n"), d.Error())
}

func TestNoEntries(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"lib/lib.go":     "package lib\n\nfunc F() {}\n",
		"xt/xt.go":       "package xt\n\nfunc F() {}\n",
		"xt/xt_test.go":  "package xt_test\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) {}\n",
		"none/a_test.go": "package none\n\nfunc helper() {}\n",
	})
	prog := mustLoad(t, dir, "./...")
	err := prog.NoEntries()
	require.Error(t, err)
	assert.Equal(t, strings.Join([]string{
		"lib/lib.go:1:1: package example.com/m/lib has no entry point (no TestXxx(*testing.T), main.main or //cmcheck:entry function)",
		"none/a_test.go:1:1: package example.com/m/none has no entry point (no TestXxx(*testing.T), main.main or //cmcheck:entry function)",
	}, "\n"), err.Error())
}

// loadTimeModule is a test package importing what a typical concurrent
// test imports.
func loadTimeModule(t testing.TB) string {
	return writeModule(t, map[string]string{"a_test.go": `package m

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestA(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-ctx.Done()
		fmt.Println(ctx.Err())
	}()
	cancel()
	wg.Wait()
}
`})
}

// TestLoadTime logs how long loading takes (the requirement is under 2s
// on a 2-core machine); it does not assert a bound, which would flap.
func TestLoadTime(t *testing.T) {
	dir := loadTimeModule(t)
	for _, run := range []string{"first", "second"} {
		prog, err := Load(Config{Dir: dir, Tests: true}, ".")
		require.NoError(t, err)
		s := prog.Stats
		t.Logf("%s load: total %v = go list %v + parse/type-check %v (parsing %v summed) + SSA %v; %d packages (%d with bodies, %d stripped), %d files parsed, %d stripped",
			run, s.Total, s.List, s.TypeCheck, s.Parse, s.SSA, s.Packages, s.BodyPackages, s.StrippedPackages, s.FilesParsed, s.FilesStripped)
	}
}

func BenchmarkLoadTestingPackage(b *testing.B) {
	dir := loadTimeModule(b)
	var stats LoadStats
	for b.Loop() {
		prog, err := Load(Config{Dir: dir, Tests: true}, ".")
		require.NoError(b, err)
		stats = prog.Stats
	}
	b.ReportMetric(float64(stats.List.Milliseconds()), "list-ms")
	b.ReportMetric(float64(stats.TypeCheck.Milliseconds()), "typecheck-ms")
	b.ReportMetric(float64(stats.SSA.Milliseconds()), "ssa-ms")
}

func TestDependencyHasBodies(t *testing.T) {
	t.Parallel()
	root := writeModule(t, map[string]string{
		"go.mod":     "",
		"dep/go.mod": "module example.com/dep\n\ngo 1.26\n",
		"dep/dep.go": "package dep\n\nfunc Work() int { return 42 }\n",
		"m/go.mod": "module example.com/m\n\ngo 1.26\n\nrequire example.com/dep v0.0.0\n\n" +
			"replace example.com/dep => ../dep\n",
		"m/m_test.go": `package m

import (
	"testing"

	"example.com/dep"
)

func TestWork(t *testing.T) {
	if dep.Work() != 42 {
		t.Fatal("bad")
	}
}
`,
	})
	prog := mustLoad(t, filepath.Join(root, "m"), "./...")
	assert.Equal(t, []string{"test example.com/m.TestWork"}, entryNames(prog))
	dep := prog.SSA.ImportedPackage("example.com/dep")
	require.NotNil(t, dep)
	assert.NotEmpty(t, dep.Func("Work").Blocks, "dependencies outside GOROOT have bodies")
}
