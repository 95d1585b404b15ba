//go:build !unix

package conformance

import "os/exec"

// killGroupOnCancel leaves cmd's default cancellation (kill the process)
// in place: process groups are a Unix notion.
func killGroupOnCancel(*exec.Cmd) {}
