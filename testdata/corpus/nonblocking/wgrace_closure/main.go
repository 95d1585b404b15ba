// Command wgrace_closure: the summary goroutine calls wg.Add(1) itself, so
// main's wg.Wait can run first, see a zero counter and return before the
// goroutine has even started. main then reads report while the goroutine
// writes it: a data race.
package main

import (
	"fmt"
	"strconv"
	"sync"
)

func summarize(xs []int) string {
	total := 0
	for _, x := range xs {
		total += x
	}
	return "total=" + strconv.Itoa(total)
}

func main() {
	var wg sync.WaitGroup
	var report string
	xs := []int{3, 4}
	go func() {
		wg.Add(1)
		defer wg.Done()
		report = summarize(xs) // want "data-race"
	}()
	wg.Wait()
	fmt.Println(report)
}
