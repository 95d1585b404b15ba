package model

import (
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// Types whose formatting is compared with the real fmt.

type fmtTPoint struct {
	X, Y int
}

type fmtTNested struct {
	Name  string
	P     *fmtTPoint
	Pts   []fmtTPoint
	M     map[string]int
	Any   any
	Err   error
	inner fmtTPoint
	b     []byte
}

type fmtTCelsius float64

type fmtTStringer struct{ N int }

func (s fmtTStringer) String() string { return fmt.Sprintf("S<%d>", s.N) }

type fmtTPtrStringer struct{ N int }

func (s *fmtTPtrStringer) String() string { return fmt.Sprintf("P<%d>", s.N) }

type fmtTErr struct{ Code int }

func (e fmtTErr) Error() string  { return fmt.Sprintf("error %d", e.Code) }
func (e fmtTErr) String() string { return "not used: Error wins" }

type fmtTGo struct{ A int }

func (g fmtTGo) GoString() string { return "GO!" }

type fmtTPanicky struct{ msg string }

func (p fmtTPanicky) String() string { panic(p.msg) }

type fmtTNilSafe struct{ N int }

func (p *fmtTNilSafe) String() string {
	if p == nil {
		return "nil-safe"
	}
	return "ok"
}

type fmtTValueStringer int

func (v fmtTValueStringer) String() string { return fmt.Sprintf("V%d", int(v)) }

type fmtTFormatter struct{ N int }

func (f fmtTFormatter) Format(s fmt.State, verb rune) {
	w, wok := s.Width()
	p, pok := s.Precision()
	fmt.Fprintf(s, "F(%c,%d,%v,%d,%v,%v%v%v)", verb, w, wok, p, pok, s.Flag('+'), s.Flag('#'), s.Flag('-'))
	fmt.Fprintf(s, "[%d]", f.N)
}

type fmtTList struct {
	Val  int
	Next *fmtTList
}

type fmtTBytes []byte
type fmtTMyByte byte
type fmtTStrings []string
type fmtTMap map[string]fmtTPoint

type fmtTEmbed struct {
	fmtTPoint
	*fmtTStringer
	Label string
}

type fmtTHidden struct {
	s fmtTStringer
	e error
	S fmtTStringer
}

type fmtTKey struct {
	A string
	B int
}

// fmtPtrRE matches addresses, which differ between the real and the
// modelled values.
var fmtPtrRE = regexp.MustCompile(`0x[0-9a-f]{5,}|0X[0-9A-F]{5,}`)

// fmtAddrRE matches addresses in any base, with or without 0x.
var fmtAddrRE = regexp.MustCompile(` *(0x)?[0-9a-fA-F]{6,} *`)

// fmtCheckf compares the model's Sprintf with the real one.
func fmtCheckf(t *testing.T, format string, args ...any) {
	t.Helper()
	fmtCheckfRE(t, fmtPtrRE, format, args...)
}

// fmtCheckfAddr is fmtCheckf for operands whose addresses are printed in
// any base (%d, %#p of pointers).
func fmtCheckfAddr(t *testing.T, format string, args ...any) {
	t.Helper()
	fmtCheckfRE(t, fmtAddrRE, format, args...)
}

func fmtCheckfRE(t *testing.T, addrs *regexp.Regexp, format string, args ...any) {
	t.Helper()
	want := fmt.Sprintf(format, args...)
	cv := newFmtConv(t)
	p := newFmtPrinter(fmtTestEnv{cv})
	p.doPrintf(format, cv.args(args))
	got := string(p.buf)
	want, got = addrs.ReplaceAllString(want, "ADDR"), addrs.ReplaceAllString(got, "ADDR")
	require.Equal(t, want, got, "Sprintf(%q, %#v)", format, args)
}

// fmtCheck compares the model's Sprint and Sprintln with the real ones.
func fmtCheck(t *testing.T, args ...any) {
	t.Helper()
	cv := newFmtConv(t)
	for _, ln := range []bool{false, true} {
		p := newFmtPrinter(fmtTestEnv{cv})
		var want string
		if ln {
			want = fmt.Sprintln(args...)
			p.doPrintln(cv.args(args))
		} else {
			want = fmt.Sprint(args...)
			p.doPrint(cv.args(args))
		}
		got := string(p.buf)
		want, got = fmtPtrRE.ReplaceAllString(want, "0xPTR"), fmtPtrRE.ReplaceAllString(got, "0xPTR")
		require.Equal(t, want, got, "Sprint(ln=%v)(%#v)", ln, args)
	}
}

func TestFmtIntegers(t *testing.T) {
	values := []any{0, 1, -1, 42, -42, math.MaxInt64, math.MinInt64, int8(-128), int16(300), int32(-7), int64(1 << 40),
		uint(7), uint8(255), uint16(65535), uint32(1 << 31), uint64(math.MaxUint64), uintptr(0xdead), 'x', 0x1F600}
	verbs := []string{"%v", "%d", "%+d", "% d", "%5d", "%-5d|", "%05d", "%-05d|", "%.3d", "%8.3d", "%x", "%X", "%#x",
		"%#X", "%o", "%#o", "%O", "%b", "%#b", "%c", "%q", "%+q", "%#q", "%U", "%#U", "%#v", "%+v", "%010x", "%#08x",
		"% x", "%.0d", "%5.0d", "%e", "%s", "%t", "%p", "%!", "%z"}
	for _, v := range values {
		for _, verb := range verbs {
			fmtCheckf(t, verb, v)
		}
	}
}

func TestFmtFloats(t *testing.T) {
	values := []any{0.0, 1.0, -1.5, 3.141592653589793, 1e21, 1e-7, 123456789.0, float32(0.1), float32(1e10),
		math.Inf(1), math.Inf(-1), math.NaN(), math.Copysign(0, -1), 2.5e-310}
	verbs := []string{"%v", "%g", "%G", "%e", "%E", "%f", "%F", "%.2f", "%8.3f", "%-8.3f|", "%08.3f", "%+.2e", "% f",
		"%#g", "%#.3g", "%x", "%X", "%b", "%#v", "%+v", "%10v", "%.0f", "%#.0f", "%d", "%s", "%010.2f", "%+010.2f"}
	for _, v := range values {
		for _, verb := range verbs {
			fmtCheckf(t, verb, v)
		}
	}
}

func TestFmtComplex(t *testing.T) {
	for _, v := range []any{complex(1, 2), complex64(complex(-1.5, 0.25)), complex(math.Inf(1), math.NaN())} {
		for _, verb := range []string{"%v", "%g", "%.2f", "%+.1e", "%8.2f", "%#v", "%d", "%x"} {
			fmtCheckf(t, verb, v)
		}
	}
}

func TestFmtStringsAndBools(t *testing.T) {
	values := []any{"", "hello", "héllo, 世界", "tab\there", "quote\"back`", "\x00\xff", true, false}
	verbs := []string{"%v", "%s", "%q", "%+q", "%#q", "%x", "% x", "%X", "% #x", "%#x", "%-10s|", "%10.3s", "%.2q",
		"%10q", "%#v", "%+v", "%d", "%t", "%5t", "%-7v|", "%010s", "%.1x", "%c", "%T"}
	for _, v := range values {
		for _, verb := range verbs {
			fmtCheckf(t, verb, v)
		}
	}
}

func TestFmtByteSlices(t *testing.T) {
	values := []any{[]byte("hi\x01"), []byte(nil), []byte{}, fmtTBytes("ab"), [3]byte{'a', 'b', 'c'},
		[]fmtTMyByte{65, 66}, &[2]byte{1, 2}, []uint8{255}, struct{ B []byte }{[]byte("x")}}
	verbs := []string{"%v", "%d", "%s", "%q", "%x", "% X", "%#x", "%#v", "%+v", "%o", "%c", "%5v", "%-4d|", "%T", "%t", "%10s"}
	for _, v := range values {
		for _, verb := range verbs {
			fmtCheckf(t, verb, v)
		}
	}
}

func TestFmtComposites(t *testing.T) {
	pt := &fmtTPoint{1, 2}
	list := &fmtTList{1, &fmtTList{2, nil}}
	nested := fmtTNested{
		Name: "n", P: pt, Pts: []fmtTPoint{{3, 4}, {5, 6}}, M: map[string]int{"b": 2, "a": 1},
		Any: fmtTPoint{7, 8}, Err: fmtTErr{3}, inner: fmtTPoint{9, 9}, b: []byte("z"),
	}
	values := []any{
		fmtTPoint{1, 2}, pt, &pt, list, nested, &nested, []fmtTPoint{{1, 2}}, []*fmtTPoint{pt, nil},
		[]any{1, "a", nil, 2.5, pt, fmtTPoint{}}, [2]bool{true}, [0]int{}, []int(nil), []int{}, fmtTStrings{"x", "y"},
		map[string]int{"z": 26, "a": 1, "m": 13}, map[int]string{3: "c", -1: "z", 10: "j"}, map[string]int(nil),
		map[float64]bool{math.NaN(): true, 1.5: false, -2: true, math.Inf(1): true},
		map[bool]int{true: 1, false: 0}, map[fmtTKey]int{{"b", 1}: 1, {"a", 2}: 2, {"a", 1}: 3},
		map[[2]int]string{{2, 1}: "x", {1, 9}: "y"}, map[any]int{2: 1, 1: 2, nil: 0},
		fmtTMap{"p": {1, 2}}, &map[string]int{"k": 1}, &[]int{1}, struct{}{}, struct{ A, b int }{1, 2},
		struct {
			A any
			E error
		}{}, fmtTEmbed{fmtTPoint{1, 2}, nil, "l"}, fmtTEmbed{fmtTPoint{1, 2}, &fmtTStringer{3}, "l"},
		fmtTHidden{fmtTStringer{1}, fmtTErr{2}, fmtTStringer{3}}, &fmtTHidden{},
		[][]int{{1}, nil, {2, 3}}, map[string][]int{"a": {1}}, fmtTCelsius(21.5), []fmtTCelsius{1.5},
		time.Duration(90) * time.Second, []time.Duration{time.Millisecond},
	}
	verbs := []string{"%v", "%+v", "%#v", "%d", "%s", "%x", "%5v", "%T", "%q", "%.1f", "%08.3v"}
	for _, v := range values {
		for _, verb := range verbs {
			fmtCheckfAddr(t, verb, v)
		}
		fmtCheck(t, v)
	}
}

func TestFmtPointerLike(t *testing.T) {
	x := 5
	ch := make(chan int)
	f := func() {}
	values := []any{&x, (*int)(nil), ch, (chan int)(nil), f, (func())(nil), unsafe.Pointer(&x), unsafe.Pointer(nil),
		(*fmtTPoint)(nil), []int{1}, map[int]int{1: 1}, (<-chan string)(nil), []chan int{ch, nil}, []*int{&x},
		struct{ P *int }{&x}, struct{ F func() }{}}
	verbs := []string{"%v", "%p", "%#p", "%+v", "%#v", "%d", "%x", "%X", "%s", "%20p", "%-20v|", "%t", "%o", "%b", "%T"}
	for _, v := range values {
		for _, verb := range verbs {
			fmtCheckfAddr(t, verb, v)
		}
		fmtCheck(t, v)
	}
}

func TestFmtMethods(t *testing.T) {
	values := []any{
		fmtTStringer{1}, &fmtTStringer{2}, []fmtTStringer{{3}}, map[fmtTStringer]fmtTStringer{{1}: {2}},
		fmtTPtrStringer{4}, &fmtTPtrStringer{5}, []*fmtTPtrStringer{{6}}, []fmtTPtrStringer{{7}},
		fmtTErr{8}, &fmtTErr{9}, []error{fmtTErr{10}, nil}, fmtTGo{1}, []fmtTGo{{2}}, &fmtTGo{3},
		fmtTPanicky{"boom"}, []any{fmtTPanicky{"inner"}}, (*fmtTStringer)(nil), (*fmtTNilSafe)(nil), &fmtTNilSafe{},
		fmtTValueStringer(3), []fmtTValueStringer{4, 5}, map[string]fmtTValueStringer{"a": 6},
		errors.New("plain"), fmt.Errorf("wrapped: %w", io.EOF), time.Second, fmtTFormatter{7}, []fmtTFormatter{{8}},
		&fmtTFormatter{9}, struct{ S fmt.Stringer }{fmtTStringer{10}}, struct{ s fmt.Stringer }{fmtTStringer{11}},
		fmtTPanicky{""}, struct{ P fmtTPanicky }{fmtTPanicky{"deep"}},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10v", "%-10s|", "%.2s", "%T", "%+#8.3v", "%w"}
	for _, v := range values {
		for _, verb := range verbs {
			fmtCheckfAddr(t, verb, v)
		}
		fmtCheck(t, v)
	}
}

func TestFmtNil(t *testing.T) {
	var err error
	var s fmt.Stringer
	for _, verb := range []string{"%v", "%+v", "%#v", "%d", "%s", "%T", "%p", "%5v", "%-6v|", "%x", "%q"} {
		fmtCheckf(t, verb, nil)
		fmtCheckf(t, verb, err)
		fmtCheckf(t, verb, s)
		fmtCheckf(t, verb, []any{nil})
		fmtCheckf(t, verb, []error{nil})
	}
	fmtCheck(t, nil, nil)
	fmtCheck(t, nil, 1, nil)
}

func TestFmtFormatErrors(t *testing.T) {
	cases := []struct {
		format string
		args   []any
	}{
		{"%d", []any{"hi"}},
		{"%d %d", []any{1}},
		{"%d", []any{1, "a", nil, 2.5}},
		{"no verbs", []any{1}},
		{"%", nil},
		{"%-", nil},
		{"%5", []any{1}},
		{"%!", []any{1}},
		{"%%", nil},
		{"%5%", nil},
		{"100%", nil},
		{"%[2]d %[1]d", []any{1, 2}},
		{"%[2]d", []any{1, 2}},
		{"%[3]d", []any{1, 2}},
		{"%[0]d", []any{1}},
		{"%[x]d", []any{1}},
		{"%[1]d %d %d", []any{1, 2}},
		{"%[2]*[1]d", []any{12, 5}},
		{"%*d", []any{5, 42}},
		{"%-*d|", []any{5, 42}},
		{"%*d|", []any{-5, 42}},
		{"%.*f", []any{2, math.Pi}},
		{"%.*f", []any{-2, math.Pi}},
		{"%*.*f", []any{8, 3, math.Pi}},
		{"%*d", []any{"x", 42}},
		{"%.*d", []any{"x", 42}},
		{"%*d", []any{uint8(3), 42}},
		{"%*d", []any{int64(1e7), 42}},
		{"%*d", []any{fmtTCelsius(3), 42}},
		{"%[1]*d", []any{3}},
		{"%[3]2d", []any{1, 2, 3}},
		{"%[2].2f", []any{1, 2.0}},
		{"%.[2]*f|%[1]*.[2]*[3]f", []any{6, 2, math.E}},
		{"%d %s", []any{fmtTStringer{1}, fmtTStringer{2}}},
		{"%v %v", []any{fmtTPoint{}, nil}},
		{"%.", []any{1}},
		{"%.d", []any{0}},
		{"%08.d|%-08d|%+08d|%+-8d|%x", []any{5, 5, 5, 5, -255}},
		{"%v", []any{[]any{1, []any{2, "x"}}}},
		{"%s %d", []any{[]any{"a", 1}, []any{"a", 1}}},
		{"%w", []any{io.EOF}},
		{"%w %v", []any{1, 2}},
		{"%ĉ", []any{1}},
		{"%[1]v %[1]T %[1]q", []any{"s"}},
		{"%6.2v|%-6.2v|", []any{"abcdef", 3.14159}},
		{"%v", []any{struct {
			A int
			B string
		}{1, "x"}}},
	}
	for _, c := range cases {
		fmtCheckf(t, c.format, c.args...)
	}
}

func TestFmtPrintSpacing(t *testing.T) {
	fmtCheck(t)
	fmtCheck(t, "a", "b", 1, 2, "c", 3.5, true, fmtTCelsius(1), "d", []string{"x"}, nil, 'r')
	fmtCheck(t, 1, 2)
	fmtCheck(t, "a", 1, "b")
	fmtCheck(t, fmtTStringer{1}, fmtTStringer{2})
}

func TestFmtTypeString(t *testing.T) {
	values := []any{
		[]any{}, []byte{}, []rune{}, map[string]int{}, func(int, ...string) (int, error) { return 0, nil }, func() {},
		func() int { return 0 }, struct {
			A int
			b string
		}{}, struct{}{}, make(chan int), make(<-chan int), make(chan<- int), make(chan (<-chan int)),
		make(chan<- (<-chan int)), make(chan (chan<- int)), make(<-chan <-chan int), unsafe.Pointer(nil), [3]uintptr{},
		struct{ io.Reader }{}, struct {
			A int `json:"a"`
		}{}, errors.New("x"), complex64(0), []interface {
			io.Reader
			M()
		}{}, struct{ f func(x int) (y int) }{}, [][2]*fmtTPoint{}, map[fmtTPoint][]chan bool{}, (*any)(nil),
		fmtTEmbed{}, []error{}, []fmt.Stringer{}, struct{ _ int }{},
	}
	for _, v := range values {
		fmtCheckf(t, "%T", v)
		fmtCheckf(t, "%10.5T|%-40T|", v, v)
	}
}

func TestFmtTypeStringGeneric(t *testing.T) {
	main := types.NewPackage("example.com/m", "main")
	sub := types.NewPackage("example.com/m/sub", "sub")
	tpkg := types.NewPackage("time", "time")
	mkGeneric := func(pkg *types.Package, name string, nparams int) *types.Named {
		var tparams []*types.TypeParam
		var fields []*types.Var
		for i := range nparams {
			tn := types.NewTypeName(token.NoPos, pkg, fmt.Sprintf("T%d", i), nil)
			tp := types.NewTypeParam(tn, types.NewInterfaceType(nil, nil))
			tparams = append(tparams, tp)
			fields = append(fields, types.NewField(token.NoPos, pkg, fmt.Sprintf("f%d", i), tp, false))
		}
		n := types.NewNamed(types.NewTypeName(token.NoPos, pkg, name, nil), types.NewStruct(fields, nil), nil)
		n.SetTypeParams(tparams)
		return n
	}
	inst := func(g *types.Named, args ...types.Type) types.Type {
		t2, err := types.Instantiate(nil, g, args, true)
		require.NoError(t, err)
		return t2
	}
	g := mkGeneric(main, "G", 2)
	subG := mkGeneric(sub, "G", 1)
	mainT := types.NewNamed(types.NewTypeName(token.NoPos, main, "T", nil), types.NewStruct(nil, nil), nil)
	subT := types.NewNamed(types.NewTypeName(token.NoPos, sub, "T", nil), types.NewStruct(nil, nil), nil)
	dur := types.NewNamed(types.NewTypeName(token.NoPos, tpkg, "Duration", nil), types.Typ[types.Int64], nil)
	anyT := types.Universe.Lookup("any").Type()
	// Expected strings are those the real toolchain prints (checked with go run).
	cases := map[string]types.Type{
		"main.G[int,string]":                    inst(g, types.Typ[types.Int], types.Typ[types.String]),
		"main.G[example.com/m/sub.T,main.T]":    inst(g, subT, mainT),
		"sub.G[time.Duration]":                  inst(subG, dur),
		"sub.G[[]example.com/m/sub.T]":          inst(subG, types.NewSlice(subT)),
		"main.G[interface {},interface {}]":     inst(g, anyT, types.NewInterfaceType(nil, nil)),
		"*main.G[uint8,int32]":                  types.NewPointer(inst(g, types.Universe.Lookup("byte").Type(), types.Universe.Lookup("rune").Type())),
		"interface {}":                          anyT,
		"[]interface { M(); main.m() }":         types.NewSlice(types.NewInterfaceType([]*types.Func{fmtTestMethod(main, "m"), fmtTestMethod(main, "M")}, nil).Complete()),
		"[]interface { example.com/m/sub.x() }": types.NewSlice(types.NewInterfaceType([]*types.Func{fmtTestMethod(sub, "x")}, nil).Complete()),
	}
	for want, typ := range cases {
		require.Equal(t, want, fmtTypeString(typ))
	}
}

func fmtTestMethod(pkg *types.Package, name string) *types.Func {
	return types.NewFunc(token.NoPos, pkg, name, types.NewSignatureType(nil, nil, nil, nil, nil, false))
}

// TestFmtRecursion checks values that refer to themselves.
func TestFmtRecursion(t *testing.T) {
	l := &fmtTList{Val: 1}
	l.Next = l
	s := []any{1}
	s = append(s, &s)
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		fmtCheckfAddr(t, verb, l)
		fmtCheckfAddr(t, verb, s)
	}
}

func TestFmtLongStrings(t *testing.T) {
	long := strings.Repeat("ab", 100)
	fmtCheckf(t, "%s|%q|%x|%.50s|%200.3s|", long, long, long, long, long)
}

// TestFmtSelfContaining checks that a value containing itself other than
// through a pointer ends the run with Go's stack overflow, not cmcheck's.
func TestFmtSelfContaining(t *testing.T) {
	anySlice := types.NewSlice(types.Universe.Lookup("any").Type())
	s := Slice{nil}
	s[0] = Iface{T: anySlice, V: s}
	p := newFmtPrinter(fmtTestEnv{newFmtConv(t)})
	defer func() {
		f, ok := recover().(*fatalError)
		require.True(t, ok)
		require.Equal(t, "stack overflow", f.msg)
	}()
	p.doPrint([]Iface{{T: anySlice, V: s}})
	t.Fatal("no stack overflow")
}
