// Package wgmisuse_addcount_fixed is the corrected twin of wgmisuse_addcount.
// RunAll used to Add len(tasks) although skipped tasks never call Done. The
// fix adds 1 right before each goroutine it actually starts.
package wgmisuse_addcount_fixed

import "sync"

type Task struct {
	Name    string
	Enabled bool
	Run     func() int
}

func RunAll(tasks []Task) int {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
	)
	for _, tk := range tasks {
		if !tk.Enabled {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := tk.Run()
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}
