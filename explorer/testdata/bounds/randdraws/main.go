// Command randdraws: two goroutines draw from math/rand's global source
// in turn (cmcheck fixes its seed), and main checks the draws add up.
// The state includes how many values the source gave: states that differ
// only in it must not merge, and copies of a state (snapshots) must draw
// the same values as the original.
package main

import (
	"fmt"
	"math/rand"
)

func main() {
	c := make(chan int)
	for range 2 {
		go func() {
			for range 3 {
				c <- rand.Intn(100)
			}
		}()
	}
	sum := 0
	for range 6 {
		sum += <-c
	}
	fmt.Println(sum >= 0)
}
