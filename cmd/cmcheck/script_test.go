package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestScripts runs the scripts in testdata/script/*.txtar. Each archive
// holds the files of a small module (written to a fresh directory, $WORK)
// and, in its comment, a script of one command per line:
//
//	cmcheck ARGS...      run cmcheck in $WORK
//	go ARGS...           run the go command in $WORK ($CMCHECK is the cmcheck binary)
//	exit N               the last command exited with status N
//	stdout NAME          its standard output is the archive's file want/NAME
//	stderr NAME          its standard error is the archive's file want/NAME
//	[!] grep RE WHERE    RE matches (does not match) stdout, stderr or the file WHERE
//	count N RE WHERE     RE matches N lines of WHERE
//	empty stdout|stderr  nothing was written there
//	sarif WHERE          stdout or the file WHERE passes the official SARIF 2.1.0 schema
//	[!] exists FILE      the file exists (does not)
//	cp SRC DST           copy a file in $WORK
//
// Arguments are split at spaces; 'single quotes' group. $WORK, $CMCHECK
// and $GOROOT in outputs stand for their values. Files under want/ are
// not written to $WORK. With -update, the want/ files that stdout and
// stderr compare against are rewritten from the actual output.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "script", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runScript(t, file)
		})
	}
}

func runScript(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	// Resolve symbolic links so that the directory cmcheck reports is
	// the one normalised.
	if w, err := filepath.EvalSymlinks(work); err == nil {
		work = w
	}
	want := make(map[string]*txtar.File)
	for i := range ar.Files {
		f := &ar.Files[i]
		if strings.HasPrefix(f.Name, "want/") {
			want[strings.TrimPrefix(f.Name, "want/")] = f
			continue
		}
		path := filepath.Join(work, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"GOWORK=off", "GOFLAGS=-mod=mod", "CMCHECK=" + env0.bin}
	var last *result
	updated := false
	norm := func(s string) string {
		s = strings.ReplaceAll(s, env0.bin, "$CMCHECK")
		s = strings.ReplaceAll(s, work, "$WORK")
		return normalise(s, "")
	}
	where := func(w string) string {
		if (w == "stdout" || w == "stderr") && last == nil {
			t.Fatalf("%s: no command ran", file)
		}
		switch w {
		case "stdout":
			return norm(last.stdout)
		case "stderr":
			return norm(last.stderr)
		}
		data, err := os.ReadFile(filepath.Join(work, w))
		if err != nil {
			t.Fatalf("%s: %v", w, err)
		}
		return norm(string(data))
	}
	for n, line := range strings.Split(string(ar.Comment), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lineno := n + 1
		fail := func(format string, args ...any) {
			t.Helper()
			msg := fmt.Sprintf("%s:%d: %s: %s", file, lineno, line, fmt.Sprintf(format, args...))
			if last != nil {
				msg += fmt.Sprintf("\n--- stdout:\n%s--- stderr:\n%s", last.stdout, last.stderr)
			}
			t.Fatal(msg)
		}
		neg := false
		if strings.HasPrefix(line, "! ") {
			neg = true
			line = strings.TrimSpace(line[2:])
		}
		args := splitArgs(line)
		if args[0] == "cmcheck" || args[0] == "go" {
			for i, a := range args {
				args[i] = strings.NewReplacer("$WORK", work, "$CMCHECK", env0.bin).Replace(a)
			}
		}
		need := func(n int) {
			if len(args) != n+1 {
				fail("want %d arguments", n)
			}
		}
		switch cmd := args[0]; cmd {
		case "cmcheck":
			r := runCmd(t, work, env, env0.bin, args[1:]...)
			last = &r
		case "go":
			r := runCmd(t, work, env, "go", args[1:]...)
			last = &r
		case "exit":
			need(1)
			code, err := strconv.Atoi(args[1])
			if err != nil {
				fail("bad status")
			}
			if last == nil {
				fail("no command ran")
			}
			if last.status != code {
				fail("exit status %d, want %d", last.status, code)
			}
		case "stdout", "stderr":
			need(1)
			got := where(cmd)
			f, ok := want[args[1]]
			if *update {
				if !ok {
					ar.Files = append(ar.Files, txtar.File{Name: "want/" + args[1]})
					f = &ar.Files[len(ar.Files)-1]
					want[args[1]] = f
				}
				f.Data = []byte(got)
				updated = true
				continue
			}
			if !ok {
				fail("no file want/%s in the archive (run with -update to create it)", args[1])
			}
			if got != string(f.Data) {
				fail("%s differs from want/%s (run with -update if intended)\n--- want:\n%s--- got:\n%s", cmd, args[1], f.Data, got)
			}
		case "grep":
			need(2)
			re, err := regexp.Compile("(?m)" + args[1])
			if err != nil {
				fail("%v", err)
			}
			if re.MatchString(where(args[2])) == neg {
				if neg {
					fail("%s matches %s", args[2], args[1])
				}
				fail("%s does not match %s", args[2], args[1])
			}
		case "count":
			need(3)
			want, err := strconv.Atoi(args[1])
			if err != nil {
				fail("bad count")
			}
			re, err := regexp.Compile("(?m)" + args[2])
			if err != nil {
				fail("%v", err)
			}
			if got := len(re.FindAllString(where(args[3]), -1)); got != want {
				fail("%d matches, want %d", got, want)
			}
		case "empty":
			need(1)
			if s := where(args[1]); s != "" {
				fail("%s is not empty", args[1])
			}
		case "sarif":
			need(1)
			var data []byte
			switch w := args[1]; {
			case w == "stdout" && last != nil:
				data = []byte(last.stdout)
			case w == "stdout" || w == "stderr":
				fail("want stdout or a file")
			default:
				d, err := os.ReadFile(filepath.Join(work, w))
				if err != nil {
					fail("%v", err)
				}
				data = d
			}
			if err := validateSARIF(t, data); err != nil {
				fail("%s: %v", args[1], err)
			}
		case "exists":
			need(1)
			_, err := os.Stat(filepath.Join(work, args[1]))
			if (err == nil) == neg {
				fail("exists: %v", err)
			}
		case "cp":
			need(2)
			data, err := os.ReadFile(filepath.Join(work, args[1]))
			if err != nil {
				fail("%v", err)
			}
			if err := os.WriteFile(filepath.Join(work, args[2]), data, 0o644); err != nil {
				fail("%v", err)
			}
		default:
			fail("unknown command %q", cmd)
		}
	}
	if *update && updated {
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// splitArgs splits a script line at spaces; 'single quotes' group.
func splitArgs(line string) []string {
	var args []string
	var cur bytes.Buffer
	quoted, inArg := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted = !quoted
			inArg = true
		case r == ' ' && !quoted:
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args
}
