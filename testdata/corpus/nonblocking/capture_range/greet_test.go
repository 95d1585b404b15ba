package capture_range

import "testing"

func TestGreetAll(t *testing.T) {
	got := greetAll([]string{"ann", "bob"})
	seen := map[string]bool{}
	for _, g := range got {
		seen[g] = true
	}
	if !seen["hello ann"] || !seen["hello bob"] {
		t.Errorf("greetings = %v, want one for ann and one for bob", got) // want "test-failure"
	}
}
