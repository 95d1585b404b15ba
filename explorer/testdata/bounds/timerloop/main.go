// A worker waits for each job with a time.NewTimer it stops after the
// select, and a time.AfterFunc logs each job: once stopped, or fired,
// and dropped, neither timer can be seen again.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	jobs := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			t := time.NewTimer(50 * time.Millisecond)
			select {
			case j, ok := <-jobs:
				t.Stop()
				if !ok {
					return
				}
				time.AfterFunc(time.Millisecond, func() { _ = j })
			case <-t.C:
			}
		}
	}()
	for i := 0; i < 2; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	fmt.Println("done")
}
