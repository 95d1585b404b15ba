// Package wgadd_crawl: Crawl fetches 20 pages at once, one goroutine per
// URL started in a loop, and records each page's size in a map under a
// mutex. The goroutines call wg.Add(1) themselves, after they start,
// instead of the loop calling it before each go statement: wg.Wait can run
// while the counter is still zero, return at once, and Crawl hands the map
// to its caller while the workers are still writing it. The caller's read
// races with the workers' writes and sees fewer pages than it asked for.
package wgadd_crawl

import (
	"strings"
	"sync"
)

// fetch stands for an HTTP GET: the page size depends on the URL.
func fetch(url string) int {
	return len(url)*10 + strings.Count(url, "/")
}

// Crawl returns the size of every page.
func Crawl(urls []string) map[string]int {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		sizes = make(map[string]int)
	)
	for _, u := range urls {
		go func() {
			wg.Add(1) // bug: must be called before the go statement
			defer wg.Done()
			n := fetch(u)
			mu.Lock()
			sizes[u] = n // want "data-race"
			mu.Unlock()
		}()
	}
	wg.Wait() // want "panic"
	return sizes
}
