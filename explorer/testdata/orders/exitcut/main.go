// A goroutine's panic ends the program: main's print comes before it or
// never. The panic is pending longer than the print, so the search
// meets it first; the print that it cuts off has to be tried before it.
package main

import (
	"fmt"
	"sync"
)

func main() {
	ch := make(chan int)
	var mu sync.Mutex
	go func() {
		<-ch
		panic("boom")
	}()
	ch <- 1
	mu.Lock()
	fmt.Println("sent")
	select {}
}
