package wgmisuse_addcount_fixed

import "testing"

func TestRunAllSkipsDisabled(t *testing.T) {
	tasks := []Task{
		{Name: "index", Enabled: true, Run: func() int { return 2 }},
		{Name: "backup", Enabled: false, Run: func() int { return 5 }},
	}
	if got := RunAll(tasks); got != 2 {
		t.Errorf("RunAll = %d, want 2", got)
	}
}
