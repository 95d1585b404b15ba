package range_notclosed

import "testing"

func TestSumSquares(t *testing.T) {
	if got := SumSquares([]int{1, 2}); got != 5 {
		t.Errorf("SumSquares = %d, want 5", got)
	}
}
