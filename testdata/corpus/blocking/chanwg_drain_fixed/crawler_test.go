package chanwg_drain_fixed

import "testing"

func TestCrawlCountsLinks(t *testing.T) {
	c := &Crawler{links: map[string][]string{
		"/":     {"/a", "/b"},
		"/docs": {"/docs/1"},
	}}
	if got := c.Run([]string{"/", "/docs"}); got != 3 {
		t.Errorf("Run = %d, want 3", got)
	}
}
