package model_test

import (
	"testing"

	"github.com/cmcheck/cmcheck/model"
	"golang.org/x/tools/go/ssa"
)

// BenchmarkClone copies states taken halfway through an execution, as the
// explorer's snapshots do (race detection on): of the pipeline benchmark
// program (five goroutines, three channels, a WaitGroup) and of the
// dining philosophers with channel forks (N=7: eight goroutines, seven
// channels, a WaitGroup).
func BenchmarkClone(b *testing.B) {
	for _, name := range []string{"pipeline", "philo"} {
		b.Run(name, func(b *testing.B) {
			s := midState(b, name, 20)
			c := model.NewCloner()
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := c.Clone(s); !ok {
					b.Fatal("state not cloned")
				}
			}
		})
	}
}

// midState runs the benchmark program name for up to steps steps, taking
// the enabled transitions in turn.
func midState(b *testing.B, name string, steps int) *model.State {
	pkg := loadBench(b, name)
	it := model.New(pkg.Prog)
	s := it.NewState()
	s.EnableRace()
	s.SpawnMain([]*ssa.Function{pkg.Func("init")}, pkg.Func("main"))
	var buf []model.Transition
	for i := 0; i < steps && !s.Done(); i++ {
		buf = s.Enabled(buf[:0])
		if len(buf) == 0 {
			break
		}
		s.Do(buf[i%len(buf)])
	}
	return s
}
