package main

import (
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// instantiate writes bench/program/main.go to out/main.go with the named
// constants replaced, and a go.mod, by the rules of
// shared/bench/instantiate.sh: every line "NAME = value // comment" (any
// indentation) becomes "NAME = newvalue // comment"; a constant that no
// line defines is an error; the result is gofmt'ed. bench is only read.
func instantiate(bench, program, out string, params []Param) error {
	src, err := os.ReadFile(filepath.Join(bench, program, "main.go"))
	if err != nil {
		return err
	}
	text := string(src)
	for _, p := range params {
		re, err := regexp.Compile(`(?m)^([ \t]*)` + regexp.QuoteMeta(p.Name) + `([ \t]*)=[^/\n]*(//.*)?$`)
		if err != nil {
			return err
		}
		if !re.MatchString(text) {
			return fmt.Errorf("no constant %s in %s", p.Name, program)
		}
		text = re.ReplaceAllString(text, fmt.Sprintf("${1}%s${2}= %d ${3}", p.Name, p.Value))
	}
	formatted, err := format.Source([]byte(text))
	if err != nil {
		return fmt.Errorf("instantiating %s: %v", program, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "main.go"), formatted, 0o644); err != nil {
		return err
	}
	gomod := filepath.Join(out, "go.mod")
	if _, err := os.Stat(gomod); err == nil {
		return nil
	}
	return os.WriteFile(gomod, []byte(fmt.Sprintf("module %s\n\ngo 1.26\n", program)), 0o644)
}

// findBenchDir returns ../shared/bench relative to the root of the module
// that contains the working directory.
func findBenchDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && strings.Contains(string(data), "module github.com/cmcheck/cmcheck") {
			b := filepath.Join(filepath.Dir(d), "shared", "bench")
			if _, err := os.Stat(b); err != nil {
				return "", fmt.Errorf("no benchmark programs at %s (use -bench-dir)", b)
			}
			return b, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%s is not inside the cmcheck module; use -bench-dir", dir)
		}
	}
}
