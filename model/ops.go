package model

import (
	"go/token"
	"go/types"
	"strings"
	"unicode/utf8"
)

type integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

type float interface{ ~float32 | ~float64 }

func intBinop[T integer](op token.Token, x, y T) Value {
	switch op {
	case token.ADD:
		return x + y
	case token.SUB:
		return x - y
	case token.MUL:
		return x * y
	case token.QUO:
		if y == 0 {
			panic(divideError())
		}
		return x / y
	case token.REM:
		if y == 0 {
			panic(divideError())
		}
		return x % y
	case token.AND:
		return x & y
	case token.OR:
		return x | y
	case token.XOR:
		return x ^ y
	case token.AND_NOT:
		return x &^ y
	case token.EQL:
		return x == y
	case token.NEQ:
		return x != y
	case token.LSS:
		return x < y
	case token.LEQ:
		return x <= y
	case token.GTR:
		return x > y
	case token.GEQ:
		return x >= y
	}
	panic(internalErrorf("bad integer operator %s", op))
}

func floatBinop[T float](op token.Token, x, y T) Value {
	switch op {
	case token.ADD:
		return x + y
	case token.SUB:
		return x - y
	case token.MUL:
		return x * y
	case token.QUO:
		return x / y
	case token.EQL:
		return x == y
	case token.NEQ:
		return x != y
	case token.LSS:
		return x < y
	case token.LEQ:
		return x <= y
	case token.GTR:
		return x > y
	case token.GEQ:
		return x >= y
	}
	panic(internalErrorf("bad float operator %s", op))
}

func complexBinop[T complex64 | complex128](op token.Token, x, y T) Value {
	switch op {
	case token.ADD:
		return x + y
	case token.SUB:
		return x - y
	case token.MUL:
		return x * y
	case token.QUO:
		return x / y
	case token.EQL:
		return x == y
	case token.NEQ:
		return x != y
	}
	panic(internalErrorf("bad complex operator %s", op))
}

func stringBinop(op token.Token, x, y string) Value {
	switch op {
	case token.ADD:
		return x + y
	case token.EQL:
		return x == y
	case token.NEQ:
		return x != y
	case token.LSS:
		return x < y
	case token.LEQ:
		return x <= y
	case token.GTR:
		return x > y
	case token.GEQ:
		return x >= y
	}
	panic(internalErrorf("bad string operator %s", op))
}

func shift[T integer](op token.Token, x T, s uint64) Value {
	if op == token.SHL {
		return x << s
	}
	return x >> s
}

// shiftCount returns y as an unsigned shift count, panicking as Go does for
// a negative one.
func shiftCount(y Value) uint64 {
	switch y := y.(type) {
	case int:
		if y < 0 {
			panic(runtimeErrorf("negative shift amount"))
		}
		return uint64(y)
	case int8:
		if y < 0 {
			panic(runtimeErrorf("negative shift amount"))
		}
		return uint64(y)
	case int16:
		if y < 0 {
			panic(runtimeErrorf("negative shift amount"))
		}
		return uint64(y)
	case int32:
		if y < 0 {
			panic(runtimeErrorf("negative shift amount"))
		}
		return uint64(y)
	case int64:
		if y < 0 {
			panic(runtimeErrorf("negative shift amount"))
		}
		return uint64(y)
	}
	return toUint64(y)
}

func (it *Interp) binop(op token.Token, x, y Value) Value {
	if op == token.SHL || op == token.SHR {
		s := shiftCount(y)
		switch x := x.(type) {
		case int:
			return shift(op, x, s)
		case int8:
			return shift(op, x, s)
		case int16:
			return shift(op, x, s)
		case int32:
			return shift(op, x, s)
		case int64:
			return shift(op, x, s)
		case uint:
			return shift(op, x, s)
		case uint8:
			return shift(op, x, s)
		case uint16:
			return shift(op, x, s)
		case uint32:
			return shift(op, x, s)
		case uint64:
			return shift(op, x, s)
		case uintptr:
			return shift(op, x, s)
		}
		panic(internalErrorf("shift of %T", x))
	}
	switch x := x.(type) {
	case int:
		return intBinop(op, x, y.(int))
	case int8:
		return intBinop(op, x, y.(int8))
	case int16:
		return intBinop(op, x, y.(int16))
	case int32:
		return intBinop(op, x, y.(int32))
	case int64:
		return intBinop(op, x, y.(int64))
	case uint:
		return intBinop(op, x, y.(uint))
	case uint8:
		return intBinop(op, x, y.(uint8))
	case uint16:
		return intBinop(op, x, y.(uint16))
	case uint32:
		return intBinop(op, x, y.(uint32))
	case uint64:
		return intBinop(op, x, y.(uint64))
	case uintptr:
		return intBinop(op, x, y.(uintptr))
	case float32:
		return floatBinop(op, x, y.(float32))
	case float64:
		return floatBinop(op, x, y.(float64))
	case complex64:
		return complexBinop(op, x, y.(complex64))
	case complex128:
		return complexBinop(op, x, y.(complex128))
	case string:
		return stringBinop(op, x, y.(string))
	}
	switch op {
	case token.EQL:
		return it.equal(x, y)
	case token.NEQ:
		return !it.equal(x, y)
	}
	panic(internalErrorf("binary %s on %T", op, x))
}

// equal reports x == y for two values of the same comparable type,
// panicking as Go does when interfaces hold an uncomparable type.
func (it *Interp) equal(x, y Value) bool {
	switch x := x.(type) {
	case Iface:
		y := y.(Iface)
		if x.T == nil || y.T == nil {
			return x.T == nil && y.T == nil
		}
		if x.T != y.T && !types.Identical(x.T, y.T) {
			return false
		}
		if !types.Comparable(x.T) {
			panic(runtimeErrorf("comparing uncomparable type %s", typeString(x.T)))
		}
		return it.equal(x.V, y.V)
	case Struct:
		y := y.(Struct)
		for i := range x {
			if !it.equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case Array:
		y := y.(Array)
		for i := range x {
			if !it.equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case *Value:
		return x == y.(*Value)
	case *Chan:
		return x == y.(*Chan)
	case *Map:
		// only comparison against nil is legal
		return x == y.(*Map)
	case *Closure:
		return x == y.(*Closure)
	case Slice:
		ys := y.(Slice)
		return x == nil && ys == nil
	case nil:
		return y == nil
	}
	return x == y
}

func (it *Interp) unop(op token.Token, x Value) Value {
	switch op {
	case token.NOT:
		return !x.(bool)
	case token.SUB:
		switch x := x.(type) {
		case int:
			return -x
		case int8:
			return -x
		case int16:
			return -x
		case int32:
			return -x
		case int64:
			return -x
		case uint:
			return -x
		case uint8:
			return -x
		case uint16:
			return -x
		case uint32:
			return -x
		case uint64:
			return -x
		case uintptr:
			return -x
		case float32:
			return -x
		case float64:
			return -x
		case complex64:
			return -x
		case complex128:
			return -x
		}
	case token.XOR:
		switch x := x.(type) {
		case int:
			return ^x
		case int8:
			return ^x
		case int16:
			return ^x
		case int32:
			return ^x
		case int64:
			return ^x
		case uint:
			return ^x
		case uint8:
			return ^x
		case uint16:
			return ^x
		case uint32:
			return ^x
		case uint64:
			return ^x
		case uintptr:
			return ^x
		}
	case token.MUL:
		p := x.(*Value)
		if p == nil {
			panic(nilDeref())
		}
		return copyVal(*p)
	}
	panic(internalErrorf("unary %s on %T", op, x))
}

// toUint64 returns the bits of an integer value, sign-extended.
func toUint64(v Value) uint64 {
	switch v := v.(type) {
	case int:
		return uint64(v)
	case int8:
		return uint64(v)
	case int16:
		return uint64(v)
	case int32:
		return uint64(v)
	case int64:
		return uint64(v)
	case uint:
		return uint64(v)
	case uint8:
		return uint64(v)
	case uint16:
		return uint64(v)
	case uint32:
		return uint64(v)
	case uint64:
		return v
	case uintptr:
		return uint64(v)
	}
	panic(internalErrorf("not an integer: %T", v))
}

// toInt returns an integer value as an int (for lengths and indices).
func toInt(v Value) int {
	switch v := v.(type) {
	case int:
		return v
	case uint64:
		if v > 1<<62 {
			return 1 << 62
		}
		return int(v)
	case uint:
		if v > 1<<62 {
			return 1 << 62
		}
		return int(v)
	case uintptr:
		if v > 1<<62 {
			return 1 << 62
		}
		return int(v)
	}
	return int(int64(toUint64(v)))
}

func isSigned(v Value) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64:
		return true
	}
	return false
}

// convert implements the Convert and MultiConvert instructions: x, of
// Go representation given by its dynamic type, converted to type t.
func (it *Interp) convert(x Value, t types.Type) Value {
	ut := t.Underlying()
	switch ut := ut.(type) {
	case *types.Basic:
		switch {
		case ut.Kind() == types.String:
			switch x := x.(type) {
			case string:
				return x
			case Slice: // []byte or []rune
				var sb strings.Builder
				for _, e := range x {
					switch e := e.(type) {
					case uint8:
						sb.WriteByte(e)
					case int32:
						sb.WriteRune(e)
					}
				}
				return sb.String()
			}
			if isSigned(x) {
				i := int64(toUint64(x))
				if i < 0 || i > utf8.MaxRune {
					return string(utf8.RuneError)
				}
				return string(rune(i))
			}
			u := toUint64(x)
			if u > utf8.MaxRune {
				return string(utf8.RuneError)
			}
			return string(rune(u))
		case ut.Kind() == types.UnsafePointer:
			switch x := x.(type) {
			case *Value:
				return x
			}
			panic(unsupportedf("conversion of integer to unsafe.Pointer"))
		case ut.Info()&types.IsInteger != 0:
			switch x := x.(type) {
			case float32:
				return floatToInt(ut.Kind(), float64(x))
			case float64:
				return floatToInt(ut.Kind(), x)
			case *Value:
				panic(unsupportedf("conversion of unsafe.Pointer to integer"))
			}
			return intOfKind(ut.Kind(), toUint64(x))
		case ut.Info()&types.IsFloat != 0:
			var f float64
			switch x := x.(type) {
			case float32:
				f = float64(x)
			case float64:
				f = x
			default:
				if isSigned(x) {
					f = float64(int64(toUint64(x)))
				} else {
					f = float64(toUint64(x))
				}
			}
			if ut.Kind() == types.Float32 {
				return float32(f)
			}
			return f
		case ut.Info()&types.IsComplex != 0:
			var c complex128
			switch x := x.(type) {
			case complex64:
				c = complex128(x)
			case complex128:
				c = x
			}
			if ut.Kind() == types.Complex64 {
				return complex64(c)
			}
			return c
		case ut.Kind() == types.Bool:
			return x
		}
	case *types.Slice:
		s, ok := x.(string)
		if !ok {
			return x // []T to []T via type parameters
		}
		switch ut.Elem().Underlying().(*types.Basic).Kind() {
		case types.Byte:
			b := make(Slice, len(s))
			for i := 0; i < len(s); i++ {
				b[i] = s[i]
			}
			return b
		case types.Rune:
			r := make(Slice, 0, len(s))
			for _, c := range s {
				r = append(r, c)
			}
			return r
		}
	case *types.Pointer:
		switch x := x.(type) {
		case *Value:
			return x
		}
	}
	return x
}

func floatToInt(k types.BasicKind, f float64) Value {
	switch k {
	case types.Int:
		return int(f)
	case types.Int8:
		return int8(f)
	case types.Int16:
		return int16(f)
	case types.Int32:
		return int32(f)
	case types.Int64:
		return int64(f)
	case types.Uint:
		return uint(f)
	case types.Uint8:
		return uint8(f)
	case types.Uint16:
		return uint16(f)
	case types.Uint32:
		return uint32(f)
	case types.Uint64:
		return uint64(f)
	case types.Uintptr:
		return uintptr(f)
	}
	panic(internalErrorf("bad float conversion to %v", k))
}

func typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
