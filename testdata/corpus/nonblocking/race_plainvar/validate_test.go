package race_plainvar

import "testing"

func TestValidateRejects(t *testing.T) {
	if err := Validate([]string{"4", "four", "IV"}); err == nil {
		t.Fatal("Validate accepted non-numeric input")
	}
}
