// Reduced from TestRandomProgramsReduction's seed 14188. The first
// goroutine writes x0 three times, the second twice. The race detector
// keeps a location's last write, so the first round finds the second
// goroutine's writes racing with the first goroutine's last one only;
// those become scheduling points, but the first goroutine's earlier
// writes did not, and the races at its first lines, and the values its
// print shows when the other goroutine's writes come between, were
// lost. A racing access now makes every access of its static location
// a scheduling point (model's SameLocation).
package main

import "fmt"

var x0 int

func main() {
	go func() {
		x0++
		x0++
		x0++
		fmt.Println("a1", x0)
	}()
	go func() {
		x0 = 2
		x0 = 3
	}()
}
