package model

import (
	"math"
	"strings"
	"time"
	"unicode"
)

func durationString(d int64) string { return time.Duration(d).String() }

// leafNatives implements leaf functions of packages interpreted from
// source that are written in assembly or rely on the runtime
// (internal/bytealg, math) and the unicode tables.
func leafNatives(nat map[string]nativeFn) {
	str := func(v Value) string { return v.(string) }
	bs := func(v Value) []byte {
		s := v.(Slice)
		b := make([]byte, len(s))
		for i, x := range s {
			b[i] = x.(uint8)
		}
		return b
	}
	nat["internal/bytealg.IndexByteString"] = func(c *NativeCall) Value {
		return strings.IndexByte(str(c.args[0]), c.args[1].(uint8))
	}
	nat["internal/bytealg.IndexByte"] = func(c *NativeCall) Value {
		for i, x := range c.args[0].(Slice) {
			if x.(uint8) == c.args[1].(uint8) {
				return i
			}
		}
		return -1
	}
	nat["internal/bytealg.LastIndexByteString"] = func(c *NativeCall) Value {
		return strings.LastIndexByte(str(c.args[0]), c.args[1].(uint8))
	}
	nat["internal/bytealg.LastIndexByte"] = func(c *NativeCall) Value {
		s := c.args[0].(Slice)
		for i := len(s) - 1; i >= 0; i-- {
			if s[i].(uint8) == c.args[1].(uint8) {
				return i
			}
		}
		return -1
	}
	nat["internal/bytealg.CountString"] = func(c *NativeCall) Value {
		return strings.Count(str(c.args[0]), string([]byte{c.args[1].(uint8)}))
	}
	nat["internal/bytealg.Count"] = func(c *NativeCall) Value {
		n := 0
		for _, x := range c.args[0].(Slice) {
			if x.(uint8) == c.args[1].(uint8) {
				n++
			}
		}
		return n
	}
	nat["internal/bytealg.IndexString"] = func(c *NativeCall) Value {
		return strings.Index(str(c.args[0]), str(c.args[1]))
	}
	nat["internal/bytealg.Index"] = func(c *NativeCall) Value {
		return strings.Index(string(bs(c.args[0])), string(bs(c.args[1])))
	}
	nat["internal/bytealg.Cutover"] = func(c *NativeCall) Value { return (toInt(c.args[0]) + 15) / 16 }
	nat["internal/bytealg.Equal"] = func(c *NativeCall) Value { return string(bs(c.args[0])) == string(bs(c.args[1])) }
	nat["internal/bytealg.Compare"] = func(c *NativeCall) Value {
		return strings.Compare(string(bs(c.args[0])), string(bs(c.args[1])))
	}
	nat["internal/bytealg.CompareString"] = func(c *NativeCall) Value {
		return strings.Compare(str(c.args[0]), str(c.args[1]))
	}
	nat["internal/bytealg.MakeNoZero"] = func(c *NativeCall) Value {
		return makeSlice(nil, toInt(c.args[0]), toInt(c.args[0]))
	}
	nat["internal/bytealg.init"] = func(c *NativeCall) Value { return nil }
	nat["internal/abi.NoEscape"] = func(c *NativeCall) Value { return c.args[0] }
	nat["internal/abi.Escape"] = func(c *NativeCall) Value { return c.args[0] }

	f1 := map[string]func(float64) float64{
		"Sqrt": math.Sqrt, "Abs": math.Abs, "Floor": math.Floor, "Ceil": math.Ceil, "Trunc": math.Trunc,
		"Round": math.Round, "RoundToEven": math.RoundToEven, "Exp": math.Exp, "Exp2": math.Exp2,
		"Expm1": math.Expm1, "Log": math.Log, "Log2": math.Log2, "Log10": math.Log10, "Log1p": math.Log1p,
		"Sin": math.Sin, "Cos": math.Cos, "Tan": math.Tan, "Asin": math.Asin, "Acos": math.Acos,
		"Atan": math.Atan, "Sinh": math.Sinh, "Cosh": math.Cosh, "Tanh": math.Tanh, "Cbrt": math.Cbrt,
		"Gamma": math.Gamma, "Erf": math.Erf, "Erfc": math.Erfc, "Asinh": math.Asinh, "Acosh": math.Acosh, "Atanh": math.Atanh,
		"Logb": math.Logb,
	}
	for name, f := range f1 {
		nat["math."+name] = func(c *NativeCall) Value { return f(c.args[0].(float64)) }
	}
	f2 := map[string]func(float64, float64) float64{
		"Pow": math.Pow, "Atan2": math.Atan2, "Hypot": math.Hypot, "Mod": math.Mod, "Max": math.Max,
		"Min": math.Min, "Dim": math.Dim, "Remainder": math.Remainder, "Copysign": math.Copysign,
		"Nextafter": math.Nextafter,
	}
	for name, f := range f2 {
		nat["math."+name] = func(c *NativeCall) Value { return f(c.args[0].(float64), c.args[1].(float64)) }
	}
	nat["math.Inf"] = func(c *NativeCall) Value { return math.Inf(c.args[0].(int)) }
	nat["math.NaN"] = func(c *NativeCall) Value { return math.NaN() }
	nat["math.IsNaN"] = func(c *NativeCall) Value { return math.IsNaN(c.args[0].(float64)) }
	nat["math.IsInf"] = func(c *NativeCall) Value { return math.IsInf(c.args[0].(float64), c.args[1].(int)) }
	nat["math.Signbit"] = func(c *NativeCall) Value { return math.Signbit(c.args[0].(float64)) }
	nat["math.Float64bits"] = func(c *NativeCall) Value { return math.Float64bits(c.args[0].(float64)) }
	nat["math.Float64frombits"] = func(c *NativeCall) Value { return math.Float64frombits(c.args[0].(uint64)) }
	nat["math.Float32bits"] = func(c *NativeCall) Value { return math.Float32bits(c.args[0].(float32)) }
	nat["math.Float32frombits"] = func(c *NativeCall) Value { return math.Float32frombits(c.args[0].(uint32)) }
	nat["math.Frexp"] = func(c *NativeCall) Value {
		f, e := math.Frexp(c.args[0].(float64))
		return Tuple{f, e}
	}
	nat["math.Ldexp"] = func(c *NativeCall) Value { return math.Ldexp(c.args[0].(float64), c.args[1].(int)) }
	nat["math.Modf"] = func(c *NativeCall) Value {
		i, f := math.Modf(c.args[0].(float64))
		return Tuple{i, f}
	}
	nat["math.Sincos"] = func(c *NativeCall) Value {
		s, co := math.Sincos(c.args[0].(float64))
		return Tuple{s, co}
	}
	nat["math.FMA"] = func(c *NativeCall) Value {
		return math.FMA(c.args[0].(float64), c.args[1].(float64), c.args[2].(float64))
	}
	nat["math.Ilogb"] = func(c *NativeCall) Value { return math.Ilogb(c.args[0].(float64)) }
	nat["math.init"] = func(c *NativeCall) Value { return nil }

	r1 := map[string]func(rune) bool{
		"IsSpace": unicode.IsSpace, "IsUpper": unicode.IsUpper, "IsLower": unicode.IsLower,
		"IsLetter": unicode.IsLetter, "IsDigit": unicode.IsDigit, "IsNumber": unicode.IsNumber,
		"IsPunct": unicode.IsPunct, "IsPrint": unicode.IsPrint, "IsGraphic": unicode.IsGraphic,
		"IsControl": unicode.IsControl, "IsTitle": unicode.IsTitle, "IsSymbol": unicode.IsSymbol,
		"IsMark": unicode.IsMark,
	}
	for name, f := range r1 {
		nat["unicode."+name] = func(c *NativeCall) Value { return f(c.args[0].(int32)) }
	}
	r2 := map[string]func(rune) rune{
		"ToUpper": unicode.ToUpper, "ToLower": unicode.ToLower, "ToTitle": unicode.ToTitle,
		"SimpleFold": unicode.SimpleFold,
	}
	for name, f := range r2 {
		nat["unicode."+name] = func(c *NativeCall) Value { return f(c.args[0].(int32)) }
	}
	nat["unicode.init"] = func(c *NativeCall) Value { return nil }
}
