package main

func main() {
	m := make(map[int]int)
	for i := 0; i < 50000; i++ {
		m[i*7] = i
	}
	sum := 0
	for i := 0; i < 100000; i++ {
		sum += m[i]
	}
	words := map[string]int{}
	for i := 0; i < 20000; i++ {
		k := string(rune('a'+i%26)) + string(rune('a'+i%7))
		words[k]++
	}
	if len(words) != 182 || sum == 0 {
		panic("maps")
	}
}
