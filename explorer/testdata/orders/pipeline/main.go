// A producer and two workers: which worker takes which job varies, and
// so does the order of the results.
package main

import "fmt"

func main() {
	jobs := make(chan int, 1)
	results := make(chan int)
	go func() {
		jobs <- 1
		jobs <- 2
		close(jobs)
	}()
	for w := range 2 {
		go func() {
			for j := range jobs {
				results <- 10*j + w
			}
		}()
	}
	fmt.Println(<-results, <-results)
}
