package model

import (
	"go/token"
	"go/types"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/tools/go/ssa"
)

// maxAlloc is the largest number of elements one allocation may have; a
// larger one ends the run as Go's "out of memory" fatal error would.
const maxAlloc = 1 << 26

func makeSlice(elem types.Type, lenv, capv Value) Slice {
	if isSigned(lenv) && int64(toUint64(lenv)) < 0 {
		panic(runtimeErrorf("makeslice: len out of range"))
	}
	if isSigned(capv) && int64(toUint64(capv)) < 0 {
		panic(runtimeErrorf("makeslice: cap out of range"))
	}
	n, c := toUint64(lenv), toUint64(capv)
	if n > 1<<47 {
		panic(runtimeErrorf("makeslice: len out of range"))
	}
	if c < n || c > 1<<47 {
		panic(runtimeErrorf("makeslice: cap out of range"))
	}
	if c > maxAlloc {
		panic(&fatalError{msg: "runtime: out of memory"})
	}
	s := make(Slice, c)
	fillZero(s, elem)
	return s[:n]
}

func fillZero(s []Value, elem types.Type) {
	if len(s) == 0 {
		return
	}
	var z Value = uint8(0) // MakeNoZero's []byte
	if elem != nil {
		z = Zero(elem)
	}
	switch z.(type) {
	case Struct, Array:
		for i := range s {
			s[i] = copyVal(z)
		}
	default:
		for i := range s {
			s[i] = z
		}
	}
}

func (s *State) slice(fr *frame, ic *instrCode) Value {
	x := fr.get(ic.ops[0], s)
	var lo, hi, max int
	get := func(r int32, def int) int {
		if r == noRef {
			return def
		}
		v := fr.get(r, s)
		if isSigned(v) && int64(toUint64(v)) < 0 {
			return -1
		}
		return toInt(v)
	}
	switch x := x.(type) {
	case string:
		n := len(x)
		lo, hi = get(ic.ops[1], 0), get(ic.ops[2], n)
		if hi < 0 || hi > n {
			panic(runtimeErrorf("slice bounds out of range [:%d] with length %d", hi, n))
		}
		if lo < 0 || lo > hi {
			panic(runtimeErrorf("slice bounds out of range [%d:%d]", lo, hi))
		}
		return x[lo:hi]
	case Slice:
		return sliceSlice(x, cap(x), "capacity", get(ic.ops[1], 0), get(ic.ops[2], len(x)), get(ic.ops[3], cap(x)), ic.ops[3] != noRef)
	case *Value:
		if x == nil {
			// Slicing a nil *array: only [0:0] is legal, and yields nil.
			lo, hi, max = get(ic.ops[1], 0), get(ic.ops[2], 0), get(ic.ops[3], 0)
			if lo != 0 || hi != 0 || max != 0 {
				panic(nilDeref())
			}
			return Slice(nil)
		}
		a := (*x).(Array)
		return sliceSlice(Slice(a), len(a), "length", get(ic.ops[1], 0), get(ic.ops[2], len(a)), get(ic.ops[3], len(a)), ic.ops[3] != noRef)
	}
	panic(internalErrorf("slice of %T", x))
}

func sliceSlice(x Slice, c int, what string, lo, hi, max int, three bool) Slice {
	if three {
		if max < 0 || max > c {
			panic(runtimeErrorf("slice bounds out of range [::%d] with %s %d", max, what, c))
		}
		if hi < 0 || hi > max {
			panic(runtimeErrorf("slice bounds out of range [:%d:%d]", hi, max))
		}
		if lo < 0 || lo > hi {
			panic(runtimeErrorf("slice bounds out of range [%d:%d:]", lo, hi))
		}
		return x[lo:hi:max]
	}
	if hi < 0 || hi > c {
		panic(runtimeErrorf("slice bounds out of range [:%d] with %s %d", hi, what, c))
	}
	if lo < 0 || lo > hi {
		panic(runtimeErrorf("slice bounds out of range [%d:%d]", lo, hi))
	}
	if x == nil {
		return nil
	}
	return x[lo:hi:max]
}

// appendSlice appends ys to xs, growing capacity as Go's runtime does.
func appendSlice(xs Slice, ys []Value, elemSize int64) Slice {
	n := len(xs) + len(ys)
	if n <= cap(xs) {
		xs = xs[:n]
		copy(xs[n-len(ys):], ys)
		return xs
	}
	newcap := nextCap(n, cap(xs))
	newcap = roundCap(newcap, elemSize)
	if newcap > maxAlloc {
		panic(&fatalError{msg: "runtime: out of memory"})
	}
	out := make(Slice, n, newcap)
	copy(out, xs)
	copy(out[len(xs):], ys)
	return out
}

// nextCap is Go's growslice capacity rule (runtime/slice.go, nextslicecap).
func nextCap(newLen, oldCap int) int {
	newcap := oldCap
	doublecap := newcap + newcap
	if newLen > doublecap {
		return newLen
	}
	const threshold = 256
	if oldCap < threshold {
		return doublecap
	}
	for {
		newcap += (newcap + 3*threshold) >> 2
		if uint(newcap) >= uint(newLen) {
			break
		}
	}
	if newcap <= 0 {
		return newLen
	}
	return newcap
}

// sizeClasses are the Go runtime's malloc size classes (runtime/sizeclasses.go).
var sizeClasses = [...]int64{0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768}

// roundCap rounds a capacity up as mallocgc's size classes do.
func roundCap(c int, elemSize int64) int {
	if elemSize <= 0 {
		return c
	}
	mem := int64(c) * elemSize
	if mem <= 32768 {
		for _, sc := range sizeClasses {
			if sc >= mem {
				return int(sc / elemSize)
			}
		}
	}
	const page = 8192
	mem = (mem + page - 1) / page * page
	return int(mem / elemSize)
}

func (s *State) elemSize(t types.Type) int64 {
	defer func() { recover() }() // Sizeof panics on some odd types
	return s.it.sizes.Sizeof(t)
}

func (s *State) builtin(g *Goroutine, fr *frame, b *ssa.Builtin, cc *ssa.CallCommon, args []Value, dst int32, pos token.Pos) {
	var res Value
	switch b.Name() {
	case "append":
		xs, _ := args[0].(Slice)
		var ys []Value
		switch y := args[1].(type) {
		case Slice:
			ys = y
		case string:
			ys = make([]Value, len(y))
			for i := 0; i < len(y); i++ {
				ys[i] = y[i]
			}
		}
		if len(ys) == 0 {
			res = xs
			break
		}
		var es int64 = 8
		if cc != nil {
			es = s.elemSize(cc.Args[0].Type().Underlying().(*types.Slice).Elem())
		}
		res = appendSlice(xs, copyAll(ys), es)
	case "copy":
		dst, _ := args[0].(Slice)
		switch src := args[1].(type) {
		case Slice:
			n := min(len(dst), len(src))
			tmp := make([]Value, n)
			for i := 0; i < n; i++ {
				tmp[i] = copyVal(src[i])
			}
			for i := 0; i < n; i++ {
				store(&dst[i], tmp[i])
			}
			res = n
		case string:
			n := min(len(dst), len(src))
			for i := 0; i < n; i++ {
				dst[i] = src[i]
			}
			res = n
		}
	case "close":
		ch, _ := args[0].(*Chan)
		g.pending = &closeOp{ch: ch, pos: pos, dst: dst}
		return
	case "delete":
		if m, _ := args[0].(*Map); m != nil {
			s.mapAccess(g, m, true, cc, pos)
			m.delete(s.it.keyOf(args[1]))
		}
	case "print", "println":
		var sb strings.Builder
		for i, a := range args {
			if i > 0 && b.Name() == "println" {
				sb.WriteByte(' ')
			}
			printValue(&sb, a)
		}
		if b.Name() == "println" {
			sb.WriteByte('\n')
		}
		s.write(true, []byte(sb.String()))
	case "len":
		if c, ok := args[0].(*Chan); ok && c != nil && fr != nil && cc != nil {
			// len of a channel observes other goroutines' sends and
			// receives: a scheduling point that reads the channel.
			if !g.resumeAccess {
				fr.pc--
				op := &memAccessOp{obj: chanObj(c), pos: pos, what: "len(chan " + strconv.Itoa(c.ID) + ")"}
				if split(c) {
					op.reads = []string{headObj(c), tailObj(c)}
				}
				g.pending = op
				return
			}
			g.resumeAccess = false
		}
		if m, ok := args[0].(*Map); ok && m != nil {
			s.mapAccess(g, m, false, cc, pos)
		}
		res = builtinLen(args[0])
	case "cap":
		switch x := args[0].(type) {
		case Slice:
			res = cap(x)
		case Array:
			res = len(x)
		case *Value:
			res = len((*x).(Array))
		case *Chan:
			res = x.Cap()
		}
	case "min", "max":
		res = minMax(b.Name() == "min", args)
	case "real":
		switch x := args[0].(type) {
		case complex64:
			res = real(x)
		case complex128:
			res = real(x)
		}
	case "imag":
		switch x := args[0].(type) {
		case complex64:
			res = imag(x)
		case complex128:
			res = imag(x)
		}
	case "complex":
		switch x := args[0].(type) {
		case float32:
			res = complex(x, args[1].(float32))
		case float64:
			res = complex(x, args[1].(float64))
		}
	case "panic":
		v := args[0].(Iface)
		if v.T == nil {
			v = s.panicNilValue()
		}
		s.startPanic(g, v)
		return
	case "recover":
		res = s.recoverBuiltin(g, fr)
	case "clear":
		switch x := args[0].(type) {
		case *Map:
			if x != nil {
				s.mapAccess(g, x, true, cc, pos)
			}
			x.clear()
		case Slice:
			if cc != nil {
				fillZero(x, cc.Args[0].Type().Underlying().(*types.Slice).Elem())
			}
		}
	case "SliceData":
		x := args[0].(Slice)
		if cap(x) == 0 {
			res = (*Value)(nil)
		} else {
			res = &x[:1][0]
		}
	case "String":
		p := args[0].(*Value)
		n := toInt(args[1])
		if n == 0 {
			res = ""
			break
		}
		if p == nil {
			panic(runtimeErrorf("unsafe.String: ptr is nil and len is not zero"))
		}
		b := make([]byte, n)
		for i, v := range unsafe.Slice(p, n) {
			b[i] = v.(uint8)
		}
		res = string(b)
	case "StringData":
		str := args[0].(string)
		if len(str) == 0 {
			res = (*Value)(nil)
			break
		}
		b := make(Slice, len(str))
		for i := 0; i < len(str); i++ {
			b[i] = str[i]
		}
		res = &b[0]
	case "Slice":
		p := args[0].(*Value)
		n := toInt(args[1])
		if p == nil {
			if n != 0 {
				panic(runtimeErrorf("unsafe.Slice: ptr is nil and len is not zero"))
			}
			res = Slice(nil)
			break
		}
		res = Slice(unsafe.Slice(p, n))
	case "Sizeof", "Alignof":
		// unsafe.Sizeof/Alignof of a type-parameterised operand (others
		// are constants).
		if cc == nil {
			panic(unsupportedf("unsafe.%s in a deferred call", b.Name()))
		}
		t := cc.Args[0].Type()
		if b.Name() == "Sizeof" {
			res = uintptr(s.it.sizeof(t))
		} else {
			res = uintptr(s.it.sizes.Alignof(t))
		}
	case "ssa:wrapnilchk":
		if p, _ := args[0].(*Value); p == nil {
			panic(runtimeErrorf("value method %s.%s called using nil *%s pointer", args[1], args[2], args[1]))
		}
		res = args[0]
	case "ssa:deferstack":
		fr.deferStackTaken = true
		res = &deferStack{fr: fr}
	default:
		panic(unsupportedf("builtin %s", b.Name()))
	}
	s.deliver(g, dst, res)
}

func copyAll(vs []Value) []Value {
	out := make([]Value, len(vs))
	for i, v := range vs {
		out[i] = copyVal(v)
	}
	return out
}

func builtinLen(x Value) int {
	switch x := x.(type) {
	case string:
		return len(x)
	case Slice:
		return len(x)
	case Array:
		return len(x)
	case *Value:
		return len((*x).(Array))
	case *Map:
		return x.Len()
	case *Chan:
		return x.Len()
	}
	panic(internalErrorf("len of %T", x))
}

func minMax(isMin bool, args []Value) Value {
	best := args[0]
	for _, a := range args[1:] {
		switch x := best.(type) {
		case float64:
			y := a.(float64)
			best = floatMinMax(isMin, x, y)
		case float32:
			y := a.(float32)
			best = float32(floatMinMax(isMin, float64(x), float64(y)))
		case string:
			y := a.(string)
			if (isMin && y < x) || (!isMin && y > x) {
				best = y
			}
		default:
			lt := intBinop(token.LSS, toUint64(a), toUint64(x)).(bool)
			if isSigned(x) {
				lt = int64(toUint64(a)) < int64(toUint64(x))
			}
			if (isMin && lt) || (!isMin && !lt && toUint64(a) != toUint64(x)) {
				best = a
			}
		}
	}
	return best
}

func floatMinMax(isMin bool, x, y float64) float64 {
	if math.IsNaN(x) || math.IsNaN(y) {
		return math.NaN()
	}
	if isMin {
		return math.Min(x, y)
	}
	return math.Max(x, y)
}

// iterator is the value of a Range instruction.
type iterator interface{ next() Tuple }

type stringIter struct {
	s string
	i int
}

func (it *stringIter) next() Tuple {
	if it.i >= len(it.s) {
		return Tuple{false, nil, nil}
	}
	r, n := utf8.DecodeRuneInString(it.s[it.i:])
	t := Tuple{true, it.i, r}
	it.i += n
	return t
}

type mapIter struct {
	m       *Map
	entries []mapEntry
	i       int
	epoch   int
}

func (it *mapIter) next() Tuple {
	for it.i < len(it.entries) {
		i := it.i
		it.i++
		if it.m.epoch == it.epoch {
			// No compaction since the iteration began: the entry is
			// still at its place (NaN keys, which the index cannot
			// find, are iterated too).
			if i < len(it.m.entries) && it.m.entries[i].live {
				cur := it.m.entries[i]
				return Tuple{true, cur.key, cur.val}
			}
			continue
		}
		e := it.entries[i]
		if !e.live {
			continue
		}
		j, ok := it.m.index[e.nk]
		if !ok {
			continue // deleted since the iteration began
		}
		cur := it.m.entries[j]
		return Tuple{true, cur.key, cur.val}
	}
	return Tuple{false, nil, nil}
}

func newIter(x Value) iterator {
	switch x := x.(type) {
	case string:
		return &stringIter{s: x}
	case *Map:
		if x == nil {
			return &mapIter{}
		}
		return &mapIter{m: x, entries: x.entries, epoch: x.epoch}
	}
	panic(internalErrorf("range over %T", x))
}

// mapAccess records, for the race detector, an access to map m by a
// builtin: len reads it, delete and clear write it (as Go's race detector
// sees them).
func (s *State) mapAccess(g *Goroutine, m *Map, write bool, cc *ssa.CallCommon, pos token.Pos) {
	if s.race == nil {
		return
	}
	if write && s.checkFx {
		s.checkWrite(mapWriteFx, "a map write by a builtin")
	}
	what := locName{name: "map"}
	if cc != nil && len(cc.Args) > 0 {
		what = locName{v: cc.Args[0], suffix: " (map)"}
	}
	s.access(g, m, write, nil, pos, what, nil)
}
