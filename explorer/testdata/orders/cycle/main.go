// A ping-pong loop whose states repeat, stopped by closing a channel:
// where it stopped is printed.
package main

import "fmt"

func main() {
	ping, pong := make(chan bool), make(chan bool)
	quit := make(chan bool)
	go func() {
		for {
			select {
			case v := <-ping:
				pong <- !v
			case <-quit:
				return
			}
		}
	}()
	res := make(chan string, 1)
	go func() {
		v, i := true, 0
		for {
			select {
			case ping <- v:
				v = <-pong
				i = (i + 1) % 3
			case <-quit:
				res <- fmt.Sprint(v, i)
				return
			}
		}
	}()
	close(quit)
	fmt.Println(<-res)
}
