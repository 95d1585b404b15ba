// Command chanmisuse_sendclosed: main reads the first event and then closes
// the events channel to stop listening, but the channel belongs to the
// emitter goroutine, which may still be emitting. If its second Emit comes
// after main's close (and before main has returned), the send on the closed
// channel panics.
package main

import "fmt"

type Emitter struct {
	events chan string
}

func (e *Emitter) Emit(ev string) {
	e.events <- ev // want "panic" "data-race"
}

func (e *Emitter) run() {
	e.Emit("start")
	e.Emit("progress")
}

func main() {
	e := &Emitter{events: make(chan string, 2)}
	go e.run()
	fmt.Println("first:", <-e.events)
	close(e.events) // we have what we need: stop listening
	for ev := range e.events {
		fmt.Println("drained:", ev)
	}
}
