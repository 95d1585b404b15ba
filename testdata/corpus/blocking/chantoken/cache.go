// Package chantoken: Cache hands its single connection around in a
// buffered channel of capacity 1: Get takes it, uses it and puts it back
// for the next caller. On the error path Get returns without putting it
// back, so when the failing call takes the connection first, the other
// caller waits for it forever, and so does the test's wg.Wait (deadlock).
package chantoken

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
	if key == "" {
		return "", errEmptyKey // the connection is not put back
	}
	v := fmt.Sprintf("%s@%d", key, cn.id)
	c.conns <- cn
	return v, nil
}
