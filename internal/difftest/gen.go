package difftest

import (
	"bytes"
	"fmt"
	"math/rand"
	"sort"
	"strings"
)

// A Program is a small concurrent Go program made by Generate: a main
// function and 1 to 3 goroutines that talk over a few channels, a mutex
// and a WaitGroup, and print what they do so that the output shows the
// interleaving. Every loop is bounded, so a program ends quickly under the
// real runtime: it exits, panics, or deadlocks.
type Program struct {
	Name string // package directory and prefix of its identifiers: "p0042"
	Seed int64
	// Racy says that the program has deliberately unprotected accesses to
	// shared memory (a racy counter); programs without it have no data
	// race, whatever the interleaving.
	Racy bool
	// unlocks says that some goroutine unlocks the mutex without holding
	// it: it may release another goroutine's lock, and then the accesses
	// to the protected counter race.
	unlocks bool

	chans    []int // capacities: 0 unbuffered
	mutex    bool
	wg       bool
	wgAdd    int
	counter  bool // a counter protected by the mutex
	globals  bool // counters are package-level variables
	routines []*routine
}

// A Variant is one rendering of a program.
type Variant int

const (
	// SourceCheck is the program as cmcheck explores it: package main of its
	// own directory, with a func main.
	SourceCheck Variant = iota
	// SourceReal is the program as one file of the real binary, which holds
	// many programs and dispatches on its first argument: no func main.
	SourceReal
	// SourceGosched is SourceReal with runtime.Gosched() after every simple
	// statement, on the same line so that positions do not move.
	SourceGosched
	// SourceCheckGosched is SourceCheck with runtime.Gosched() after
	// every simple statement: the same program for Go, with more
	// scheduling points for cmcheck.
	SourceCheckGosched
)

type routine struct {
	id        int  // 0 for main
	named     bool // a package-level function rather than a closure
	deferDone bool // starts with defer wg.Done()
	doneAtEnd bool // ends with wg.Done()
	body      []stmt
}

type stmtKind int

const (
	sSend      stmtKind = iota // c <- v
	sRecv                      // fmt.Println(tag, <-c)
	sRecvOK                    // v, ok := <-c; fmt.Println(tag, v, ok)
	sSelect                    // select over 1-2 cases, maybe default
	sLockInc                   // mu.Lock(); counter++; mu.Unlock()
	sLockPrint                 // mu.Lock(); counter++; fmt.Println(...); mu.Unlock()
	sRacyInc                   // racy++ without a lock
	sRacyRead                  // fmt.Println(tag, racy) without a lock
	sClose                     // close(c)
	sPrint                     // fmt.Println(tag)
	sRange                     // for v := range c { fmt.Println(tag, v) }
	sSendLoop                  // for i := 0; i < n; i++ { c <- v + i }
	sLockSend                  // mu.Lock(); c <- v; mu.Unlock()
	sPanic                     // panic(tag)
	sExit                      // os.Exit(3)
	sBadUnlock                 // mu.Unlock() of an unlocked mutex
	sExtraDone                 // wg.Done() once too often
	sGosched                   // runtime.Gosched()
	sLen                       // fmt.Println(tag, len(c))
	sGo                        // go func() { ...one statement... }()
	sLockRead                  // mu.Lock(); v := counter; mu.Unlock(); fmt.Println(tag, v)
	sLockSet                   // mu.Lock(); counter = v; mu.Unlock()
	numStmtKinds
)

var stmtNames = [numStmtKinds]string{
	sSend: "send", sRecv: "recv", sRecvOK: "recv-ok", sSelect: "select",
	sLockInc: "lock-inc", sLockPrint: "lock-print", sRacyInc: "racy-inc",
	sRacyRead: "racy-read", sClose: "close", sPrint: "print", sRange: "range",
	sSendLoop: "send-loop", sLockSend: "lock-send", sPanic: "panic",
	sExit: "exit", sBadUnlock: "bad-unlock", sExtraDone: "extra-done",
	sGosched: "gosched", sLen: "len", sGo: "go", sLockRead: "lock-read",
	sLockSet: "lock-set",
}

func (k stmtKind) String() string { return stmtNames[k] }

type stmt struct {
	kind  stmtKind
	ch    int // channel index
	val   int // value sent, or loop count
	cases []selCase
	dflt  bool
	inner *stmt // for sGo
}

type selCase struct {
	send bool
	ch   int
	val  int
}

// GenOptions tune the generator.
type GenOptions struct {
	// Exclude lists statement kinds (by name, see Features) the
	// generator must not use: for example kinds that hit a known,
	// already reported disagreement.
	Exclude []string
}

// Generate returns the program of the given seed. The same name, seed and
// options give the same program.
func Generate(name string, seed int64, opts GenOptions) *Program {
	g := &gen{r: rand.New(rand.NewSource(seed)), p: &Program{Name: name, Seed: seed}, excl: map[stmtKind]bool{}}
	for _, x := range opts.Exclude {
		for k, n := range stmtNames {
			if n == x {
				g.excl[stmtKind(k)] = true
			}
		}
	}
	g.program()
	return g.p
}

type gen struct {
	r    *rand.Rand
	p    *Program
	excl map[stmtKind]bool
	val  int // next value to send: values are distinct so outputs say who sent
	ops  int // visible operations so far, to keep the state space small
	// nested counts the goroutines started by goroutines (at most one).
	nested int
	// sends and recvs count the operations on each channel so far, so
	// that most operations have a partner.
	sends, recvs []int
}

// pickChan picks the channel of a send (or a receive): preferably one
// with more receives than sends so far (or the reverse).
func (g *gen) pickChan(send bool) int {
	n := len(g.p.chans)
	c := g.r.Intn(n)
	if g.chance(70) {
		for i := range n {
			k := (c + i) % n
			if send && g.recvs[k] > g.sends[k] || !send && g.sends[k] > g.recvs[k] {
				c = k
				break
			}
		}
	}
	if send {
		g.sends[c]++
	} else {
		g.recvs[c]++
	}
	return c
}

// maxOps bounds the visible operations of a program (channel operations,
// locks, prints, goroutine starts, ...), which keeps its state space small
// enough for exhaustive exploration in well under a second.
const maxOps = 16

// cost is the number of visible operations of a statement of each kind.
var cost = [numStmtKinds]int{
	sSend: 1, sRecv: 2, sRecvOK: 2, sSelect: 2, sLockInc: 2, sLockPrint: 3,
	sRacyInc: 2, sRacyRead: 2, sClose: 1, sPrint: 1, sRange: 4, sSendLoop: 2,
	sLockSend: 3, sPanic: 1, sExit: 1, sBadUnlock: 1, sExtraDone: 1,
	sGosched: 1, sLen: 1, sGo: 1, sLockRead: 3, sLockSet: 2,
}

func (g *gen) chance(pct int) bool { return g.r.Intn(100) < pct }

func (g *gen) program() {
	p := g.p
	nch := 1 + g.r.Intn(3)
	for range nch {
		c := 0
		if g.chance(45) {
			c = 1 + g.r.Intn(2)
		}
		p.chans = append(p.chans, c)
	}
	g.sends, g.recvs = make([]int, nch), make([]int, nch)
	p.mutex = g.chance(60)
	p.counter = p.mutex && g.chance(80)
	p.wg = g.chance(65)
	p.globals = g.chance(30)
	ngo := 1 + g.r.Intn(3)
	p.routines = append(p.routines, &routine{id: 0})
	for i := 1; i <= ngo; i++ {
		r := &routine{id: i, named: g.chance(30)}
		if p.wg {
			switch {
			case g.chance(5): // forgets Done
			case g.chance(60):
				r.deferDone = true
				p.wgAdd++
			default:
				r.doneAtEnd = true
				p.wgAdd++
			}
		}
		p.routines = append(p.routines, r)
	}
	if p.wg && g.chance(6) {
		// A wrong count: Wait never returns, or returns early and a
		// Done drives the counter negative.
		if g.chance(50) || p.wgAdd == 0 {
			p.wgAdd++
		} else {
			p.wgAdd--
		}
	}
	// Fixed costs: each goroutine starts and calls Done, main waits and
	// prints the counters.
	g.ops += 2 * ngo
	if p.wg {
		g.ops++
	}
	if p.counter {
		g.ops += 3
	}
	// Bodies: goroutines first (1-3 statements), then main (0-2).
	for _, r := range p.routines[1:] {
		n := 1 + g.r.Intn(3)
		for range n {
			if g.ops >= maxOps {
				break
			}
			r.body = append(r.body, g.stmt(r, 0))
		}
	}
	main := p.routines[0]
	for n := g.r.Intn(3); n > 0 && g.ops < maxOps; n-- {
		main.body = append(main.body, g.stmt(main, 0))
	}
}

// stmt returns a random statement for routine r.
func (g *gen) stmt(r *routine, depth int) stmt {
	p := g.p
	for try := 0; ; try++ {
		if try > 1000 {
			return stmt{kind: sPrint}
		}
		k := g.pick()
		if g.excl[k] {
			continue
		}
		ch := g.r.Intn(len(p.chans))
		if g.ops+cost[k] > maxOps && k != sPrint {
			continue
		}
		switch k {
		case sLockInc, sLockPrint, sLockSend, sBadUnlock, sLockRead, sLockSet:
			if !p.mutex || (k != sLockSend && k != sBadUnlock && !p.counter) {
				continue
			}
		case sExtraDone:
			if !p.wg {
				continue
			}
		case sRange:
			if r.id == 0 && g.chance(50) {
				continue
			}
		case sGo:
			if depth > 0 || g.nested > 0 || len(p.routines) >= 4 {
				continue
			}
			g.nested++
		case sRacyInc, sRacyRead:
			p.Racy = true
		}
		if k == sBadUnlock {
			p.unlocks = true
		}
		s := stmt{kind: k, ch: ch}
		g.ops += cost[k]
		switch k {
		case sLockSet:
			s.val = g.next()
		case sSend, sLockSend, sSendLoop:
			s.ch = g.pickChan(true)
			s.val = g.next()
			if k == sSendLoop {
				g.val++
				g.sends[s.ch]++
			}
		case sRecv, sRecvOK, sRange:
			s.ch = g.pickChan(false)
		case sSelect:
			n := 1 + g.r.Intn(2)
			used := map[int]bool{}
			for range n {
				c := selCase{send: g.chance(40)}
				c.ch = g.pickChan(c.send)
				if used[c.ch] {
					continue
				}
				used[c.ch] = true
				if c.send {
					c.val = g.next()
				}
				s.cases = append(s.cases, c)
			}
			s.dflt = g.chance(40)
		case sGo:
			g.ops++ // the goroutine's start
			in := g.stmt(r, depth+1)
			s.inner = &in
		}
		return s
	}
}

// weights of the statement kinds.
var weights = [numStmtKinds]int{
	sSend: 14, sRecv: 12, sRecvOK: 4, sSelect: 10, sLockInc: 6, sLockPrint: 4,
	sRacyInc: 3, sRacyRead: 1, sClose: 6, sPrint: 5, sRange: 3, sSendLoop: 3,
	sLockSend: 2, sPanic: 1, sExit: 1, sBadUnlock: 1, sExtraDone: 1,
	sGosched: 2, sLen: 2, sGo: 2, sLockRead: 2, sLockSet: 2,
}

func (g *gen) pick() stmtKind {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.r.Intn(total)
	for k, w := range weights {
		if n < w {
			return stmtKind(k)
		}
		n -= w
	}
	panic("unreachable")
}

func (g *gen) next() int {
	g.val++
	return g.val
}

// MayRace says whether the program may have a data race: it has
// unprotected shared accesses (Racy), or unlocks a mutex that another
// goroutine may hold.
func (p *Program) MayRace() bool { return p.Racy || p.unlocks }

// Features returns the statement kinds the program uses, sorted.
func (p *Program) Features() []string {
	set := map[string]bool{}
	var walk func(s stmt)
	walk = func(s stmt) {
		set[s.kind.String()] = true
		if s.inner != nil {
			walk(*s.inner)
		}
	}
	for _, r := range p.routines {
		for _, s := range r.body {
			walk(s)
		}
	}
	if p.wg && p.wgAdd != p.countDone() {
		set["wg-miscount"] = true
	}
	var fs []string
	for f := range set {
		fs = append(fs, f)
	}
	sort.Strings(fs)
	return fs
}

func (p *Program) countDone() int {
	n := 0
	for _, r := range p.routines {
		if r.deferDone || r.doneAtEnd {
			n++
		}
	}
	return n
}

// Source renders the program. The Check, Real and RealGosched variants
// have every statement on the same line, so that positions reported by
// the race detector for the real binary are positions in the Check
// variant.
func (p *Program) Source(v Variant) []byte {
	w := &writer{gosched: v == SourceGosched || v == SourceCheckGosched}
	w.line("package main")
	w.line("")
	w.line("import (")
	for _, imp := range []string{"fmt", "os", "runtime", "sync"} {
		w.line("\t%q", imp)
	}
	w.line(")")
	w.line("")
	w.line("var (")
	w.line("\t_ = fmt.Println")
	w.line("\t_ = os.Exit")
	w.line("\t_ = runtime.Gosched")
	w.line("\t_ = sync.NewCond")
	w.line(")")
	if p.globals && (p.counter || p.Racy) {
		w.line("")
		w.line("var (")
		if p.counter {
			w.line("\t%s_counter int", p.Name)
		}
		if p.Racy {
			w.line("\t%s_racy int", p.Name)
		}
		w.line(")")
	}
	w.line("")
	p.renderMain(w)
	for _, r := range p.routines[1:] {
		if r.named {
			w.line("")
			p.renderNamed(w, r)
		}
	}
	if v == SourceCheck || v == SourceCheckGosched {
		w.line("")
		w.line("func main() {")
		w.line("\t%s_main()", p.Name)
		w.line("}")
	}
	return w.b.Bytes()
}

type writer struct {
	b       bytes.Buffer
	indent  int
	gosched bool
}

// line writes a line that is not a simple statement.
func (w *writer) line(format string, args ...any) {
	if format != "" {
		w.b.WriteString(strings.Repeat("\t", w.indent))
	}
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteByte('\n')
}

// stmt writes a simple statement (or the last line of a compound one),
// followed in the Gosched variants by a call of runtime.Gosched on the
// same line.
func (w *writer) stmt(format string, args ...any) {
	w.b.WriteString(strings.Repeat("\t", w.indent))
	fmt.Fprintf(&w.b, format, args...)
	if w.gosched {
		w.b.WriteString("; runtime.Gosched()")
	}
	w.b.WriteByte('\n')
}

// scope says how a routine's code refers to the shared variables.
type scope struct {
	p     *Program
	r     *routine
	ptr   bool // counters are reached through pointer parameters
	nvars int
}

func (sc *scope) counter() string {
	switch {
	case sc.p.globals:
		return sc.p.Name + "_counter"
	case sc.ptr:
		return "*counter"
	}
	return "counter"
}

func (sc *scope) racy() string {
	switch {
	case sc.p.globals:
		return sc.p.Name + "_racy"
	case sc.ptr:
		return "*racy"
	}
	return "racy"
}

func (sc *scope) tag() string {
	if sc.r.id == 0 {
		return "main"
	}
	return fmt.Sprintf("g%d", sc.r.id)
}

func (p *Program) renderMain(w *writer) {
	w.line("func %s_main() {", p.Name)
	w.indent++
	for i, c := range p.chans {
		if c == 0 {
			w.stmt("c%d := make(chan int)", i)
		} else {
			w.stmt("c%d := make(chan int, %d)", i, c)
		}
	}
	var blanks []string
	for i := range p.chans {
		blanks = append(blanks, fmt.Sprintf("c%d", i))
	}
	if p.mutex {
		w.line("var mu sync.Mutex")
		blanks = append(blanks, "&mu")
	}
	if p.wg {
		w.line("var wg sync.WaitGroup")
		blanks = append(blanks, "&wg")
	}
	if !p.globals {
		if p.counter {
			w.stmt("counter := 0")
			blanks = append(blanks, "counter")
		}
		if p.Racy {
			w.stmt("racy := 0")
			blanks = append(blanks, "racy")
		}
	}
	w.stmt("%s = %s", strings.TrimSuffix(strings.Repeat("_, ", len(blanks)), ", "), strings.Join(blanks, ", "))
	if p.wg && p.wgAdd > 0 {
		w.stmt("wg.Add(%d)", p.wgAdd)
	}
	main := &scope{p: p, r: p.routines[0]}
	for _, r := range p.routines[1:] {
		if r.named {
			w.stmt("go %s_g%d(%s)", p.Name, r.id, p.args())
			continue
		}
		w.line("go func() {")
		w.indent++
		p.renderBody(w, &scope{p: p, r: r}, r)
		w.indent--
		w.stmt("}()")
	}
	for _, s := range main.r.body {
		p.render(w, main, s)
	}
	if p.wg {
		w.stmt("wg.Wait()")
	}
	if p.counter {
		w.stmt("mu.Lock()")
		w.stmt("fmt.Println(\"counter\", %s)", main.counter())
		w.stmt("mu.Unlock()")
	}
	if p.Racy {
		w.stmt("fmt.Println(\"racy\", %s)", main.racy())
	}
	w.indent--
	w.line("}")
}

// params and args of the named goroutine functions.
func (p *Program) params() string {
	var ps []string
	var cs []string
	for i := range p.chans {
		cs = append(cs, fmt.Sprintf("c%d", i))
	}
	ps = append(ps, strings.Join(cs, ", ")+" chan int")
	if p.mutex {
		ps = append(ps, "mu *sync.Mutex")
	}
	if p.wg {
		ps = append(ps, "wg *sync.WaitGroup")
	}
	if !p.globals {
		var ns []string
		if p.counter {
			ns = append(ns, "counter")
		}
		if p.Racy {
			ns = append(ns, "racy")
		}
		if len(ns) > 0 {
			ps = append(ps, strings.Join(ns, ", ")+" *int")
		}
	}
	return strings.Join(ps, ", ")
}

func (p *Program) args() string {
	var as []string
	for i := range p.chans {
		as = append(as, fmt.Sprintf("c%d", i))
	}
	if p.mutex {
		as = append(as, "&mu")
	}
	if p.wg {
		as = append(as, "&wg")
	}
	if !p.globals {
		if p.counter {
			as = append(as, "&counter")
		}
		if p.Racy {
			as = append(as, "&racy")
		}
	}
	return strings.Join(as, ", ")
}

func (p *Program) renderNamed(w *writer, r *routine) {
	w.line("func %s_g%d(%s) {", p.Name, r.id, p.params())
	w.indent++
	var blanks []string
	for i := range p.chans {
		blanks = append(blanks, fmt.Sprintf("c%d", i))
	}
	if p.mutex {
		blanks = append(blanks, "mu")
	}
	if p.wg {
		blanks = append(blanks, "wg")
	}
	w.stmt("%s = %s", strings.TrimSuffix(strings.Repeat("_, ", len(blanks)), ", "), strings.Join(blanks, ", "))
	p.renderBody(w, &scope{p: p, r: r, ptr: true}, r)
	w.indent--
	w.line("}")
}

func (p *Program) renderBody(w *writer, sc *scope, r *routine) {
	if r.deferDone {
		w.stmt("defer wg.Done()")
	}
	for _, s := range r.body {
		p.render(w, sc, s)
	}
	if r.doneAtEnd {
		w.stmt("wg.Done()")
	}
}

func (p *Program) render(w *writer, sc *scope, s stmt) {
	tag := sc.tag()
	c := fmt.Sprintf("c%d", s.ch)
	switch s.kind {
	case sSend:
		w.stmt("%s <- %d", c, s.val)
	case sRecv:
		w.stmt("fmt.Println(%q, <-%s)", tag+" <-"+c, c)
	case sRecvOK:
		sc.nvars++
		v, ok := fmt.Sprintf("v%d", sc.nvars), fmt.Sprintf("ok%d", sc.nvars)
		w.stmt("%s, %s := <-%s", v, ok, c)
		w.stmt("fmt.Println(%q, %s, %s)", tag+" <-"+c, v, ok)
	case sSelect:
		w.line("select {")
		for _, cs := range s.cases {
			cc := fmt.Sprintf("c%d", cs.ch)
			if cs.send {
				w.line("case %s <- %d:", cc, cs.val)
				w.indent++
				w.stmt("fmt.Println(%q)", fmt.Sprintf("%s select %s <- %d", tag, cc, cs.val))
			} else {
				w.line("case v, ok := <-%s:", cc)
				w.indent++
				w.stmt("fmt.Println(%q, v, ok)", fmt.Sprintf("%s select <-%s", tag, cc))
			}
			w.indent--
		}
		if s.dflt {
			w.line("default:")
			w.indent++
			w.stmt("fmt.Println(%q)", tag+" select default")
			w.indent--
		}
		w.stmt("}")
	case sLockInc:
		w.stmt("mu.Lock()")
		w.stmt("%s++", sc.counter())
		w.stmt("mu.Unlock()")
	case sLockPrint:
		w.stmt("mu.Lock()")
		w.stmt("%s++", sc.counter())
		w.stmt("fmt.Println(%q, %s)", tag+" counter", sc.counter())
		w.stmt("mu.Unlock()")
	case sLockRead:
		sc.nvars++
		v := fmt.Sprintf("v%d", sc.nvars)
		w.stmt("mu.Lock()")
		w.stmt("%s := %s", v, sc.counter())
		w.stmt("mu.Unlock()")
		w.stmt("fmt.Println(%q, %s)", tag+" counter", v)
	case sLockSet:
		w.stmt("mu.Lock()")
		w.stmt("%s = %d", sc.counter(), s.val)
		w.stmt("mu.Unlock()")
	case sRacyInc:
		w.stmt("%s++", sc.racy())
	case sRacyRead:
		w.stmt("fmt.Println(%q, %s)", tag+" racy", sc.racy())
	case sClose:
		w.stmt("close(%s)", c)
	case sPrint:
		w.stmt("fmt.Println(%q)", tag+" print")
	case sRange:
		w.line("for v := range %s {", c)
		w.indent++
		w.stmt("fmt.Println(%q, v)", tag+" range "+c)
		w.indent--
		w.stmt("}")
	case sSendLoop:
		w.line("for i := range 2 {")
		w.indent++
		w.stmt("%s <- %d + i", c, s.val)
		w.indent--
		w.stmt("}")
	case sLockSend:
		w.stmt("mu.Lock()")
		w.stmt("%s <- %d", c, s.val)
		w.stmt("mu.Unlock()")
	case sPanic:
		w.stmt("panic(%q)", tag+" boom")
	case sExit:
		w.stmt("os.Exit(3)")
	case sBadUnlock:
		w.stmt("mu.Unlock()")
	case sExtraDone:
		w.stmt("wg.Done()")
	case sGosched:
		w.stmt("runtime.Gosched()")
	case sLen:
		w.stmt("fmt.Println(%q, len(%s))", tag+" len "+c, c)
	case sGo:
		w.line("go func() {")
		w.indent++
		inner := &scope{p: sc.p, r: &routine{id: sc.r.id*10 + 9}, ptr: sc.ptr}
		p.render(w, inner, *s.inner)
		w.indent--
		w.stmt("}()")
	}
}
