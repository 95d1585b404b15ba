package reports

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestArrows(t *testing.T) {
	at := func(line int) *Position { return &Position{File: "a.go", Line: line, Col: 1} }
	f := &Finding{Trace: Trace{
		Steps: []Step{
			{Index: 1, G: 1, Op: "go start"},
			{Index: 2, G: 1, Op: "lock", Object: "mutex 1"},
			{Index: 3, G: 2, Op: "go start"},
			{Index: 4, G: 1, Op: "unlock", Object: "mutex 1"},
			{Index: 5, G: 2, Op: "lock", Object: "mutex 1"},                              // unlock 4 -> lock 5
			{Index: 6, G: 2, Op: "chan send", Object: "chan 2", Partner: 1},              // rendezvous 2 -> 1
			{Index: 7, G: 1, Op: "chan send", Object: "chan 3", Detail: "len 1/2"},       // buffered
			{Index: 8, G: 1, Op: "chan send", Object: "chan 3", Detail: "len 2/2"},       // buffered
			{Index: 9, G: 2, Op: "chan recv", Object: "chan 3"},                          // 7 -> 9
			{Index: 10, G: 2, Op: "select", Object: "chan 3", Detail: "case 0: receive"}, // 8 -> 10
			{Index: 11, G: 2, Op: "waitgroup done", Object: "waitgroup 4", Detail: "counter 0"},
			{Index: 12, G: 1, Op: "waitgroup wait", Object: "waitgroup 4"}, // 11 -> 12
			{Index: 13, G: 1, Op: "chan close", Object: "chan 3"},
			{Index: 14, G: 2, Op: "chan recv", Object: "chan 3", Detail: "closed"}, // 13 -> 14
			{Index: 15, G: 1, Op: "timer start", Object: "chan 5", Pos: at(40)},
			{Index: 16, G: 0, Op: "timer fire", Object: "timer 6", Pos: at(40)},
			{Index: 17, G: 1, Op: "select", Object: "chan 5", Detail: "case 1: receive"},             // 16 -> 17
			{Index: 18, G: 2, Op: "select", Object: "chan 7", Detail: "case 0: receive", Partner: 1}, // 1 -> 2
			{Index: 19, G: 1, Op: "cond wait", Object: "cond 8"},
			{Index: 20, G: 2, Op: "cond signal", Object: "cond 8", Detail: "wakes goroutine 1"},
			{Index: 21, G: 1, Op: "cond wake", Object: "mutex 1"}, // 20 -> 21
		},
		Goroutines: []Goroutine{{ID: 1}, {ID: 2, Parent: 1}},
	}}
	type edge struct {
		from, fromG, to, toG int
		kind                 string
	}
	var got []edge
	for _, a := range chartArrows(f) {
		got = append(got, edge{a.From, a.FromG, a.To, a.ToG, a.Kind})
	}
	require.ElementsMatch(t, []edge{
		{3, 1, 3, 2, arrowSpawn},
		{4, 1, 5, 2, arrowSync},
		{6, 2, 6, 1, arrowMessage},
		{7, 1, 9, 2, arrowMessage},
		{8, 1, 10, 2, arrowMessage},
		{11, 2, 12, 1, arrowSync},
		{13, 1, 14, 2, arrowSync},
		{16, 0, 17, 1, arrowMessage},
		{18, 1, 18, 2, arrowMessage},
		{20, 2, 21, 1, arrowSync},
	}, got)
}

// TestHTMLSelfContained checks that the page needs nothing from outside:
// no external scripts, styles, fonts, images or frames, and a content
// security policy that forbids fetching anything.
func TestHTMLSelfContained(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, testReport()))
	page := buf.String()
	require.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
	require.Contains(t, page, `<meta http-equiv="Content-Security-Policy" content="default-src 'none';`)
	for _, re := range []string{`<script[^>]+src=`, `<link\b`, `<img\b`, `<iframe\b`, `@import`, `url\([^#]`, `@font-face`, `\bfetch\(`, `XMLHttpRequest`, `\bhref=`} {
		require.False(t, regexp.MustCompile(re).MatchString(page), "page contains %s", re)
	}
	// The only URLs are the SVG namespace (in the script) and the data's.
	for _, u := range regexp.MustCompile(`https?://[^\s"'<]+`).FindAllString(page, -1) {
		require.Equal(t, "http://www.w3.org/2000/svg", u)
	}
	// The data cannot end its script element early.
	evil := testReport()
	evil.Entries[0].Findings[0].Message = "</script><script>alert(1)</script>"
	buf.Reset()
	require.NoError(t, WriteHTML(&buf, evil))
	require.NotContains(t, buf.String(), "<script>alert(1)")
	require.Equal(t, 2, strings.Count(buf.String(), "</script>"))
}
