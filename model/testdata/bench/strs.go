package main

func main() {
	s := ""
	for i := 0; i < 2000; i++ {
		s += string(rune('a' + i%26))
	}
	n := 0
	for k := 0; k < 20; k++ {
		for _, r := range s {
			if r == 'e' {
				n++
			}
		}
		b := []byte(s)
		for i := range b {
			b[i] ^= 1
		}
		s = string(b)
	}
	if n == 0 {
		panic("strs")
	}
}
