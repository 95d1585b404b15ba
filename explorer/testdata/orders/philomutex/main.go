// Three philosophers with mutex forks, each eating once; the order they
// ate in is printed.
package main

import (
	"fmt"
	"sync"
)

func main() {
	const n = 3
	var forks [n]sync.Mutex
	eaten := make(chan int, n)
	for i := range n {
		go func() {
			forks[i].Lock()
			forks[(i+1)%n].Lock()
			eaten <- i
			forks[i].Unlock()
			forks[(i+1)%n].Unlock()
		}()
	}
	fmt.Print(<-eaten)
	fmt.Print(<-eaten)
	fmt.Println(<-eaten)
}
