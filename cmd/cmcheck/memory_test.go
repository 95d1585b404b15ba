package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// philosophers writes a dining-philosophers program with n philosophers
// (a state explosion) into a new module.
func philosophers(t *testing.T, n int) string {
	dir := t.TempDir()
	src := strings.ReplaceAll(`package main

import "sync"

const N = NPHIL

func main() {
	forks := make([]sync.Mutex, N)
	var wg sync.WaitGroup
	wg.Add(N)
	for i := 0; i < N; i++ {
		go func() {
			defer wg.Done()
			for r := 0; r < 2; r++ {
				first, second := i, (i+1)%N
				if i == N-1 {
					first, second = second, first
				}
				forks[first].Lock()
				forks[second].Lock()
				forks[second].Unlock()
				forks[first].Unlock()
			}
		}()
	}
	wg.Wait()
}
`, "NPHIL", string(rune('0'+n)))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module philo\n\ngo 1.26\n"), 0o644))
	return dir
}

// TestMemoryBound drives a state explosion with a -max-memory below what
// loading the program alone takes (so the bound is always hit), and
// checks that the search stops gracefully as incomplete, naming the bound,
// with the process's peak RSS within the bound plus the runtime's own
// footprint.
func TestMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("explores until the memory bound")
	}
	dir := philosophers(t, 8)
	cmd := exec.Command(env0.bin, "-max-memory", "8MiB", "-timeout", "30s", ".")
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	text := string(out)
	require.Contains(t, text, "incomplete", text)
	usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	require.True(t, ok)
	peak := usage.Maxrss * 1024 // bytes on Linux
	t.Logf("peak RSS %d MiB; %s", peak>>20, strings.TrimSpace(text))
	require.Contains(t, text, "memory bound", text)
	{
		require.Less(t, peak, int64(8<<20)+int64(192<<20), "peak RSS beyond the bound plus the runtime's footprint")
	}
}
