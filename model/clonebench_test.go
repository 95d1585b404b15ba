package model_test

import (
	"testing"

	"github.com/cmcheck/cmcheck/model"
	"golang.org/x/tools/go/ssa"
)

// BenchmarkClone copies a state of the pipeline benchmark program (five
// goroutines, three channels, a WaitGroup; race detection on) taken
// halfway through an execution, as the explorer's snapshots do.
func BenchmarkClone(b *testing.B) {
	pkg := loadBench(b, "pipeline")
	it := model.New(pkg.Prog)
	s := it.NewState()
	s.EnableRace()
	s.SpawnMain([]*ssa.Function{pkg.Func("init")}, pkg.Func("main"))
	var buf []model.Transition
	for i := 0; i < 20 && !s.Done(); i++ {
		buf = s.Enabled(buf[:0])
		if len(buf) == 0 {
			break
		}
		s.Do(buf[i%len(buf)])
	}
	c := model.NewCloner()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := c.Clone(s); !ok {
			b.Fatal("state not cloned")
		}
	}
}
