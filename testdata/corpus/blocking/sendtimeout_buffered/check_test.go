package sendtimeout_buffered

import (
	"errors"
	"testing"
)

func TestFirstError(t *testing.T) {
	err := FirstError([]func() error{checkNet, checkDisk})
	if !errors.Is(err, errDisk) {
		t.Fatalf("FirstError = %v, want %v", err, errDisk)
	}
}
