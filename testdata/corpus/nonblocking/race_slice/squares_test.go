package race_slice

import "testing"

func TestSquares(t *testing.T) {
	got := Squares(4)
	for i, v := range got {
		if v != i*i {
			t.Errorf("Squares(4)[%d] = %d, want %d", i, v, i*i)
		}
	}
}
