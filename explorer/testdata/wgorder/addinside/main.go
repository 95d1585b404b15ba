// The classic misuse: each goroutine adds itself to the WaitGroup, so
// main's Wait may return before some (or all) of them have started: the
// Adds race with the Wait, and the "waited" line may come before,
// between or after the goroutines' lines.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for i := range 2 {
		go func() {
			wg.Add(1)
			fmt.Println(i)
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Println("waited")
}
