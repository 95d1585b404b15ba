// Package wgmisuse_addcount: RunAll adds len(tasks) to the WaitGroup up front
// but skips disabled tasks without starting a goroutine (or calling Done) for
// them. The counter never reaches zero, so RunAll blocks in wg.Wait forever
// after the enabled task finishes: a deadlock at wg.Wait.
package wgmisuse_addcount

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
	wg.Add(len(tasks))
	for _, tk := range tasks {
		if !tk.Enabled {
			continue // bug: counted in Add, but nobody will call Done
		}
		go func() {
			defer wg.Done()
			n := tk.Run()
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait() // want "deadlock"
	return total
}
