package model

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// printValue writes v as the print and println builtins do.
func printValue(sb *strings.Builder, v Value) {
	switch v := v.(type) {
	case nil:
		sb.WriteString("nil")
	case bool:
		sb.WriteString(strconv.FormatBool(v))
	case int, int8, int16, int32, int64:
		sb.WriteString(strconv.FormatInt(int64(toUint64(v)), 10))
	case uint, uint8, uint16, uint32, uint64, uintptr:
		sb.WriteString(strconv.FormatUint(toUint64(v), 10))
	case float32:
		printFloat(sb, float64(v))
	case float64:
		printFloat(sb, v)
	case complex64:
		sb.WriteByte('(')
		printFloat(sb, float64(real(v)))
		printFloat(sb, float64(imag(v)))
		sb.WriteString("i)")
	case complex128:
		sb.WriteByte('(')
		printFloat(sb, real(v))
		printFloat(sb, imag(v))
		sb.WriteString("i)")
	case string:
		sb.WriteString(v)
	case Slice:
		fmt.Fprintf(sb, "[%d/%d]%s", len(v), cap(v), addr(unsafe.Pointer(unsafe.SliceData(v))))
	case Iface:
		if v.T == nil {
			sb.WriteString("(0x0,0x0)")
			return
		}
		fmt.Fprintf(sb, "(%s,%s)", addr(unsafe.Pointer(&v.T)), addr(unsafe.Pointer(&v.V)))
	case *Value:
		sb.WriteString(addr(unsafe.Pointer(v)))
	case *Chan:
		sb.WriteString(addr(unsafe.Pointer(v)))
	case *Map:
		sb.WriteString(addr(unsafe.Pointer(v)))
	case *Closure:
		sb.WriteString(addr(unsafe.Pointer(v)))
	default:
		fmt.Fprintf(sb, "%v", v)
	}
}

func addr(p unsafe.Pointer) string {
	if p == nil {
		return "0x0"
	}
	return fmt.Sprintf("%#x", uintptr(p))
}

// printFloat writes f in the runtime's print format, +d.dddddde+ddd: seven
// significant digits and a three-digit exponent.
func printFloat(sb *strings.Builder, f float64) {
	switch {
	case f != f:
		sb.WriteString("NaN")
		return
	case f+f == f && f > 0:
		sb.WriteString("+Inf")
		return
	case f+f == f && f < 0:
		sb.WriteString("-Inf")
		return
	}
	const digits = 7
	sign := byte('+')
	exp := 0
	if f == 0 {
		if 1/f < 0 {
			sign = '-'
		}
	} else {
		if f < 0 {
			f = -f
			sign = '-'
		}
		for f >= 10 {
			exp++
			f /= 10
		}
		for f < 1 {
			exp--
			f *= 10
		}
		round := 5.0
		for i := 0; i < digits; i++ {
			round /= 10
		}
		f += round
		if f >= 10 {
			exp++
			f /= 10
		}
	}
	var d [digits]byte
	for i := range d {
		n := int(f)
		d[i] = byte(n + '0')
		f = (f - float64(n)) * 10
	}
	sb.WriteByte(sign)
	sb.WriteByte(d[0])
	sb.WriteByte('.')
	sb.Write(d[1:])
	sb.WriteByte('e')
	if exp < 0 {
		sb.WriteByte('-')
		exp = -exp
	} else {
		sb.WriteByte('+')
	}
	sb.WriteByte(byte(exp/100) + '0')
	sb.WriteByte(byte(exp/10%10) + '0')
	sb.WriteByte(byte(exp%10) + '0')
}
