package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMEExamples checks that the outputs the README shows are what
// cmcheck prints: the leak example in full, and the two findings shown
// of the bank example line for line, in order.
func TestREADMEExamples(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The fenced blocks of the README, in order.
	var blocks []string
	var cur []string
	in := false
	for _, line := range strings.Split(string(readme), "\n") {
		switch {
		case strings.HasPrefix(line, "```") && in:
			blocks = append(blocks, strings.Join(cur, "\n")+"\n")
			in = false
		case strings.HasPrefix(line, "```"):
			cur, in = nil, true
		case in:
			cur = append(cur, line)
		}
	}
	block := func(marker string) string {
		for _, b := range blocks {
			if strings.HasPrefix(b, marker) {
				return b
			}
		}
		t.Fatalf("README has no output block starting with %q", marker)
		return ""
	}
	examples := filepath.Join("..", "..", "testdata", "examples")

	leak := runCmd(t, examples, nil, env0.bin, "./leak")
	if leak.status != 3 {
		t.Errorf("leak example: exit status %d, want 3", leak.status)
	}
	if want := block("leak/fetch.go:17:10"); leak.stdout != want {
		t.Errorf("README's leak output differs from cmcheck's:\n--- README\n%s--- cmcheck\n%s", want, leak.stdout)
	}

	bank := runCmd(t, examples, nil, env0.bin, "./bank", "./bank_fixed")
	if bank.status != 3 {
		t.Errorf("bank example: exit status %d, want 3", bank.status)
	}
	got := strings.Split(bank.stdout, "\n")
	k := 0
	for _, line := range strings.Split(strings.TrimSuffix(block("bank/account.go:16:5: atomicity"), "\n"), "\n") {
		for k < len(got) && got[k] != line {
			k++
		}
		if k == len(got) {
			t.Fatalf("README's bank output has a line cmcheck does not print (in that order):\n%s\n--- cmcheck\n%s", line, bank.stdout)
		}
		k++
	}
}
