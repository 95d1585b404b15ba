package difftest

import (
	"context"
	"errors"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// FuzzLoadExec feeds Go source text to cmcheck: whatever the input, loading
// it, running it once under the evaluator (Interp.Exec) and a bounded
// exploration of its entry points must not crash cmcheck. Errors,
// unsupported constructs and bounds are fine; a Go panic escaping cmcheck
// is a failure. With CMCHECK_FUZZ_INTERNAL=1, internal errors (panics
// that the evaluator caught and reported as "internal error") fail too.
//
//	go test -fuzz FuzzLoadExec -fuzztime 3m ./internal/difftest/
//
// Every input that parses costs a go list run (a few hundred
// milliseconds), so fuzzing is slow but finds real crashes.
func FuzzLoadExec(f *testing.F) {
	for _, src := range fuzzSeeds {
		f.Add(src)
	}
	for seed := int64(1); seed <= 3; seed++ {
		f.Add(string(Generate("p0001", seed, GenOptions{}).Source(SourceCheck)))
	}
	internal := os.Getenv("CMCHECK_FUZZ_INTERNAL") != ""
	f.Fuzz(func(t *testing.T, src string) {
		if !worthLoading(src) {
			return
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module fuzz\n\ngo 1.26\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		prog, err := frontend.Load(frontend.Config{Dir: dir, Env: []string{"GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off"}}, ".")
		if err != nil {
			return // does not type-check, or imports something missing
		}
		it := model.New(prog.SSA)
		failed := func(what string, err error) {
			var ie *model.InternalError
			if internal && errors.As(err, &ie) {
				t.Fatalf("%s: %v", what, err)
			}
		}
		// A bounded exploration first: it bounds the instructions between
		// two visible operations, which Exec does not (a spinning program
		// would run forever there).
		spins := false
		for _, e := range prog.Entries {
			r := explorer.Explore(context.Background(), it, e, fuzzExplore)
			t.Logf("%s: %s %s [%d executions, %d findings]", e.Name, r.Verdict, r.Reason, r.Stats.Executions, len(r.Findings))
			if strings.Contains(r.Reason, "instructions") || strings.Contains(r.Reason, "spin") {
				spins = true
			}
			if r.Reason != "" && strings.Contains(r.Reason, "internal error") {
				failed("explore "+e.Name, errors.New(r.Reason))
			}
			for _, f := range r.Findings {
				got, err := explorer.Replay(it, e, f.Schedule, f.Visible, fuzzExplore)
				if err != nil {
					failed("replay "+f.Kind, err)
					continue
				}
				if !containsFinding(got, f) && internal {
					t.Fatalf("%s: replay of %s at %s reached %s", e.Name, f.Kind, posString(f.Pos), describeFindings(got))
				}
			}
		}
		if spins {
			return
		}
		for _, pkg := range prog.Packages {
			if pkg.Pkg.Name() != "main" || pkg.Func("main") == nil {
				continue
			}
			deadline := time.Now().Add(10 * time.Second)
			res := it.Exec(pkg, model.ExecOptions{
				Stdout:    io.Discard,
				Stderr:    io.Discard,
				MaxSteps:  20000,
				Interrupt: func() bool { return time.Now().After(deadline) },
			})
			t.Logf("exec: exit %d after %d steps, failure %v", res.ExitCode, res.Steps, res.Failure)
			if res.Failure != nil {
				failed("exec", res.Failure)
			}
		}
	})
}

// fuzzExplore bounds the exploration of a fuzz input.
var fuzzExplore = explorer.Options{
	MaxExecutions: 300,
	MaxSteps:      2000,
	Timeout:       5 * time.Second,
	MaxInstrs:     2_000_000,
	Outcomes:      true,
}

// worthLoading filters out inputs that cannot load, before paying for a
// go list run: they must parse as a package main file, and import only
// standard packages (nothing is downloaded).
func worthLoading(src string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.ImportsOnly)
	if err != nil || f.Name.Name != "main" {
		return false
	}
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			return false
		}
		first, _, _ := strings.Cut(path, "/")
		if strings.Contains(first, ".") || path == "C" {
			return false
		}
	}
	_, err = parser.ParseFile(token.NewFileSet(), "main.go", src, parser.SkipObjectResolution)
	return err == nil
}

// fuzzSeeds are small programs, most of them concurrent, covering the
// constructs cmcheck models.
var fuzzSeeds = []string{
	`package main

import "fmt"

func main() { fmt.Println("hello", 1, 2.5, true) }
`,
	`package main

import "fmt"

func main() {
	c := make(chan int)
	done := make(chan struct{})
	go func() {
		for v := range c {
			fmt.Println("got", v)
		}
		close(done)
	}()
	for i := 0; i < 3; i++ {
		c <- i
	}
	close(c)
	<-done
}
`,
	`package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	n := 0
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			n++
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(n)
}
`,
	`package main

import "fmt"

func main() {
	a, b := make(chan int, 1), make(chan string)
	go func() { b <- "x" }()
	for i := 0; i < 2; i++ {
		select {
		case a <- i:
			fmt.Println("sent", i)
		case s := <-b:
			fmt.Println("recv", s)
		default:
			fmt.Println("default")
		}
	}
}
`,
	`package main

import (
	"errors"
	"fmt"
)

type T struct{ name string }

func (t *T) String() string { return "T(" + t.name + ")" }

func f(n int) (r int, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("recovered: %v", x)
		}
	}()
	s := []int{1, 2, 3}
	return s[n], nil
}

func main() {
	fmt.Println(f(1))
	fmt.Println(f(5))
	var e error = errors.New("boom")
	fmt.Printf("%v %s %q %d\n", &T{"a"}, e, "q", 42)
}
`,
	`package main

func main() {
	c := make(chan int)
	c <- 1
}
`,
	`package main

import (
	"fmt"
	"sort"
	"strings"
)

type Shape interface{ Area() float64 }
type Sq struct{ s float64 }

func (q Sq) Area() float64 { return q.s * q.s }

func Map[T, U any](xs []T, f func(T) U) []U {
	var out []U
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func main() {
	m := map[string]int{"b": 2, "a": 1}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(strings.Join(keys, ","), Map([]Shape{Sq{2}}, Shape.Area))
}
`,
	`package main

import (
	"fmt"
	"time"
)

func main() {
	c := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		c <- 1
	}()
	select {
	case v := <-c:
		fmt.Println(v)
	case <-time.After(time.Second):
		fmt.Println("timeout")
	}
	t := time.NewTicker(time.Millisecond)
	<-t.C
	t.Stop()
}
`,
	`package main

import (
	"context"
	"fmt"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	res := make(chan int, 1)
	go func() { res <- 42 }()
	select {
	case <-ctx.Done():
		fmt.Println(ctx.Err())
	case v := <-res:
		fmt.Println(v)
	}
}
`,
	`package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var once sync.Once
	var n atomic.Int64
	var cnt int32
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() { fmt.Println("once") })
			n.Add(1)
			atomic.AddInt32(&cnt, 1)
		}()
	}
	wg.Wait()
	fmt.Println(n.Load(), atomic.LoadInt32(&cnt))
}
`,
	`package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	ready := false
	go func() {
		mu.Lock()
		ready = true
		cond.Broadcast()
		mu.Unlock()
	}()
	mu.Lock()
	for !ready {
		cond.Wait()
	}
	mu.Unlock()
	var rw sync.RWMutex
	rw.RLock()
	rw.RUnlock()
	fmt.Println("ready")
}
`,
	`package main

import (
	"fmt"
	"os"
	"runtime"
)

func gen(yield func(int) bool) {
	for i := 0; i < 3; i++ {
		if !yield(i) {
			return
		}
	}
}

func main() {
	for v := range gen {
		fmt.Println(v)
	}
	go func() { panic("boom") }()
	runtime.Gosched()
	fmt.Println(runtime.NumGoroutine())
	os.Exit(3)
}
`,
	`package main

import "fmt"

func main() {
	x := 0
	done := make(chan bool)
	go func() {
		x++
		done <- true
	}()
	x++
	<-done
	fmt.Println(x)
}
`,
}
