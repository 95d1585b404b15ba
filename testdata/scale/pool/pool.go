// Package pool: an image-thumbnail service's worker pool. Resize starts a
// fixed number of workers (12 in the test) that take jobs from a buffered
// queue, record each result in a map guarded by a mutex, and count the
// failures with an atomic counter; the caller fills the queue, closes it,
// and waits for the workers with a WaitGroup before reading the map.
// Correct: every job is processed exactly once and the map is read only
// after every worker has finished.
package pool

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Job struct {
	ID     int
	Width  int
	Height int
}

type Pool struct {
	mu      sync.Mutex
	thumbs  map[int]string
	failed  atomic.Int64
	workers int
}

func New(workers int) *Pool {
	return &Pool{thumbs: make(map[int]string), workers: workers}
}

func resize(j Job) (string, error) {
	if j.Width == 0 || j.Height == 0 {
		return "", fmt.Errorf("job %d: empty image", j.ID)
	}
	w, h := j.Width, j.Height
	for w > 64 || h > 64 {
		w, h = w/2, h/2
	}
	return fmt.Sprintf("%dx%d", w, h), nil
}

func (p *Pool) worker(jobs <-chan Job, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		thumb, err := resize(j)
		if err != nil {
			p.failed.Add(1)
			continue
		}
		p.mu.Lock()
		p.thumbs[j.ID] = thumb
		p.mu.Unlock()
	}
}

// Resize processes every job and returns the thumbnails by job ID and the
// number of jobs that failed.
func (p *Pool) Resize(batch []Job) (map[int]string, int) {
	jobs := make(chan Job, 4)
	var wg sync.WaitGroup
	for range p.workers {
		wg.Add(1)
		go p.worker(jobs, &wg)
	}
	for _, j := range batch {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	return p.thumbs, int(p.failed.Load())
}
