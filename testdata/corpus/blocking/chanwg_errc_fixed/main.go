// Command chanwg_errc_fixed is the corrected twin of chanwg_errc. The
// reporting goroutine used to block on an unbuffered send that main would
// only receive after wg.Wait. The fix gives errc room for one error per
// record, so reporting never blocks, and main closes errc after wg.Wait and
// ranges over it, receiving every reported error.
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
	errc := make(chan error, len(records))
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
	wg.Wait()
	close(errc)
	bad := 0
	for err := range errc {
		fmt.Println("invalid:", err)
		bad++
	}
	fmt.Println(bad, "invalid records")
}
