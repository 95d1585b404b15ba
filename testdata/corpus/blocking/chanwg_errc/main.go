// Command chanwg_errc: one goroutine checks each record; a goroutine that
// finds a bad record reports it on the unbuffered errc channel before its
// deferred Done. main waits for all goroutines before it looks at errc, so
// the reporting goroutine blocks on its send, never calls Done, and main
// blocks in wg.Wait forever: a deadlock at wg.Wait.
package main

import (
	"fmt"
	"strconv"
	"sync"
)

func check(rec string) error {
	if _, err := strconv.Atoi(rec); err != nil {
		return fmt.Errorf("record %q is not a number", rec)
	}
	return nil
}

func main() {
	records := []string{"12", "x7"}
	errc := make(chan error)
	var wg sync.WaitGroup
	for _, rec := range records {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := check(rec); err != nil {
				errc <- err
			}
		}()
	}
	wg.Wait() // want "deadlock"
	select {
	case err := <-errc:
		fmt.Println("invalid:", err)
	default:
		fmt.Println("all records valid")
	}
}
