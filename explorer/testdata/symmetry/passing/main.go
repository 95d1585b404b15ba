// Two identical players pass a ball back and forth until it reaches 4;
// the one that sees 4 reports it and stops, the other is left waiting.
package main

import "fmt"

func main() {
	ball := make(chan int)
	done := make(chan int)
	for range 2 {
		go func() {
			for {
				v := <-ball
				if v >= 4 {
					done <- v
					return
				}
				ball <- v + 1
			}
		}()
	}
	ball <- 0
	fmt.Println(<-done)
}
