// The ticker loop reads the instants its ticks carry rather than the
// clock: the same panic is reachable.
package main

import "time"

func main() {
	t := time.NewTicker(10 * time.Millisecond)
	done := make(chan struct{})
	go func() {
		first := <-t.C
		for {
			select {
			case v := <-t.C:
				if v.Sub(first) > 35*time.Millisecond {
					panic("late")
				}
			case <-done:
				return
			}
		}
	}()
	time.Sleep(25 * time.Millisecond)
	close(done)
}
