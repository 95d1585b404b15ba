// Goroutines that start goroutines; results meet on one channel.
package main

import "fmt"

func main() {
	out := make(chan string)
	go func() {
		go func() { out <- "inner" }()
		out <- "outer"
	}()
	go func() { out <- "side" }()
	fmt.Println(<-out, <-out, <-out)
}
