// A ring of three nodes passing two tokens twice around; main reports
// the order tokens came back.
package main

import "fmt"

func main() {
	const n = 3
	links := make([]chan int, n)
	for i := range links {
		links[i] = make(chan int)
	}
	back := make(chan int)
	for i := 1; i < n; i++ {
		go func() {
			for t := range links[i] {
				if i == n-1 {
					back <- t
				} else {
					links[i+1] <- t
				}
			}
		}()
	}
	go func() {
		for t := range links[0] {
			links[1] <- t
		}
	}()
	go func() { links[0] <- 1 }()
	go func() { links[0] <- 2 }()
	fmt.Println(<-back, <-back)
}
