// Units handed down: main adds one and starts a, which gets that unit;
// a adds one and starts b, which gets a's; main then adds one more for
// c, concurrently with a's and b's Dones, which commute with it (each
// takes back a unit of its own). c prints before its Done; main waits
// and prints. Every order of the prints is possible but "w" last.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Add(1)
		go func() {
			fmt.Println("b")
			wg.Done()
		}()
		fmt.Println("a")
		wg.Done()
	}()
	wg.Add(1)
	go func() {
		fmt.Println("c")
		wg.Done()
	}()
	wg.Wait()
	fmt.Println("w")
}
