package futures

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	const n = 32
	page := Render(n)
	if got := strings.Count(page, "<div"); got != n {
		t.Errorf("page has %d fragments, want %d", got, n)
	}
	if !strings.HasPrefix(page, `<div id="f0">`) || !strings.HasSuffix(page, `xxx</div>`) {
		t.Errorf("fragments out of order: %.40s...", page)
	}
}
