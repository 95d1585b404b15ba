package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeOutput writes what render produces to the file path, or to stdout
// if path is empty or "-". The file is written atomically: render writes
// a temporary file beside it, which then replaces path. Nothing but path
// is ever replaced, and path is left untouched if render fails.
func writeOutput(path string, stdout io.Writer, render func(io.Writer) error) (err error) {
	if path == "" || path == "-" {
		return render(stdout)
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("-o %s: not a regular file", path)
		}
		mode = fi.Mode().Perm() // keep the permissions of the file replaced
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("-o %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := render(tmp); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
