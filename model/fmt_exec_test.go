package model

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cmcheck/cmcheck/frontend"
	"github.com/stretchr/testify/require"
)

// fmtExecProgram exercises package fmt through the interpreter: methods
// of interpreted types (String, Error, GoString, Format, panicking ones),
// Errorf and wrapping, writers, the Append family. It prints no address.
const fmtExecProgram = `package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

type Point struct{ X, Y int }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type MyErr struct{ Code int }

func (e *MyErr) Error() string { return fmt.Sprintf("myerr %d", e.Code) }

type Boom struct{}

func (Boom) String() string { panic("boom") }

type ErrBoom struct{}

func (ErrBoom) Error() string { panic(errors.New("err boom")) }

type Idx struct{ s []int }

func (i Idx) String() string { return fmt.Sprint(i.s[5]) }

type NilOK struct{ n int }

func (p *NilOK) String() string { return fmt.Sprint(p.n) }

type Fmt struct{ v int }

func (f Fmt) Format(s fmt.State, verb rune) {
	w, ok := s.Width()
	fmt.Fprintf(s, "Fmt<%c %d %v %s %d>", verb, w, ok, fmt.FormatString(s, verb), f.v)
	io.WriteString(s, "!")
}

type GS struct{ a int }

func (GS) GoString() string { return "GS!" }

type Pair[K comparable, V any] struct {
	K K
	V V
}

type writer struct{ chunks []string }

func (w *writer) Write(b []byte) (int, error) {
	w.chunks = append(w.chunks, string(b))
	return len(b), nil
}

type failWriter struct{}

func (failWriter) Write(b []byte) (int, error) { return 1, errors.New("short") }

type Tree struct {
	Left, Right *Tree
	Val         int
	Tags        map[string][]string
}

func main() {
	fmt.Println("basics", 1, -2, 3.5, true, 'x', "s", nil, uint8(7), 1e100, complex(1, -2), float32(0.1))
	fmt.Print("a", "b", 1, 2, "c", 3, "\n")
	fmt.Printf("%5d|%-5s|%05.1f|%x|%X|%q|%U|%c|%t|%8.3e|%+d\n", 42, "go", 3.14159, "hi", 255, "quo\"te", 0x1F600, 'A', false, 12345.678, 7)
	p := Point{1, 2}
	fmt.Printf("%v %+v %#v %T\n", p, p, p, p)
	fmt.Printf("%v %+v %#v %T\n", &p, &p, []Point{p}, &p)
	fmt.Println(map[string]int{"z": 1, "a": 2, "m": 3}, map[int]bool{3: true, 1: false, 2: true})
	fmt.Printf("%v %d %s %v\n", Celsius(21.5), Celsius(3), []Celsius{1, 2}, map[Celsius]int{2: 1, 1: 2})
	var e error = &MyErr{3}
	fmt.Println(e, []error{e, nil})
	fmt.Printf("%v|%s|%d|%v\n", Boom{}, Boom{}, Boom{}, ErrBoom{})
	fmt.Printf("%v\n", Idx{[]int{1}})
	var np *NilOK
	fmt.Printf("%v %s\n", np, []*NilOK{np, {5}})
	fmt.Printf("%v|%+v|%-8.2x|%s\n", Fmt{1}, Fmt{2}, Fmt{3}, []Fmt{{4}})
	fmt.Printf("%#v %v %#v\n", GS{1}, GS{2}, []GS{{3}})
	fmt.Printf("%T %v %+v\n", Pair[string, int]{"a", 1}, Pair[string, []Point]{"b", []Point{p}}, Pair[Celsius, error]{1, e})
	fmt.Printf("%T\n", Pair[Point, map[string]Celsius]{})
	fmt.Printf("%d %s\n", "str", 5)
	fmt.Printf("%d %d\n", 1)
	fmt.Printf("%d\n", 1, 2, "x")
	fmt.Printf("%[2]d %[1]s %*d %.*f %!\n", "a", 2, 4, 7, 2, 3.14159)
	s := fmt.Sprintf("%03d-%s", 7, "x")
	s += fmt.Sprint("y", 1, 2, "z") + fmt.Sprintln("end", 3)
	fmt.Print(s)
	t := &Tree{Left: &Tree{Val: 1}, Val: 2, Tags: map[string][]string{"b": {"x"}, "a": nil}}
	fmt.Printf("%v %+v\n", *t.Left, t.Tags)

	inner := errors.New("inner")
	w1 := fmt.Errorf("one: %w", inner)
	w2 := fmt.Errorf("two: %w and %w", w1, e)
	w3 := fmt.Errorf("three: %v", inner)
	w4 := fmt.Errorf("plain")
	w5 := fmt.Errorf("bad %w", 42)
	w6 := fmt.Errorf("%[2]w %[1]w %[2]w", inner, e)
	fmt.Println(w1, "|", w2, "|", w3, "|", w4, "|", w5, "|", w6)
	fmt.Printf("%T %T %T %T %T %T\n", w1, w2, w3, w4, w5, w6)
	fmt.Println(errors.Is(w1, inner), errors.Is(w2, inner), errors.Is(w3, inner), errors.Unwrap(w1) == inner, errors.Unwrap(w2) == nil)
	var me *MyErr
	fmt.Println(errors.As(w2, &me), me.Code)
	if u, ok := w6.(interface{ Unwrap() []error }); ok {
		fmt.Println(len(u.Unwrap()), u.Unwrap()[0], u.Unwrap()[1])
	}
	fmt.Println(errors.Unwrap(w5) == nil, fmt.Errorf("nil: %w", nil))

	var sb strings.Builder
	n, err := fmt.Fprintf(&sb, "%d-%d", 1, 2)
	fmt.Println(sb.String(), n, err)
	var bb bytes.Buffer
	fmt.Fprint(&bb, "x", 1)
	fmt.Fprintln(&bb, "y")
	fmt.Printf("%q\n", bb.String())
	var w writer
	fmt.Fprintf(&w, "a%d", 1)
	fmt.Fprintln(&w, "b")
	fmt.Printf("%q\n", w.chunks)
	n, err = fmt.Fprint(failWriter{}, "abc")
	fmt.Println(n, err)
	fmt.Fprintln(os.Stderr, "to stderr", 1)
	fmt.Fprintf(os.Stdout, "to stdout %d\n", 2)
	n, err = fmt.Println("count")
	fmt.Println(n, err)

	b := fmt.Appendf([]byte("pre:"), "%d", 5)
	b = fmt.Append(b, " x", 1, 2)
	b = fmt.Appendln(b, "!")
	fmt.Printf("%s", b)
	fmt.Printf("%s %x % X %q %v\n", []byte("hi"), []byte("hi"), []byte{1, 171}, []byte("q"), []byte("ab"))
	var ns []int
	var nm map[string]int
	var ni any
	fmt.Printf("%v %v %v %#v %#v %d\n", ns, nm, ni, ns, nm, ni)
	type local struct{ a, B int }
	fmt.Printf("%v %+v %#v %T\n", local{1, 2}, local{1, 2}, local{1, 2}, []local{})
	fmt.Printf("%v %T\n", struct{ A []any }{[]any{1, "x", nil, Point{}}}, struct{ A []any }{})
	fmt.Printf("%08.3f|%-8d|%+.2e|% d|%x\n", -3.14159, 42, 12345.0, 5, -255)
	fmt.Printf("%6.2f%%\n", 99.5)
}
`

// TestFmtExec runs fmtExecProgram with the interpreter and with go run
// and compares their outputs.
func TestFmtExec(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(fmtExecProgram), 0o644))

	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	var wantOut, wantErr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &wantOut, &wantErr
	require.NoError(t, cmd.Run(), wantErr.String())

	prog, err := frontend.Load(frontend.Config{Dir: dir}, ".")
	require.NoError(t, err)
	var gotOut, gotErr bytes.Buffer
	res := New(prog.SSA).Exec(prog.Packages[0], ExecOptions{Stdout: &gotOut, Stderr: &gotErr})
	require.NoError(t, res.Failure)
	require.Equal(t, 0, res.ExitCode, gotErr.String())
	require.Equal(t, wantOut.String(), gotOut.String())
	require.Equal(t, wantErr.String(), gotErr.String())
}
