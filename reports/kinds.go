package reports

import (
	"fmt"
	"io"
	"strings"
)

// KindDoc documents one finding kind. The table returned by Kinds is the
// single source of this text: cmcheck -explain prints it, the SARIF
// output turns it into rule help, the HTML report shows it beside a
// finding, and the README's table of finding kinds is generated from it
// (a test keeps them in sync).
type KindDoc struct {
	Name    string // the kind as reported, e.g. "deadlock"
	Title   string // a short title
	Summary string // one sentence: what is wrong
	Meaning string // what the finding means and how to read its trace
	Buggy   string // a small program with the bug
	Fixed   string // the same program corrected
	Fix     string // how such bugs are usually fixed
}

// Kinds returns the documentation of every finding kind, in the order
// in which they are presented.
func Kinds() []KindDoc {
	return []KindDoc{
		{
			Name:    "deadlock",
			Title:   "Deadlock",
			Summary: "Every live goroutine is blocked: the run cannot continue.",
			Meaning: `In some interleaving every goroutine that has not exited waits for
something (a channel operation, a lock, WaitGroup.Wait, Cond.Wait, a
select) that only another blocked goroutine could provide. The real
program would stop with "fatal error: all goroutines are asleep", or hang
if some goroutine outside the model is still running. The finding is
reported where the lowest-numbered blocked goroutine waits; the other
blocked goroutines are related locations, and the trace ends with the
state of each.`,
			Buggy: `results := make(chan int)
var wg sync.WaitGroup
for _, job := range jobs {
	wg.Add(1)
	go func() {
		defer wg.Done()
		results <- work(job) // blocks: nobody receives yet
	}()
}
wg.Wait() // waits for workers that wait for us
close(results)
for r := range results {
	total += r
}`,
			Fixed: `results := make(chan int)
var wg sync.WaitGroup
for _, job := range jobs {
	wg.Add(1)
	go func() {
		defer wg.Done()
		results <- work(job)
	}()
}
go func() {
	wg.Wait()
	close(results)
}()
for r := range results {
	total += r
}`,
			Fix: `Find the cycle of waits in the final goroutine states: who waits for
whom. Break it by receiving before waiting (or waiting in another
goroutine), by giving a channel enough buffer, by taking locks in one
global order, or by not holding a lock across a blocking operation.`,
		},
		{
			Name:    "leak",
			Title:   "Goroutine leak",
			Summary: "A goroutine is still blocked, forever, after the test or entry function that started it returned.",
			Meaning: `The entry point (a test, or a //cmcheck:entry function) returned while a
goroutine it started is blocked on an operation that nothing can complete
any more: a send nobody receives, a receive from a channel nobody sends on
or closes, a lock nobody unlocks. In a long-running program each call
leaks one goroutine and what it references. The finding is reported where
the goroutine waits, with the go statement that started it as a related
location. Goroutines left blocked when main returns are not reported
unless -leak-on-main is given: the process ends then.`,
			Buggy: `func Lookup(key string) (string, error) {
	result := make(chan string)
	go func() {
		result <- backend(key) // blocks forever after a timeout
	}()
	select {
	case v := <-result:
		return v, nil
	case <-time.After(time.Second):
		return "", ErrTimeout
	}
}`,
			Fixed: `func Lookup(key string) (string, error) {
	result := make(chan string, 1) // the late send completes into the buffer
	go func() {
		result <- backend(key)
	}()
	select {
	case v := <-result:
		return v, nil
	case <-time.After(time.Second):
		return "", ErrTimeout
	}
}`,
			Fix: `Make sure every goroutine has a way to finish on every path of its
caller: buffer a result channel so that a late send does not block, close
channels that consumers range over, select on a done channel or
ctx.Done() next to blocking sends and receives, and have the caller wait
for the goroutines it starts.`,
		},
		{
			Name:    "lost-message",
			Title:   "Lost message",
			Summary: "A value was left in a buffered channel that no goroutine can ever receive.",
			Meaning: `When the entry returned, a buffered channel that had a consumer still held
values, and no goroutine that could receive them is left. The value is
silently dropped: a result, an error or a work item is lost. The finding
is reported at the send that put the first lost value in the buffer.
Two uses of buffered channels are not reported. A channel that was never
received from: the "result or timeout" idiom, where dropping the value is
the point. And a channel used as a token holder: every goroutine that
received from it sent one value back after each value it received, and
sent nothing else (v := <-c; ...; c <- v, as a semaphore permit, a pooled
connection or a piece of state passed from user to user). The value left
in such a channel is the token, kept for the next user by design; a
goroutine that keeps a value, or sends more values than it took, makes
the channel a queue again. The price of the rule: a consumer that puts an
item back (a retry) and stops is taken for a token user.`,
			Buggy: `errc := make(chan error, len(checks))
for _, c := range checks {
	go func() { errc <- c() }()
}
for range checks {
	if err := <-errc; err != nil {
		return err // the other results stay in errc
	}
}
return nil`,
			Fixed: `errc := make(chan error, len(checks))
for _, c := range checks {
	go func() { errc <- c() }()
}
var first error
for range checks {
	if err := <-errc; err != nil && first == nil {
		first = err // keep receiving: every result is looked at
	}
}
return first`,
			Fix: `Drain the channel (keep receiving until every sender has sent), or make
the early return explicit: cancel the senders through a context and say
in a comment that their results are dropped on purpose.`,
		},
		{
			Name:    "panic",
			Title:   "Concurrency panic",
			Summary: "A panic or fatal error is reachable in some interleaving.",
			Meaning: `Some interleaving reaches a run-time panic or fatal error: send on a
closed channel, close of a closed or nil channel, a negative WaitGroup
counter, unlock of an unlocked mutex, a nil dereference, an index out of
range, or an explicit panic. Usually two goroutines race to do something
that must be done once (close a channel) or in order (Add before Done).
The message names the goroutine that panicked.`,
			Buggy: `func (g *Group) fail(err error) {
	select {
	case <-g.done:
	default:
		g.err = err
		close(g.done) // two failing workers both get here
	}
}`,
			Fixed: `func (g *Group) fail(err error) {
	g.once.Do(func() {
		g.err = err
		close(g.done)
	})
}`,
			Fix: `Give the operation a single owner: close a channel from the one
goroutine that sends on it, or guard it with sync.Once; call
WaitGroup.Add before the go statement; pair every Unlock with its Lock
in the same function, with defer.`,
		},
		{
			Name:    "data-race",
			Title:   "Data race",
			Summary: "Two goroutines access the same memory, at least one of them writing, without happens-before order.",
			Meaning: `Two accesses to the same variable, field or element, at least one a
write, are not ordered by any synchronisation (channel operation, lock,
WaitGroup, Once, atomic operation, go statement). Under Go's memory model
the program's behaviour is then undefined: the reader may see the old
value, the new one, or a torn one, and the compiler may reorder both. The
finding is reported at one access with the other as a related location,
as the race detector does.`,
			Buggy: `func (l *Loader) Start(src string) {
	go l.load(src)
}

func (l *Loader) load(src string) {
	l.wg.Add(1) // too late: Wait may already have returned
	defer l.wg.Done()
	l.data = parse(src)
}`,
			Fixed: `func (l *Loader) Start(src string) {
	l.wg.Add(1) // before the go statement
	go l.load(src)
}

func (l *Loader) load(src string) {
	defer l.wg.Done()
	l.data = parse(src)
}`,
			Fix: `Order the two accesses: protect the variable with the mutex that guards
it, hand the value over a channel instead of sharing it, call
WaitGroup.Add before starting the goroutine and read results only after
Wait, or use sync/atomic for a single word.`,
		},
		{
			Name:    "atomicity",
			Title:   "Atomicity violation (lost update)",
			Summary: "A read-modify-write lost another goroutine's update made between its read and its write.",
			Meaning: `A goroutine read a value, another goroutine then wrote the same location,
and the first goroutine wrote a value computed from its stale read: the
other update is lost. This happens with plain variables (where it is also
a data race), with a mutex taken separately for the read and for the
write, and with sync/atomic loads and stores that are each atomic but not
together. The finding is reported at the stale write, with the read and
the overwritten write as related locations.

The write rests on the stale read when the two are one atomic region of
the goroutine (the same function activation, with no release such as an
Unlock, a channel operation or a WaitGroup.Done in between), or when the
written value is computed from the value read (data dependence, followed
through the returns and arguments of the calls between the read and the
write). So a check under one Lock and a write of the checked value minus
one under a second Lock is reported, but a write of a value that does
not depend on the read, after the lock was released in between, is not:
the other goroutine's write is then overwritten as the lock allows (last
writer wins). Nor is a foreign write that left the value the goroutine
had read: its read was as good as a fresh one.`,
			Buggy: `func (c *Counter) Inc() {
	n := c.v.Load()
	c.v.Store(n + 1) // another Inc between Load and Store is lost
}`,
			Fixed: `func (c *Counter) Inc() {
	c.v.Add(1)
}`,
			Fix: `Make the whole read-modify-write one atomic step: hold one lock across
the read and the write, use atomic Add or a CompareAndSwap loop, or give
the state to a single goroutine that applies updates sent to it.`,
		},
		{
			Name:    "test-failure",
			Title:   "Test failure",
			Summary: "t.Error or t.Fatal is reached in some interleaving, or t.Fatal is called from the wrong goroutine.",
			Meaning: `Some interleaving makes the test fail: t.Error, t.Errorf, t.Fatal or
t.Fatalf is reached, so the test is flaky even if it passes most of the
time. Also reported: t.Fatal, t.FailNow or t.SkipNow called from a
goroutine other than the test's own, which the testing package forbids
(it only stops that goroutine, and the test may finish first).`,
			Buggy: `func TestServe(t *testing.T) {
	go func() {
		if err := serve(); err != nil {
			t.Fatal(err) // not the test goroutine
		}
	}()
	shutdown()
}`,
			Fixed: `func TestServe(t *testing.T) {
	errc := make(chan error, 1)
	go func() { errc <- serve() }()
	shutdown()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}`,
			Fix: `Read the trace to see which interleaving the test did not expect and
add the missing synchronisation (usually the test reads a result before
the goroutine that produces it is done). Report errors from other
goroutines to the test goroutine through a channel, and call t.Fatal
there.`,
		},
	}
}

// LookupKind returns the documentation of the finding kind name.
func LookupKind(name string) (KindDoc, bool) {
	for _, k := range Kinds() {
		if k.Name == name {
			return k, true
		}
	}
	return KindDoc{}, false
}

// KindNames returns the names of the finding kinds.
func KindNames() []string {
	var names []string
	for _, k := range Kinds() {
		names = append(names, k.Name)
	}
	return names
}

// Explain writes the documentation of a kind as plain text.
func Explain(w io.Writer, k KindDoc) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n%s\n\n%s\n\n", k.Name, k.Title, k.Summary, k.Meaning)
	fmt.Fprintf(&b, "Buggy:\n\n%s\n\n", indent(k.Buggy, "\t"))
	fmt.Fprintf(&b, "Fixed:\n\n%s\n\n", indent(k.Fixed, "\t"))
	fmt.Fprintf(&b, "How it is usually fixed:\n\n%s\n", k.Fix)
	_, err := io.WriteString(w, b.String())
	return err
}

// Markdown returns the documentation of a kind as Markdown.
func (k KindDoc) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s (`%s`)\n\n%s\n\n%s\n\n", k.Title, k.Name, k.Summary, k.Meaning)
	fmt.Fprintf(&b, "### Buggy\n\n```go\n%s\n```\n\n", k.Buggy)
	fmt.Fprintf(&b, "### Fixed\n\n```go\n%s\n```\n\n", k.Fixed)
	fmt.Fprintf(&b, "### How it is usually fixed\n\n%s\n", k.Fix)
	return b.String()
}

// kindsTable returns the Markdown table of finding kinds that the README
// shows.
func kindsTable() string {
	var b strings.Builder
	b.WriteString("| kind | meaning |\n| --- | --- |\n")
	for _, k := range Kinds() {
		fmt.Fprintf(&b, "| `%s` | %s |\n", k.Name, k.Summary)
	}
	return b.String()
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
