#!/usr/bin/env bash
# racecompare.sh — compare Go's race detector with cmcheck on the corpus.
#
# For every package of testdata/corpus (buggy programs and their fixed
# twins) it runs the package 100 times under the race detector (go test
# -race -count=100 -timeout 120s for packages with tests; the -race build of
# a package main run 100 times; n/a for //cmcheck:entry packages, which have
# nothing to run) and cmcheck once, and prints a Markdown table of what each
# found to stdout. Progress goes to stderr; the raw outputs are kept in a
# temporary directory (or -logs DIR).
#
# Usage, from anywhere in the repository:
#   scripts/racecompare.sh [-j 2] [-count 100] [-timeout 120s] [-only REGEXP] > table.md
# Extra flags are passed to scripts/racecompare.go (see the flags there).
# Deadlocking tests run into their timeout, so a full run takes a while
# (about half an hour on 2 cores).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/racecompare-bin.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/cmcheck" ./cmd/cmcheck
go run ./scripts/racecompare.go -corpus testdata/corpus -cmcheck "$tmp/cmcheck" "$@"
