package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("cmcheck", flag.ContinueOnError)
	execFile := fs.String("exec", "", "run `FILE.go` (or a main package) once under the evaluator, as go run would")
	maxSteps := fs.Int("max-steps", 10_000_000, "bound on visible operations in one execution")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *execFile != "" {
		return runExec(*execFile, os.Stdout, os.Stderr, *maxSteps)
	}
	fmt.Fprintln(os.Stderr, "cmcheck: exploration not implemented yet")
	return 1
}
