// Package frontend loads Go packages for cmcheck: it runs go/packages,
// builds the SSA form of the program with golang.org/x/tools/go/ssa, and
// finds the entry points to explore.
//
// # Limits
//
// Only part of the program gets function bodies:
//
//   - Every package outside GOROOT (the user's packages and their
//     third-party dependencies) is type-checked in full and built to SSA
//     with bodies.
//   - Standard-library packages listed by [stdlib.FromSource] (context,
//     strings, strconv, sort, ...) are treated the same way.
//   - Every other standard-library package (sync, time, fmt, runtime, os,
//     ...) is reduced to its declarations: function bodies are removed, and
//     so are the initial values of package-level variables (or their
//     elements, where the value gives the variable its type). It is
//     type-checked (so its types, constants, and function signatures are
//     exact) and gets an SSA package whose functions, init included, have
//     no blocks: package model implements them natively, or reports the
//     entry point as unsupported. Its variables start as zero values.
//
// Type errors in stripped packages ("missing function body", "imported and
// not used") are expected and ignored; errors anywhere else are reported.
//
// cgo is disabled (CGO_ENABLED=0) unless the environment or Config.Env
// sets CGO_ENABLED: cmcheck cannot run C, and cgo processing would make go
// list invoke a C compiler.
// A package that is itself loaded from GOROOT, such as "sync" named on
// the command line, is stripped too, so it yields no entry points.
//
// # How loading works
//
// go/packages runs go list once and then parses and type-checks every
// package of the import graph from source, in parallel. Its ParseFile hook
// decides by file name which files lose their bodies: a file under
// $GOROOT/src belongs to the package whose import path is its directory
// relative to $GOROOT/src. To save parsing too, the bodies are blanked out
// of the source text before it is parsed (GOROOT is gofmt-formatted, so a
// line starting with "func" starts a declaration; positions are kept).
// Loading the standard library with bodies would take several seconds;
// without them it takes a few hundred milliseconds.
//
// With Config.Tests, go list also returns test variants: a package p with
// in-package tests is compiled a second time, with its _test.go files, as
// "p [p.test]"; its external tests form "p_test [p.test]"; and the
// generated "p.test" main package runs them. The variant replaces p among
// the roots ([Program.Packages]); the generated main package is dropped.
// Each distinct package of the graph (a variant is distinct from the
// original: it has its own types.Package) gets exactly one SSA package.
// When both p and its variant are in the graph, both have SSA packages
// with the same path, and [ssa.Program.ImportedPackage] returns either:
// use [Entry.Pkg] instead.
//
// Each file is type-checked at its own Go version: the module's, or the
// one of a //go:build constraint that lowers it (so a go1.21 file has
// loop variables shared between iterations).
//
// # Entry points
//
// An entry point is one of:
//
//   - a function TestXxx(t *testing.T) declared in a _test.go file;
//   - the function main of a package main (not of a generated test main);
//   - a top-level, non-generic function without parameters or results
//     whose doc comment has a line that is exactly //cmcheck:entry.
//
// A //cmcheck:entry marker on any other function is reported as a
// diagnostic. [Program.NoEntries] reports root packages without entries.
//
// This package has no compatibility promise.
package frontend
