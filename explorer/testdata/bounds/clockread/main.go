// The same ticker loop, but it reads the clock: the panic needs the
// ticker to run five ticks ahead while main, done sleeping, waits to
// run. Time stays absolute in the states, which do not repeat.
package main

import "time"

func main() {
	start := time.Now()
	t := time.NewTicker(10 * time.Millisecond)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				if time.Since(start) > 45*time.Millisecond {
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
