// A Done without a unit of its own: main adds one and starts a goroutine
// that prints, then calls Done; main calls Done itself, then adds one
// more. The unit main added went to the goroutine with the go statement,
// so main's Done is not covered (it writes the WaitGroup), and when main's
// Done comes first, the goroutine's Done may still come before main's
// second Add: the search must find a Done (the goroutine's or main's)
// taking the counter below zero.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		fmt.Println("g")
		wg.Done()
	}()
	wg.Done()
	wg.Add(1)
	fmt.Println("m")
}
