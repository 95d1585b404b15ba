package gofanout

import "testing"

func TestCubes(t *testing.T) {
	var in []int
	want := 0
	for i := range 20 {
		in = append(in, i)
		want += i * i * i
	}
	sum := 0
	for _, v := range Cubes(in) {
		sum += v
	}
	if sum != want {
		t.Errorf("sum of cubes = %d, want %d", sum, want)
	}
}
