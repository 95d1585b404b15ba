#!/usr/bin/env bash
# xsync.sh: run cmcheck on real code nobody here wrote: the packages of
# golang.org/x/sync (errgroup, semaphore, singleflight, syncmap) with their
# tests, and print one line per test function: verdict, the bound or
# construct behind it, executions, time.
#
#   scripts/xsync.sh                 # the pinned version, 60 s per test
#   XSYNC_VERSION=latest scripts/xsync.sh
#   XSYNC_TIMEOUT=10s XSYNC_KEEP=/tmp/xsync scripts/xsync.sh
#
# The module comes from the Go module proxy (go mod download) and is
# copied to a temporary directory (the module cache is read-only). The
# packages are explored once, with -format json; the full text report
# (findings with their traces, -stats) is rendered from that JSON and
# printed first, then the table. With XSYNC_KEEP set, the copy,
# report.json and report.txt are left in that directory (replay a finding
# with: cmcheck -C $XSYNC_KEEP/sync -replay $XSYNC_KEEP/report.json -finding N -v).
set -euo pipefail

version=${XSYNC_VERSION:-v0.25.0}
timeout=${XSYNC_TIMEOUT:-60s}
# XSYNC_FLAGS: more cmcheck flags, e.g. XSYNC_FLAGS=-fair-time
packages=(./errgroup ./semaphore ./singleflight ./syncmap)

root=$(cd "$(dirname "$0")/.." && pwd)
if [[ -n "${XSYNC_KEEP:-}" ]]; then
	work=$XSYNC_KEEP
	rm -rf "$work"
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
fi

# Download (or find in the module cache) and copy the module.
info=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "golang.org/x/sync@$version")
dir=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
resolved=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Version": "\(.*\)",*$/\1/p')
if [[ -z "$dir" ]]; then
	echo "xsync.sh: go mod download gave no directory:" >&2
	printf '%s\n' "$info" >&2
	exit 1
fi
cp -r "$dir" "$work/sync"
chmod -R u+w "$work/sync"

(cd "$root" && go build -o "$work/cmcheck" ./cmd/cmcheck)

echo "golang.org/x/sync@$resolved, cmcheck -timeout $timeout, packages ${packages[*]}"
echo
# One exploration, saved as JSON; the text report is rendered from it.
# Exit status 3 means bugs were found: not a failure of this script.
set +e
# shellcheck disable=SC2086 # XSYNC_FLAGS is a list of flags
"$work/cmcheck" -C "$work/sync" -format json -o "$work/report.json" -timeout "$timeout" ${XSYNC_FLAGS:-} "${packages[@]}"
status=$?
set -e
if [[ $status -ne 0 && $status -ne 3 ]]; then
	echo "xsync.sh: cmcheck failed (exit status $status)" >&2
	exit 1
fi
"$work/cmcheck" -format text -stats -fail-on none -from "$work/report.json" | tee "$work/report.txt"

# The table, from the JSON report (a standalone Go program: no jq needed).
mkdir -p "$work/table"
cat >"$work/table/main.go" <<'EOF'
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

type report struct {
	Entries []struct {
		Name    string `json:"name"`
		Verdict string `json:"verdict"`
		Reason  string `json:"reason"`
		Stats   struct {
			Executions int   `json:"executions"`
			WallTimeNS int64 `json:"wallTimeNs"`
		} `json:"stats"`
		Findings []struct {
			Kind string `json:"kind"`
		} `json:"findings"`
	} `json:"entries"`
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var r report
	if err := json.Unmarshal(data, &r); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("| test | verdict | findings | bound or construct | executions | time |")
	fmt.Println("| --- | --- | --- | --- | ---: | ---: |")
	counts := map[string]int{}
	for _, e := range r.Entries {
		counts[e.Verdict]++
		kinds := map[string]int{}
		for _, f := range e.Findings {
			kinds[f.Kind]++
		}
		var ks []string
		for k, n := range kinds {
			ks = append(ks, fmt.Sprintf("%d %s", n, k))
		}
		sort.Strings(ks)
		name := e.Name[strings.LastIndex(e.Name, "/")+1:]
		reason := strings.ReplaceAll(e.Reason, "|", "\\|")
		fmt.Printf("| %s | %s | %s | %s | %d | %s |\n", name, e.Verdict, strings.Join(ks, ", "), reason,
			e.Stats.Executions, time.Duration(e.Stats.WallTimeNS).Round(time.Millisecond))
	}
	fmt.Printf("\n%d tests: %d bug, %d verified, %d incomplete, %d unsupported\n",
		len(r.Entries), counts["bug"], counts["verified"], counts["incomplete"], counts["unsupported"])
}
EOF
echo
(cd "$work/table" && GOFLAGS= go run main.go "$work/report.json")
