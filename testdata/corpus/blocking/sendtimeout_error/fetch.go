// Package sendtimeout_error: FetchAll starts one goroutine per URL, each
// sending its result on an unbuffered channel, and returns at the first
// error it receives. If the bad URL's result is received first, the other
// goroutine's result is never received: it blocks forever on its send and is
// leaked when the test returns.
package sendtimeout_error

import (
	"errors"
	"strings"
)

type result struct {
	body string
	err  error
}

func fetchOne(url string) result {
	if strings.HasPrefix(url, "bad:") {
		return result{err: errors.New("cannot fetch " + url)}
	}
	return result{body: "<" + url + ">"}
}

func FetchAll(urls []string) ([]string, error) {
	results := make(chan result)
	for _, u := range urls {
		go func() {
			results <- fetchOne(u) // want "leak"
		}()
	}
	var bodies []string
	for range urls {
		r := <-results
		if r.err != nil {
			return nil, r.err
		}
		bodies = append(bodies, r.body)
	}
	return bodies, nil
}
