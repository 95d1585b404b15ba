package model

import (
	"fmt"
	"go/token"
)

// runtimeError is a Go run-time error (index out of range, nil map write,
// ...) raised inside the interpreter. It becomes a panic of the
// interpreted goroutine whose value is a runtime.Error.
type runtimeError struct {
	msg   string
	plain bool // message without the "runtime error: " prefix
}

func (e *runtimeError) Error() string {
	if e.plain {
		return e.msg
	}
	return "runtime error: " + e.msg
}

func runtimeErrorf(format string, args ...any) *runtimeError {
	return &runtimeError{msg: fmt.Sprintf(format, args...)}
}

func plainErrorf(format string, args ...any) *runtimeError {
	return &runtimeError{msg: fmt.Sprintf(format, args...), plain: true}
}

func divideError() *runtimeError { return runtimeErrorf("integer divide by zero") }

func nilDeref() *runtimeError {
	return runtimeErrorf("invalid memory address or nil pointer dereference")
}

// goPanic carries a panic of the interpreted program through native Go
// code (a native function that panics, or a callback into interpreted
// code that panicked).
type goPanic struct {
	val Value // the panic value, an Iface
}

// exitError carries os.Exit through native code.
type exitError struct{ code int }

// UnsupportedError says that the program uses something cmcheck cannot
// model; the entry point is then reported unsupported, with the position.
type UnsupportedError struct {
	What string
	Pos  token.Position
}

func (e *UnsupportedError) Error() string {
	if e.Pos.IsValid() {
		return fmt.Sprintf("%s: unsupported: %s", e.Pos, e.What)
	}
	return "unsupported: " + e.What
}

func unsupportedf(format string, args ...any) *UnsupportedError {
	return &UnsupportedError{What: fmt.Sprintf(format, args...)}
}

// InternalError is a bug in cmcheck.
type InternalError struct {
	Msg string
	Pos token.Position
}

func (e *InternalError) Error() string {
	if e.Pos.IsValid() {
		return fmt.Sprintf("%s: internal error: %s", e.Pos, e.Msg)
	}
	return "internal error: " + e.Msg
}

func internalErrorf(format string, args ...any) *InternalError {
	return &InternalError{Msg: fmt.Sprintf(format, args...)}
}

// LimitError says that an execution hit a bound (instructions between two
// visible operations, steps, ...): the exploration is then incomplete.
type LimitError struct {
	Limit string // which bound: "instructions", "steps", ...
	Msg   string
	Pos   token.Position
}

func (e *LimitError) Error() string {
	if e.Pos.IsValid() {
		return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
	}
	return e.Msg
}
