// Two tickers of different periods; the receiver keeps the instants the
// ticks carry and prints the gaps between the ones it got before main
// stopped it.
package main

import (
	"fmt"
	"time"
)

func main() {
	a := time.NewTicker(10 * time.Millisecond)
	b := time.NewTicker(15 * time.Millisecond)
	done := make(chan struct{})
	res := make(chan []time.Duration)
	go func() {
		var last time.Time
		var gaps []time.Duration
		for len(gaps) < 3 {
			var v time.Time
			select {
			case v = <-a.C:
			case v = <-b.C:
			case <-done:
				res <- gaps
				return
			}
			if !last.IsZero() {
				gaps = append(gaps, v.Sub(last))
			}
			last = v
		}
		res <- gaps
	}()
	time.Sleep(20 * time.Millisecond)
	select {
	case done <- struct{}{}:
	case g := <-res:
		fmt.Println("full", g)
		return
	}
	fmt.Println("stopped", <-res)
}
