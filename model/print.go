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
		printFloat(sb, float64(v), 32)
	case float64:
		printFloat(sb, v, 64)
	case complex64:
		sb.WriteString(strconv.FormatComplex(complex128(v), 'g', -1, 64))
	case complex128:
		sb.WriteString(strconv.FormatComplex(v, 'g', -1, 128))
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

// printFloat writes f as the runtime's print does since Go 1.26: the
// shortest decimal that reads back as the same value.
func printFloat(sb *strings.Builder, f float64, bits int) {
	sb.WriteString(strconv.FormatFloat(f, 'g', -1, bits))
}
