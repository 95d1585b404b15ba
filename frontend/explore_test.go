package frontend

import (
	"os"
	"testing"
)

func TestExplore(t *testing.T) {
	dir := os.Getenv("EXPLORE_DIR")
	if dir == "" {
		t.Skip()
	}
	for range 2 {
		p, err := Load(Config{Dir: dir, Tests: true}, os.Getenv("EXPLORE_PAT"))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%+v", p.Stats)
	}
}
