package reports

import (
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
)

//go:embed assets/report.css assets/report.js
var assets embed.FS

// htmlData is what the page's script reads from its data island.
type htmlData struct {
	Report *Report         `json:"report"`
	Kinds  []KindDoc       `json:"kinds"`
	Arrows map[int][]arrow `json:"arrows"` // by finding ID
}

// WriteHTML writes r as one self-contained HTML page (no network access,
// no external script, style or font): the list of findings and entry
// points, and for the selected finding a message sequence chart of its
// trace with one lane per goroutine (and one for timers), one row per
// step, arrows for communication and synchronisation (see Arrows), the
// goroutines blocked at the end highlighted, step-forward and step-back
// controls (buttons, arrow keys, Home, End) and the state of goroutines
// and objects at the selected step. Rows are rendered lazily, so traces
// of thousands of steps stay usable.
//
// The page reads its URL fragment: #finding=N&step=K (or step=end)
// selects a finding and a step; #selftest clicks through the chart and
// writes what it saw, as JSON, into the element #selftest-result (for
// tests in a headless browser).
func WriteHTML(w io.Writer, r *Report) error {
	css, err := assets.ReadFile("assets/report.css")
	if err != nil {
		return fmt.Errorf("internal error: %w", err)
	}
	js, err := assets.ReadFile("assets/report.js")
	if err != nil {
		return fmt.Errorf("internal error: %w", err)
	}
	d := htmlData{Report: r, Kinds: Kinds(), Arrows: make(map[int][]arrow)}
	for _, ef := range r.Findings() {
		d.Arrows[ef.Finding.ID] = chartArrows(ef.Finding)
	}
	// json.Marshal escapes <, > and &, so the data cannot close its
	// script element.
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encoding report data: %w", err)
	}
	title := fmt.Sprintf("cmcheck: %s, %s", plural(r.Summary.Findings, "finding"), plural(r.Summary.Entries, "entry point"))
	var sb strings.Builder
	sb.WriteString(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>`)
	sb.WriteString(html.EscapeString(title))
	sb.WriteString("</title>\n<style>\n")
	sb.Write(css)
	sb.WriteString(`</style>
</head>
<body>
<header><h1>cmcheck report</h1><span class="summary" id="summary"></span><span class="muted" id="tool"></span></header>
<div id="app">
<nav id="findings"></nav>
<main>
<section id="finding-head"></section>
<div id="controls">
<button type="button" id="first" title="first step (Home)">« first</button>
<button type="button" id="prev" title="step back (←)">◀ step back</button>
<span id="stepno"></span>
<button type="button" id="next" title="step forward (→)">step forward ▶</button>
<button type="button" id="last" title="end of the trace (End)">end »</button>
<span class="hint">← → or ↑ ↓ step; Home, End; click a row. Arrows: <span style="color:#0969da">message</span>, <span style="color:#8250df">unblocks</span>, <span style="color:#8c959f">go</span>.</span>
</div>
<div id="chart-wrap">
<div id="lanes-head"></div>
<div id="chart" tabindex="0"><div id="chart-inner"></div></div>
</div>
</main>
<aside id="state"></aside>
</div>
<pre id="selftest-result"></pre>
<script id="cmcheck-data" type="application/json">`)
	sb.Write(b)
	sb.WriteString("</script>\n<script>\n")
	sb.Write(js)
	sb.WriteString("</script>\n</body>\n</html>\n")
	_, err = io.WriteString(w, sb.String())
	return err
}
