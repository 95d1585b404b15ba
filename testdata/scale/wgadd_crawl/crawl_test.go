package wgadd_crawl

import (
	"fmt"
	"testing"
)

func TestCrawl(t *testing.T) {
	var urls []string
	want := 0
	for i := range 20 {
		u := fmt.Sprintf("https://example.com/page/%d", i)
		urls = append(urls, u)
		want += fetch(u)
	}
	total := 0
	for _, n := range Crawl(urls) {
		total += n
	}
	if total != want {
		t.Errorf("Crawl fetched %d bytes, want %d", total, want) // want "test-failure"
	}
}
