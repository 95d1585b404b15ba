// A producer hands two items to a consumer through a Cond; a second
// consumer competes for them.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	var items []int
	got := make(chan string, 2)
	for _, name := range []string{"a", "b"} {
		go func() {
			mu.Lock()
			for len(items) == 0 {
				c.Wait()
			}
			v := items[0]
			items = items[1:]
			mu.Unlock()
			got <- fmt.Sprint(name, v)
		}()
	}
	for i := range 2 {
		mu.Lock()
		items = append(items, i)
		mu.Unlock()
		c.Signal()
	}
	fmt.Println(<-got, <-got)
}
