// Package chantoken_fixed is the corrected twin of chantoken. Get used to
// return on an error without putting the connection back into the
// channel. The fix puts it back in a deferred call, on every path. The
// connection is then left in the channel when the test returns: that is
// the design (the channel holds the token for the next caller, as in
// golang.org/x/sync's TestDoDupSuppress: v := <-c; c <- v), not a lost
// message, since every goroutine that received from the channel sent the
// value back.
package chantoken_fixed

import (
	"errors"
	"fmt"
)

type conn struct{ id int }

type Cache struct {
	conns chan *conn
}

func NewCache() *Cache {
	c := &Cache{conns: make(chan *conn, 1)}
	c.conns <- &conn{id: 1}
	return c
}

var errEmptyKey = errors.New("empty key")

func (c *Cache) Get(key string) (string, error) {
	cn := <-c.conns
	defer func() { c.conns <- cn }()
	if key == "" {
		return "", errEmptyKey
	}
	return fmt.Sprintf("%s@%d", key, cn.id), nil
}
