package explorer_test

import (
	"context"
	"fmt"
	"go/format"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// TestRandomProgramsReduction is TestReductionOutcomes on generated
// programs: for each seed, genProgram writes a small terminating program
// (main and one to three goroutines sharing channels, mutexes, a
// WaitGroup, a Once, atomics or a plain variable, printing what they see),
// and every engine must reach exactly the outcomes and findings that the
// enumeration of every interleaving reaches.
//
// $CMCHECK_RANDPROGS sets how many programs (default rpDefault, about
// half a minute on two cores), $CMCHECK_RANDPROGS_SEED the first seed
// (default 1). A failure names the seed and shows the program; to replay one
// seed: CMCHECK_RANDPROGS=1 CMCHECK_RANDPROGS_SEED=<seed>. With
// $CMCHECK_RANDPROGS_TIMERS set, the programs also sleep, start, stop,
// reset and wait for timers, select on time.After and print the clock
// (TestRandomTimerPrograms runs rpTimerDefault of them by default); the
// seeds give other programs then.
func TestRandomProgramsReduction(t *testing.T) {
	rpRun(t, os.Getenv("CMCHECK_RANDPROGS_TIMERS") != "", rpDefault)
}

// TestRandomTimerPrograms is TestRandomProgramsReduction with timers,
// on rpTimerDefault programs unless $CMCHECK_RANDPROGS says otherwise
// (skipped when $CMCHECK_RANDPROGS_TIMERS already makes the other test
// run them).
func TestRandomTimerPrograms(t *testing.T) {
	if os.Getenv("CMCHECK_RANDPROGS_TIMERS") != "" {
		t.Skip("TestRandomProgramsReduction runs the timer programs")
	}
	rpRun(t, true, rpTimerDefault)
}

// rpTimerDefault programs with timers take about 30 s on two cores. The
// first run of timer programs found two losses of the reduction at seeds
// 77 (Stop emptying the channel without touching it) and 149 (main's exit
// racing only with the last step before it).
const rpTimerDefault = 150

func rpRun(t *testing.T, timers bool, def int) {
	n := rpEnv(t, "CMCHECK_RANDPROGS", def)
	first := rpEnv(t, "CMCHECK_RANDPROGS_SEED", 1)
	if testing.Short() && os.Getenv("CMCHECK_RANDPROGS") == "" {
		n = def / 10
	}
	var skipped, engineSkipped, total, executions int
	var loading time.Duration
	start := time.Now()
	// A batch of programs is one module, a package each, loaded at once:
	// loading one alone takes about 0.3 s, forty about a second.
	const batch = 40
	for lo := first; lo < first+n; lo += batch {
		hi := min(lo+batch, first+n)
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module randprog\n\ngo 1.26\n"), 0o666))
		srcs := make(map[string]string) // package path → source
		seeds := make(map[string]int)   // package path → seed
		for seed := lo; seed < hi; seed++ {
			src := genProgram(rpRand(seed), timers)
			pkg := fmt.Sprintf("p%d", seed)
			require.NoError(t, os.Mkdir(filepath.Join(dir, pkg), 0o777))
			require.NoError(t, os.WriteFile(filepath.Join(dir, pkg, "main.go"), []byte(src), 0o666))
			srcs["randprog/"+pkg], seeds["randprog/"+pkg] = src, seed
		}
		t0 := time.Now()
		prog, err := frontend.Load(frontend.Config{Dir: dir}, "./...")
		loading += time.Since(t0)
		require.NoError(t, err, "seeds %d to %d", lo, hi-1)
		require.Len(t, prog.Entries, hi-lo)
		it := model.New(prog.SSA)
		for _, e := range prog.Entries {
			path := e.Pkg.Pkg.Path()
			seed, src := seeds[path], srcs[path]
			t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
				total++
				st := rpCheck(t, it, e, seed, src)
				executions += st.executions
				engineSkipped += st.engineSkipped
				if st.skipped {
					skipped++
				}
			})
		}
	}
	t.Logf("%d programs (seeds %d to %d) in %v (loading %v), %d executions; %d skipped (enumeration incomplete), %d engine runs incomplete",
		total, first, first+n-1, time.Since(start).Round(time.Millisecond), loading.Round(time.Millisecond), executions, skipped, engineSkipped)
}

type rpStats struct {
	executions, engineSkipped int
	skipped                   bool
}

// rpCheck compares every engine with the enumeration on one program.
func rpCheck(t *testing.T, it *model.Interp, e frontend.Entry, seed int, src string) (st rpStats) {
	t0 := time.Now()
	full := explorer.Explore(context.Background(), it, e, explorer.Options{NoReduction: true, NoSymmetry: true, Outcomes: true, Timeout: 20 * time.Second, MaxExecutions: rpMaxExecutions, PCTRuns: -1})
	st.executions += full.Stats.Executions
	if full.Verdict == explorer.Unsupported || strings.Contains(full.Reason, "internal error") {
		t.Fatalf("seed %d: the enumeration itself failed (%s: %s): the generator should not write this program:\n%s", seed, full.Verdict, full.Reason, src)
	}
	if full.Reason != "" {
		st.skipped = true
		t.Logf("seed %d: skipped, the enumeration did not complete: %s", seed, full.Reason)
		return st
	}
	t.Logf("seed %d: %d executions, %d outcomes, enumerated in %v", seed, full.Stats.Executions, len(full.Outcomes), time.Since(t0).Round(time.Millisecond))
	want, wantFindings := outcomeKeys(full.Outcomes), findingSet(full.Findings)
	var bad strings.Builder
	for _, c := range reductionEngines {
		c.opts.Outcomes, c.opts.PCTRuns, c.opts.Timeout, c.opts.MaxExecutions = true, -1, 20*time.Second, 4*rpMaxExecutions
		red := explorer.Explore(context.Background(), it, e, c.opts)
		st.executions += red.Stats.Executions
		if red.Reason != "" {
			if red.Verdict == explorer.Unsupported || strings.Contains(red.Reason, "internal error") {
				fmt.Fprintf(&bad, "%s: %s: %s\n", c.name, red.Verdict, red.Reason)
				continue
			}
			st.engineSkipped++
			t.Logf("seed %d, %s: not compared, the search did not complete: %s", seed, c.name, red.Reason)
			continue
		}
		got, gotFindings := outcomeKeys(red.Outcomes), findingSet(red.Findings)
		if !slices.Equal(want, got) || !maps.Equal(wantFindings, gotFindings) {
			fmt.Fprintf(&bad, "%s (%d executions; exhaustive %d):\n%s", c.name, red.Stats.Executions, full.Stats.Executions,
				rpDiff(want, got, wantFindings, gotFindings))
		}
	}
	if bad.Len() > 0 {
		var w strings.Builder
		for i, o := range want {
			if i == 3*rpShown {
				fmt.Fprintf(&w, "  ... %d more outcomes\n", len(want)-i)
				break
			}
			fmt.Fprintf(&w, "  %s\n", o)
		}
		for _, f := range slices.Sorted(maps.Keys(wantFindings)) {
			fmt.Fprintf(&w, "  finding: %s\n", f)
		}
		t.Errorf("seed %d: engines disagree with the enumeration of every interleaving, which reaches:\n%s%s\nprogram (CMCHECK_RANDPROGS=1 CMCHECK_RANDPROGS_SEED=%d):\n%s",
			seed, w.String(), bad.String(), seed, src)
	}
	return st
}

// rpMaxExecutions bounds the enumeration of a program (about a second); a
// program whose enumeration does not complete within it is skipped. The
// engines get four times as many: without state caching the reduction
// may run more executions than the enumeration with it.
const rpMaxExecutions = 30000

// rpDefault programs take about 30 s on two cores.
const rpDefault = 250

func rpRand(seed int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x5eed))
}

func rpEnv(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	require.NoError(t, err, "$%s", name)
	return v
}

// rpDiff lists the outcomes and findings one search reached and the
// other did not (the first few of each).
func rpDiff(want, got []string, wantFindings, gotFindings map[string]bool) string {
	var b strings.Builder
	list := func(what string, items []string, missing func(string) bool) {
		n := 0
		for _, it := range items {
			if !missing(it) {
				continue
			}
			if n < rpShown {
				fmt.Fprintf(&b, "  %-17s %s\n", what+":", it)
			}
			n++
		}
		if n > rpShown {
			fmt.Fprintf(&b, "  ... %d more (%s)\n", n-rpShown, what)
		}
	}
	list("outcome lost", want, func(o string) bool { return !slices.Contains(got, o) })
	list("outcome invented", got, func(o string) bool { return !slices.Contains(want, o) })
	list("finding lost", slices.Sorted(maps.Keys(wantFindings)), func(f string) bool { return !gotFindings[f] })
	list("finding invented", slices.Sorted(maps.Keys(gotFindings)), func(f string) bool { return !wantFindings[f] })
	return b.String()
}

// rpShown bounds the outcomes listed in a failure of each kind.
const rpShown = 12

// The generator.

type rpKind int

const (
	rpChan rpKind = iota
	rpMutex
	rpRWMutex
	rpWG
	rpOnce
	rpAtomic
	rpVar
	rpTimer // only with timers (CMCHECK_RANDPROGS_TIMERS)
	rpKinds
)

// rpObj is a shared object: declared in main (captured by the goroutines'
// closures) or at package level; only the ones used are declared.
type rpObj struct {
	kind   rpKind
	name   string
	buf    int // a channel's capacity
	global bool
	used   bool
}

// rpBlock is the body of main or of a goroutine.
type rpBlock struct {
	who   byte     // the letter of its prints: m for main, then a, b, c
	mult  int      // how many goroutines run it (two for twins)
	head  []string // the statements that stay first (a deferred Done)
	stmts []any    // strings and go statements (*rpGo)
	tail  []string // the statements that stay last (Done, Wait)
}

// rpGo starts a goroutine, or two running the same code.
type rpGo struct {
	copies int    // 2: twins, started by a loop
	wgGo   string // if set, started with this WaitGroup's Go
	body   *rpBlock
}

// rpNeed is the other side of a channel operation, to be done by another
// goroutine so that the operation has a partner: f writes it once (in the
// goroutine g.who), n times over.
type rpNeed struct {
	from *rpBlock
	n    int
	f    func() string
}

type rpGen struct {
	r      *rand.Rand
	objs   []*rpObj
	fmt    bool // fmt is used
	sync   bool
	atomic bool
	// timers: sleeps, timers (NewTimer, Stop, Reset, receives),
	// time.After cases and prints of the clock are written too; time:
	// the time package is used; clock: main's start time is read.
	timers, time, clock bool

	who    byte // the letter of the goroutine being written
	n      int  // labels and values: every print and send is told apart
	gos    int  // goroutines left to start
	blocks []*rpBlock
	cur    *rpBlock
	needs  []rpNeed
	wg     *rpObj
	// wgPattern: main adds the goroutines it starts to wg, each calls
	// Done at its end, and main waits (wgDones: how many Dones it
	// expects).
	wgPattern bool
	wgDones   int
	// join, if not nil, is a channel each goroutine started by main sends
	// on at its end and main receives from as many times at its end.
	join  *rpObj
	joins int
	// cost estimates the steps of the goroutines: each statement and
	// print counts once per time it runs (twice in a loop or in twin
	// goroutines).
	cost, mult int
}

// genProgram writes a small terminating concurrent program from r: main
// and one to three goroutines (sometimes twins started by a loop, or one
// started by another), each doing one to five things to one to three
// shared objects and printing what it sees. Most channel operations get
// a partner in another goroutine. It may deadlock, panic, leak or race:
// those are outcomes too. The same r gives the same program.
func genProgram(r *rand.Rand, timers bool) string {
	for {
		if src, cost := genProgramOnce(r, timers); cost <= rpMaxCost {
			return src
		}
	}
}

// rpMaxCost bounds the cost of a program: the enumeration of every
// interleaving grows fast with the steps (the output, part of the state,
// tells apart the orders of the prints).
const rpMaxCost = 16

func genProgramOnce(r *rand.Rand, timers bool) (string, int) {
	g := &rpGen{r: r, mult: 1, timers: timers}
	nobjs := 1 + r.IntN(3)
	counts := make(map[rpKind]int)
	for range nobjs {
		k := g.pickKind()
		o := &rpObj{kind: k, global: r.IntN(3) == 0}
		o.name = fmt.Sprintf("%s%d", [...]string{"ch", "mu", "rw", "wg", "once", "a", "x", "tm"}[k], counts[k])
		counts[k]++
		switch k {
		case rpChan:
			o.buf = [...]int{0, 0, 1, 2}[r.IntN(4)]
		case rpVar:
			o.global = true // a local only written is "declared and not used"
		case rpWG:
			if g.wg == nil {
				g.wg = o
			}
		case rpTimer:
			o.buf = 10 * (1 + r.IntN(2)) // its duration, in ms
		}
		g.objs = append(g.objs, o)
	}
	g.gos = 1 + r.IntN(3)
	if g.wg != nil && r.IntN(3) != 0 {
		g.wgPattern = true
	} else if r.IntN(2) == 0 {
		g.join = g.pickObj(rpChan) // may be nil
	}

	// main: the go statements in order, some steps of its own among
	// them, and an end.
	main := g.block('m', 1)
	var units []*rpGo
	letter := byte('a')
	for g.gos > 0 {
		units = append(units, g.goUnit(&letter))
	}
	g.cur, g.who = main, 'm'
	// main's own steps mostly after it started the goroutines: before,
	// a channel operation would block it for ever.
	ops := r.IntN(3)
	if ops > 0 && r.IntN(4) == 0 {
		main.stmts = append(main.stmts, g.stmt(0))
		ops--
	}
	for len(units) > 0 || ops > 0 {
		if len(units) > 0 && (ops == 0 || r.IntN(3) != 0) {
			main.stmts = append(main.stmts, units[0])
			units = units[1:]
		} else {
			main.stmts = append(main.stmts, g.stmt(0))
			ops--
		}
	}
	if g.wgPattern {
		g.wg.used, g.sync = true, true
		if g.wgDones > 0 {
			add := g.wgDones
			switch r.IntN(8) {
			case 0:
				add-- // one Done too many
			case 1:
				add++ // one missing
			}
			if add > 0 {
				main.head = append(main.head, fmt.Sprintf("%s.Add(%d)", g.wg.name, add))
			}
		}
		main.tail = append(main.tail, g.wg.name+".Wait()")
	}
	for range g.joins {
		main.tail = append(main.tail, g.print("<-"+g.join.name))
	}
	if r.IntN(3) == 0 {
		main.tail = append(main.tail, g.print(""))
	}

	// Partners for the channel operations, in other goroutines (or
	// main), at random places.
	for _, nd := range g.needs {
		if len(g.blocks) < 2 || r.IntN(4) == 0 {
			continue
		}
		var to *rpBlock
		for to == nil || to == nd.from {
			to = g.blocks[r.IntN(len(g.blocks))]
		}
		g.cur, g.who, g.mult = to, to.who, to.mult
		var s string
		if nd.n == 2 {
			g.mult *= 2
			s = fmt.Sprintf("for i := 0; i < 2; i++ {\n%s\n}", nd.f())
		} else {
			s = nd.f()
		}
		g.cost += g.mult
		// Not before a go statement of main's.
		first := 0
		if to == main {
			for i, st := range to.stmts {
				if _, ok := st.(*rpGo); ok {
					first = i + 1
				}
			}
		}
		at := first + r.IntN(len(to.stmts)+1-first)
		to.stmts = slices.Insert(to.stmts, at, any(s))
	}

	var b strings.Builder
	b.WriteString("package main\n\nimport (\n")
	if g.fmt {
		b.WriteString("\t\"fmt\"\n")
	}
	if g.sync {
		b.WriteString("\t\"sync\"\n")
	}
	if g.atomic {
		b.WriteString("\t\"sync/atomic\"\n")
	}
	if g.time {
		b.WriteString("\t\"time\"\n")
	}
	b.WriteString(")\n\n")
	var locals []string
	for _, o := range g.objs {
		if !o.used {
			continue
		}
		var decl string
		switch o.kind {
		case rpChan:
			if o.global {
				decl = fmt.Sprintf("var %s = make(chan int, %d)", o.name, o.buf)
			} else {
				decl = fmt.Sprintf("%s := make(chan int, %d)", o.name, o.buf)
			}
			if o.buf == 0 {
				decl = strings.TrimSuffix(decl, ", 0)") + ")"
			}
		case rpMutex:
			decl = "var " + o.name + " sync.Mutex"
		case rpRWMutex:
			decl = "var " + o.name + " sync.RWMutex"
		case rpWG:
			decl = "var " + o.name + " sync.WaitGroup"
		case rpOnce:
			decl = "var " + o.name + " sync.Once"
		case rpAtomic:
			decl = "var " + o.name + " atomic.Int32"
		case rpVar:
			decl = "var " + o.name + " int"
		case rpTimer:
			if o.global {
				decl = fmt.Sprintf("var %s = time.NewTimer(%d * time.Millisecond)", o.name, o.buf)
			} else {
				decl = fmt.Sprintf("%s := time.NewTimer(%d * time.Millisecond)", o.name, o.buf)
			}
		}
		if o.global {
			b.WriteString(decl + "\n")
		} else {
			locals = append(locals, decl)
		}
	}
	b.WriteString("\nfunc main() {\n")
	if g.clock {
		b.WriteString("start := time.Now()\n")
	}
	for _, l := range locals {
		b.WriteString(l + "\n")
	}
	b.WriteString(g.render(main))
	b.WriteString("}\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		panic(fmt.Sprintf("genProgram: %v\n%s", err, b.String()))
	}
	return string(src), g.cost
}

func (g *rpGen) block(who byte, mult int) *rpBlock {
	b := &rpBlock{who: who, mult: mult}
	g.blocks = append(g.blocks, b)
	return b
}

func (g *rpGen) render(b *rpBlock) string {
	var s strings.Builder
	for _, l := range b.head {
		s.WriteString(l + "\n")
	}
	for _, st := range b.stmts {
		switch st := st.(type) {
		case string:
			s.WriteString(st + "\n")
		case *rpGo:
			body := g.render(st.body)
			switch {
			case st.wgGo != "":
				fmt.Fprintf(&s, "%s.Go(func() {\n%s})\n", st.wgGo, body)
			case st.copies == 2:
				fmt.Fprintf(&s, "for i := 0; i < 2; i++ {\ngo func() {\n%s}()\n}\n", body)
			default:
				fmt.Fprintf(&s, "go func() {\n%s}()\n", body)
			}
		}
	}
	for _, l := range b.tail {
		s.WriteString(l + "\n")
	}
	return s.String()
}

// pickKind weighs the kinds of shared objects: channels most.
func (g *rpGen) pickKind() rpKind {
	w := [rpKinds]int{rpChan: 6, rpMutex: 2, rpRWMutex: 1, rpWG: 3, rpOnce: 1, rpAtomic: 2, rpVar: 1}
	if g.timers {
		w[rpTimer] = 3
	}
	sum := 0
	for _, x := range w {
		sum += x
	}
	i := g.r.IntN(sum)
	for k, x := range w {
		if i < x {
			return rpKind(k)
		}
		i -= x
	}
	panic("unreachable")
}

// pickObj returns a random object of kind k, marked used, or nil.
func (g *rpGen) pickObj(k rpKind) *rpObj {
	var of []*rpObj
	for _, o := range g.objs {
		if o.kind == k {
			of = append(of, o)
		}
	}
	if len(of) == 0 {
		return nil
	}
	o := of[g.r.IntN(len(of))]
	o.used = true
	switch k {
	case rpChan, rpVar:
	case rpTimer:
		g.time = true
	case rpAtomic:
		g.atomic = true
	default:
		g.sync = true
	}
	return o
}

func (g *rpGen) has(k rpKind) bool {
	for _, o := range g.objs {
		if o.kind == k {
			return true
		}
	}
	return false
}

func (g *rpGen) label() string {
	g.n++
	return fmt.Sprintf("%c%d", g.who, g.n)
}

// print prints a label and the given expression (if any).
func (g *rpGen) print(expr string) string {
	g.fmt = true
	g.cost += g.mult
	if expr == "" {
		return fmt.Sprintf("fmt.Println(%q)", g.label())
	}
	return fmt.Sprintf("fmt.Println(%q, %s)", g.label(), expr)
}

// value is a value to send or store, different at every site.
func (g *rpGen) value() int {
	g.n++
	return g.n
}

// need asks for a partner of a channel operation in another goroutine.
func (g *rpGen) need(f func() string) {
	g.needs = append(g.needs, rpNeed{from: g.cur, n: min(g.mult/g.cur.mult, 2), f: f})
}

// goUnit starts one goroutine, or two identical ones in a loop (twins,
// which symmetry merges), or one with the WaitGroup's Go.
func (g *rpGen) goUnit(letter *byte) *rpGo {
	savedWho, savedCur := g.who, g.cur
	defer func() { g.who, g.cur = savedWho, savedCur }()
	top := savedCur == nil || savedCur.who == 'm'
	u := &rpGo{copies: 1}
	if g.gos >= 2 && g.r.IntN(4) == 0 {
		u.copies = 2
	}
	g.gos -= u.copies
	g.mult *= u.copies
	defer func() { g.mult /= u.copies }()
	g.who = *letter
	*letter++
	b := g.block(g.who, g.mult)
	u.body = b
	g.cur = b
	if top && g.wgPattern && u.copies == 1 && g.r.IntN(4) == 0 {
		g.wg.used, g.sync = true, true
		u.wgGo = g.wg.name
	}
	if u.copies == 2 && g.r.IntN(3) == 0 {
		// They print which one they are: then they are not quite
		// twins.
		g.fmt = true
		b.head = append(b.head, fmt.Sprintf("fmt.Println(%q, i)", g.label()))
	}
	for range 1 + g.r.IntN(5) {
		if !top || g.gos == 0 || g.wgPattern || g.r.IntN(8) != 0 {
			b.stmts = append(b.stmts, g.stmt(0))
			continue
		}
		// A goroutine starting one.
		next := *letter - 'a' + 'A'
		b.stmts = append(b.stmts, g.goUnit(&next))
	}
	if top && g.wgPattern && u.wgGo == "" {
		g.wgDones += u.copies
		d := g.wg.name + ".Done()"
		switch g.r.IntN(12) {
		case 0: // missing
		case 1:
			b.tail = append(b.tail, d, d)
		case 2, 3:
			b.head = append(b.head, "defer "+d)
		default:
			b.tail = append(b.tail, d)
		}
	}
	if top && g.join != nil {
		b.tail = append(b.tail, fmt.Sprintf("%s <- %d", g.join.name, g.value()))
		g.joins += u.copies
	}
	return u
}

// stmt writes one statement; depth > 0 inside a loop, critical section,
// select case or Once (no loops or critical sections there).
func (g *rpGen) stmt(depth int) string {
	g.cost += g.mult
	type choice struct {
		w int
		f func() string
	}
	var cs []choice
	add := func(w int, f func() string) { cs = append(cs, choice{w, f}) }
	add(1, func() string { return g.print("") })
	if g.has(rpChan) {
		add(6, func() string { // send
			ch := g.pickObj(rpChan)
			g.need(func() string { return g.print("<-" + ch.name) })
			return fmt.Sprintf("%s <- %d", ch.name, g.value())
		})
		add(5, func() string { // receive
			ch := g.pickObj(rpChan)
			g.need(func() string { return fmt.Sprintf("%s <- %d", ch.name, g.value()) })
			return g.print("<-" + ch.name)
		})
		add(2, func() string { // receive, with ok
			ch := g.pickObj(rpChan)
			g.need(func() string {
				if g.r.IntN(3) == 0 {
					return fmt.Sprintf("close(%s)", ch.name)
				}
				return fmt.Sprintf("%s <- %d", ch.name, g.value())
			})
			return fmt.Sprintf("if v, ok := <-%s; ok {\n%s\n} else {\n%s\n}", ch.name, g.print("v"), g.print(`"closed"`))
		})
		add(1, func() string {
			return fmt.Sprintf("close(%s)", g.pickObj(rpChan).name)
		})
		if depth == 0 {
			add(2, func() string {
				ch := g.pickObj(rpChan)
				g.need(func() string {
					return fmt.Sprintf("%s <- %d\nclose(%s)", ch.name, g.value(), ch.name)
				})
				g.mult *= 2 // its body runs for every value sent
				defer func() { g.mult /= 2 }()
				return fmt.Sprintf("for v := range %s {\n%s\n}", ch.name, g.print("v"))
			})
		}
		add(4, func() string { return g.selectStmt() })
	}
	if g.has(rpMutex) && depth == 0 {
		add(4, func() string {
			mu := g.pickObj(rpMutex).name
			if g.r.IntN(30) == 0 {
				return mu + ".Unlock()" // fatal: unlock of an unlocked mutex, or someone else's
			}
			if g.r.IntN(20) == 0 {
				return mu + ".Lock()" // never unlocked
			}
			return g.section(mu+".Lock()", mu+".Unlock()")
		})
	}
	if g.has(rpRWMutex) && depth == 0 {
		add(3, func() string {
			rw := g.pickObj(rpRWMutex).name
			if g.r.IntN(2) == 0 {
				return g.section(rw+".RLock()", rw+".RUnlock()")
			}
			return g.section(rw+".Lock()", rw+".Unlock()")
		})
	}
	if g.has(rpWG) {
		add(2, func() string {
			wg := g.pickObj(rpWG)
			switch g.r.IntN(4) {
			case 0:
				return wg.name + ".Add(1)"
			case 1:
				return wg.name + ".Done()"
			default:
				if wg == g.wg && g.wgPattern && g.who != 'm' {
					// The goroutine would wait for itself.
					return wg.name + ".Done()"
				}
				return wg.name + ".Wait()"
			}
		})
	}
	if g.has(rpOnce) {
		add(2, func() string {
			once := g.pickObj(rpOnce).name
			return fmt.Sprintf("%s.Do(func() {\n%s\n})", once, g.stmt(depth+1))
		})
	}
	if g.has(rpAtomic) {
		add(3, func() string {
			a := g.pickObj(rpAtomic).name
			switch g.r.IntN(5) {
			case 0:
				return fmt.Sprintf("%s.Add(1)", a)
			case 1:
				return g.print(a + ".Add(1)")
			case 2:
				return g.print(a + ".Load()")
			case 3:
				return fmt.Sprintf("%s.Store(%d)", a, g.r.IntN(3))
			default:
				return g.print(fmt.Sprintf("%s.CompareAndSwap(%d, %d)", a, g.r.IntN(2), 1+g.r.IntN(2)))
			}
		})
	}
	if g.has(rpVar) {
		add(2, func() string {
			x := g.pickObj(rpVar).name
			switch g.r.IntN(3) {
			case 0:
				return x + "++"
			case 1:
				return g.print(x)
			default:
				return fmt.Sprintf("%s = %d", x, g.value())
			}
		})
	}
	if g.timers {
		add(2, func() string {
			g.time = true
			return fmt.Sprintf("time.Sleep(%d * time.Millisecond)", 5*(1+g.r.IntN(3)))
		})
		add(1, func() string {
			g.time, g.clock = true, true
			return g.print("time.Since(start) / time.Millisecond")
		})
	}
	if g.has(rpTimer) {
		add(4, func() string {
			tm := g.pickObj(rpTimer).name
			switch g.r.IntN(4) {
			case 0:
				return fmt.Sprintf("<-%s.C\n%s", tm, g.print(""))
			case 1:
				return g.print(tm + ".Stop()")
			case 2:
				return g.print(fmt.Sprintf("%s.Reset(%d * time.Millisecond)", tm, 5*(1+g.r.IntN(3))))
			default:
				return fmt.Sprintf("select {\ncase <-%s.C:\n%s\ndefault:\n%s\n}", tm, g.print(""), g.print(""))
			}
		})
	}
	if depth == 0 {
		add(2, func() string {
			g.mult *= 2
			defer func() { g.mult /= 2 }()
			return fmt.Sprintf("for i := 0; i < 2; i++ {\n%s\n}", g.stmt(depth+1))
		})
	}
	sum := 0
	for _, c := range cs {
		sum += c.w
	}
	i := g.r.IntN(sum)
	for _, c := range cs {
		if i < c.w {
			return c.f()
		}
		i -= c.w
	}
	panic("unreachable")
}

// section is a critical section around zero to two statements.
func (g *rpGen) section(lock, unlock string) string {
	stmts := []string{lock}
	for range g.r.IntN(3) {
		stmts = append(stmts, g.stmt(1))
	}
	if g.r.IntN(6) == 0 {
		stmts = append([]string{lock, "defer " + unlock}, stmts[1:]...)
		return fmt.Sprintf("func() {\n%s\n}()", strings.Join(stmts, "\n"))
	}
	return strings.Join(append(stmts, unlock), "\n")
}

// selectStmt is a select of one to three cases, sending or receiving, and
// maybe a default; some cases get a partner.
func (g *rpGen) selectStmt() string {
	var b strings.Builder
	b.WriteString("select {\n")
	for range 1 + g.r.IntN(3) {
		ch := g.pickObj(rpChan)
		partner := g.r.IntN(2) == 0
		if g.r.IntN(2) == 0 {
			if partner {
				g.need(func() string { return g.print("<-" + ch.name) })
			}
			fmt.Fprintf(&b, "case %s <- %d:\n%s\n", ch.name, g.value(), g.print(""))
		} else {
			if partner {
				g.need(func() string { return fmt.Sprintf("%s <- %d", ch.name, g.value()) })
			}
			fmt.Fprintf(&b, "case v := <-%s:\n%s\n", ch.name, g.print("v"))
		}
	}
	if g.timers && g.r.IntN(3) == 0 {
		g.time = true
		fmt.Fprintf(&b, "case <-time.After(%d * time.Millisecond):\n%s\n", 5*(1+g.r.IntN(3)), g.print(""))
	}
	if g.r.IntN(3) == 0 {
		fmt.Fprintf(&b, "default:\n%s\n", g.print(""))
	}
	b.WriteString("}")
	return b.String()
}
