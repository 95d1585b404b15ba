//go:build unix

package conformance

import (
	"os/exec"
	"syscall"
)

// killGroupOnCancel makes cmd start a new process group and kill the
// whole group when its context is done, so that the program started by
// `go run` dies with it.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
