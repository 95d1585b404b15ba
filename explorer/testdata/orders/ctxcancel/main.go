// Two workers stop on a context's cancellation; each reports how far it
// got.
package main

import (
	"context"
	"fmt"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan string, 2)
	for _, name := range []string{"a", "b"} {
		go func() {
			n := 0
			for range 2 {
				select {
				case <-ctx.Done():
					out <- fmt.Sprint(name, n)
					return
				default:
					n++
				}
			}
			out <- fmt.Sprint(name, n)
		}()
	}
	cancel()
	fmt.Println(<-out, <-out)
}
