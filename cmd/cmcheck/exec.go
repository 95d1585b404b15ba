package main

import (
	"fmt"
	"io"

	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// runExec implements -exec: run a main package once under the evaluator.
func runExec(target string, stdout, stderr io.Writer, maxSteps int) int {
	prog, err := frontend.Load(frontend.Config{}, target)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	var mainPkg *frontend.Program = prog
	for _, p := range mainPkg.Packages {
		if p.Pkg.Name() == "main" && p.Func("main") != nil {
			it := model.New(prog.SSA)
			res := it.Exec(p, model.ExecOptions{Stdout: stdout, Stderr: stderr, MaxSteps: maxSteps})
			if res.Failure != nil {
				fmt.Fprintf(stderr, "cmcheck: %v\n", res.Failure)
			}
			return res.ExitCode
		}
	}
	fmt.Fprintf(stderr, "cmcheck: -exec: %s has no package main with a main function\n", target)
	return 1
}
