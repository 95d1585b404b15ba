// Package sendtimeout_error_fixed is the corrected twin of sendtimeout_error.
// FetchAll used to return at the first error, stranding the senders whose
// results were still pending. The fix always receives one result per
// goroutine, remembering the first error, and only then returns.
package sendtimeout_error_fixed

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
			results <- fetchOne(u)
		}()
	}
	var bodies []string
	var firstErr error
	for range urls {
		r := <-results
		if r.err != nil {
			if firstErr == nil {
				firstErr = r.err
			}
			continue
		}
		bodies = append(bodies, r.body)
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return bodies, nil
}
