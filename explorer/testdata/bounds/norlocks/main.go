// rlocks without the read locks.
package main

func main() {
	done := []chan bool{make(chan bool), make(chan bool), make(chan bool)}
	for i := range done {
		go func() {
			done[i] <- true
		}()
	}
	for _, c := range done {
		<-c
	}
}
