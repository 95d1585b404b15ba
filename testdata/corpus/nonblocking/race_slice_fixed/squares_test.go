package race_slice_fixed

import "testing"

func TestSquares(t *testing.T) {
	got := Squares(4)
	for i, v := range got {
		if v != i*i {
			t.Errorf("Squares(4)[%d] = %d, want %d", i, v, i*i)
		}
	}
}
