package logfan

import "testing"

func TestSquares(t *testing.T) {
	sum := 0
	for _, v := range Squares(8) {
		sum += v
	}
	if sum != 140 {
		t.Errorf("sum of squares = %d, want 140", sum)
	}
}
