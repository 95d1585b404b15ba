package scatter

import "testing"

func TestSquares(t *testing.T) {
	var in []int
	want := 0
	for i := range 20 {
		in = append(in, i)
		want += i * i
	}
	sum := 0
	for _, v := range Squares(in) {
		sum += v
	}
	if sum != want {
		t.Errorf("sum of squares = %d, want %d", sum, want)
	}
}
