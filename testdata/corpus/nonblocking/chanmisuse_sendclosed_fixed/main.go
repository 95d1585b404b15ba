// Command chanmisuse_sendclosed_fixed is the corrected twin of
// chanmisuse_sendclosed. main used to close a channel that the emitter was
// still sending on. The fix follows "only the sender closes": the emitter
// closes events (deferred) after its last send, and main just ranges over
// the channel until it is closed.
package main

import "fmt"

type Emitter struct {
	events chan string
}

func (e *Emitter) Emit(ev string) {
	e.events <- ev
}

func (e *Emitter) run() {
	defer close(e.events)
	e.Emit("start")
	e.Emit("progress")
}

func main() {
	e := &Emitter{events: make(chan string, 2)}
	go e.run()
	for ev := range e.events {
		fmt.Println("event:", ev)
	}
}
