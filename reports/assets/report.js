// cmcheck HTML report: a message sequence chart of each finding's trace.
// Everything is rendered from the JSON data island #cmcheck-data; rows
// are rendered lazily (only those near the viewport are in the DOM), so
// traces of thousands of steps stay usable.
(function () {
  'use strict';

  var ROW = 26, LANE = 150, GUTTER = 56, BOX = LANE - 14, OVERSCAN = 20;
  var SVGNS = 'http://www.w3.org/2000/svg';

  var data = JSON.parse(document.getElementById('cmcheck-data').textContent);
  var rep = data.report;
  var kinds = {};
  (data.kinds || []).forEach(function (k) { kinds[k.Name] = k; });

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function pos(p) {
    if (!p || !p.file) return '-';
    return p.file + ':' + p.line + (p.col ? ':' + p.col : '');
  }
  function plural(n, w) { return n === 1 ? '1 ' + w : n + ' ' + w + 's'; }
  function laneName(g) { return g === 0 ? 'timers' : 'goroutine ' + g; }
  function shortFunc(f) {
    if (!f) return '';
    var i = f.lastIndexOf('/');
    return i >= 0 ? f.slice(i + 1) : f;
  }
  function blocked(g) { return g.status !== 'exited' && g.status !== 'runnable'; }

  // ---- findings and navigation ----
  var findings = [];
  rep.entries.forEach(function (e) {
    (e.findings || []).forEach(function (f) { findings.push({ entry: e, f: f }); });
  });

  var cur = null; // the finding shown, with its derived chart data
  var sel = 1;    // selected row: 1..n are steps, n+1 is the end of the trace
  var win = { a: 0, b: -1 }; // rows in the DOM

  function summaryText() {
    var s = rep.summary;
    return plural(s.entries, 'entry point') + ': ' + s.bug + ' bug, ' + s.verified + ' verified, ' +
      s.incomplete + ' incomplete, ' + s.unsupported + ' unsupported; ' + plural(s.findings, 'finding');
  }

  function buildNav() {
    var nav = $('findings');
    nav.replaceChildren();
    nav.appendChild(el('h2', '', 'Findings'));
    if (!findings.length) nav.appendChild(el('p', 'muted', 'No findings.'));
    var last = null;
    findings.forEach(function (x, i) {
      if (x.entry !== last) {
        nav.appendChild(el('div', 'entry-name', x.entry.name));
        last = x.entry;
      }
      var b = el('button', 'finding');
      b.type = 'button';
      b.dataset.index = i;
      b.appendChild(el('span', 'kind', x.f.kind));
      b.appendChild(document.createTextNode(' ' + pos(x.f.pos)));
      b.title = x.f.message;
      b.addEventListener('click', function () { showFinding(i, 1); });
      nav.appendChild(b);
    });
    nav.appendChild(el('h2', '', 'Entry points'));
    var t = el('table', 'entries');
    rep.entries.forEach(function (e) {
      var tr = el('tr');
      var name = el('td', '', e.name);
      var v = el('td', 'verdict-' + e.verdict, e.verdict);
      if (e.reason) v.title = e.reason;
      tr.appendChild(name);
      tr.appendChild(v);
      t.appendChild(tr);
    });
    nav.appendChild(t);
  }

  // ---- the chart of one finding ----
  function prepare(x) {
    var f = x.f, steps = f.trace.steps, gors = f.trace.goroutines;
    var ids = [], seen = {};
    gors.forEach(function (g) { if (!seen[g.id]) { seen[g.id] = 1; ids.push(g.id); } });
    var timers = false;
    steps.forEach(function (s) {
      if (s.g === 0) timers = true;
      else if (!seen[s.g]) { seen[s.g] = 1; ids.push(s.g); }
    });
    ids.sort(function (a, b) { return a - b; });
    if (timers) ids.push(0);
    var laneIndex = {};
    ids.forEach(function (g, i) { laneIndex[g] = i; });
    var final = {};
    gors.forEach(function (g) { final[g.id] = g; });
    var n = steps.length;
    // The life of each lane: from its first step to its last step if it
    // exited, to the end otherwise.
    var life = {};
    ids.forEach(function (g) { life[g] = { start: g === 1 ? 1 : n + 1, end: n + 1, last: 0 }; });
    steps.forEach(function (s) {
      var l = life[s.g];
      if (s.index < l.start) l.start = s.index;
      l.last = s.index;
    });
    ids.forEach(function (g) {
      if (g === 0) { life[g].start = 1; return; }
      if (final[g] && final[g].status === 'exited' && life[g].last) life[g].end = life[g].last;
    });
    var involved = {};
    (f.involved || []).forEach(function (g) { involved[g] = true; });
    return {
      entry: x.entry, f: f, steps: steps, n: n, lanes: ids, laneIndex: laneIndex,
      final: final, life: life, involved: involved,
      arrows: (data.arrows && data.arrows[f.id]) || []
    };
  }

  function laneX(g) { return GUTTER + cur.laneIndex[g] * LANE; }

  function showFinding(i, step) {
    if (i < 0 || i >= findings.length) return;
    cur = prepare(findings[i]);
    cur.i = i;
    document.querySelectorAll('nav button.finding').forEach(function (b) {
      b.classList.toggle('current', Number(b.dataset.index) === i);
    });
    buildHead();
    buildLanes();
    var inner = $('chart-inner');
    inner.style.height = ((cur.n + 1) * ROW + 8) + 'px';
    inner.style.width = (GUTTER + cur.lanes.length * LANE + 8) + 'px';
    $('chart').scrollTop = 0;
    win = { a: 0, b: -1 };
    cur.stateCache = null;
    select(step || 1);
  }

  function buildHead() {
    var f = cur.f, h = $('finding-head');
    h.replaceChildren();
    var k = kinds[f.kind];
    var top = el('div');
    top.appendChild(el('span', 'kind', f.kind));
    top.appendChild(document.createTextNode(' ' + (k ? k.Title : f.kind) + ' — finding ' + f.id + ' in '));
    top.appendChild(el('code', '', cur.entry.name));
    h.appendChild(top);
    var m = el('div', 'message');
    m.appendChild(el('code', '', pos(f.pos) + ': '));
    m.appendChild(document.createTextNode(f.message));
    h.appendChild(m);
    if (f.related && f.related.length) {
      var ul = el('ul');
      f.related.forEach(function (r) {
        var li = el('li');
        li.appendChild(el('code', '', pos(r.pos) + ': '));
        li.appendChild(document.createTextNode(r.message));
        ul.appendChild(li);
      });
      h.appendChild(ul);
    }
    if (k) {
      var d = el('details');
      d.appendChild(el('summary', '', 'About ' + k.Name + ': ' + k.Summary));
      d.appendChild(el('p', '', k.Meaning.replace(/\s+/g, ' ')));
      d.appendChild(el('b', '', 'Buggy'));
      d.appendChild(el('pre', '', k.Buggy));
      d.appendChild(el('b', '', 'Fixed'));
      d.appendChild(el('pre', '', k.Fixed));
      d.appendChild(el('b', '', 'How it is usually fixed'));
      d.appendChild(el('p', '', k.Fix.replace(/\s+/g, ' ')));
      h.appendChild(d);
    }
    var sched = el('details');
    sched.appendChild(el('summary', '', 'Schedule (' + plural(f.schedule.length, 'transition') +
      '): replay it with cmcheck -replay results.json -finding ' + f.id));
    sched.appendChild(el('pre', '', f.schedule.join(' ')));
    h.appendChild(sched);
  }

  function buildLanes() {
    var head = $('lanes-head');
    head.replaceChildren();
    cur.lanes.forEach(function (g) {
      var d = el('div', 'lane');
      d.dataset.g = g;
      var fin = cur.final[g];
      d.appendChild(el('b', '', laneName(g)));
      if (g === 0) {
        d.appendChild(el('span', '', 'timer firings'));
      } else if (fin) {
        d.appendChild(el('span', '', '[' + fin.status + '] ' + shortFunc(fin.func)));
        d.title = laneName(g) + ' [' + fin.status + ']: ' + fin.func +
          (fin.blockedAt ? ' at ' + pos(fin.blockedAt) : '') +
          (fin.createdAt ? '\ncreated in goroutine ' + fin.parent + ' at ' + pos(fin.createdAt) : '');
        if (blocked(fin)) d.classList.add('blocked');
      }
      if (cur.involved[g]) d.classList.add('involved');
      head.appendChild(d);
    });
  }

  function stepText(s) {
    var t = s.op || '-';
    if (s.object) t += ' ' + s.object;
    return t;
  }
  function stepTitle(s) {
    var t = 'step ' + s.index + ': ' + laneName(s.g) + ' ' + (s.op || '-');
    if (s.object) t += ' ' + s.object;
    if (s.detail) t += ' (' + s.detail + ')';
    if (s.partner) t += ' with goroutine ' + s.partner;
    return t + '\nat ' + pos(s.pos);
  }

  // renderRows puts the rows near the viewport (and the selected one) in
  // the DOM, with the lane lines and arrows that cross them.
  function renderRows(force) {
    var chart = $('chart');
    var h = chart.clientHeight || 600;
    var first = Math.floor(chart.scrollTop / ROW) + 1;
    var last = Math.min(cur.n + 1, first + Math.ceil(h / ROW));
    // Keep the rows in the DOM while they cover the viewport; render
    // anew, with some rows to spare on each side, when they do not.
    if (!force && win.a <= first && last <= win.b) return;
    var a = Math.max(1, first - OVERSCAN);
    var b = Math.min(cur.n + 1, last + OVERSCAN);
    win = { a: a, b: b };
    var inner = $('chart-inner');
    var frag = document.createDocumentFragment();
    var width = GUTTER + cur.lanes.length * LANE;
    var top = (a - 1) * ROW;
    var sv = svg('svg', { width: width, height: (b - a + 1) * ROW, viewBox: '0 ' + top + ' ' + width + ' ' + ((b - a + 1) * ROW) });
    sv.style.top = top + 'px';
    var defs = svg('defs', {});
    ['message', 'sync', 'spawn'].forEach(function (k) {
      var m = svg('marker', { id: 'head-' + k, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      m.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', 'class': 'head-' + k, fill: k === 'message' ? '#0969da' : k === 'sync' ? '#8250df' : '#8c959f' }));
      defs.appendChild(m);
    });
    sv.appendChild(defs);
    cur.lanes.forEach(function (g) {
      var l = cur.life[g];
      var y1 = Math.max(a, l.start), y2 = Math.min(b, l.end);
      if (y1 > y2) return;
      var x = laneX(g) + LANE / 2;
      sv.appendChild(svg('line', {
        x1: x, x2: x, y1: (y1 - 1) * ROW + ROW / 2, y2: (y2 - 1) * ROW + ROW / 2,
        stroke: g === 0 ? '#d0d7de' : '#afb8c1', 'stroke-width': 2, 'stroke-dasharray': g === 0 ? '4 4' : ''
      }));
    });
    cur.arrows.forEach(function (ar) {
      if (ar.to < a || ar.from > b) return;
      if (!(ar.fromG in cur.laneIndex) || !(ar.toG in cur.laneIndex)) return;
      var xf = laneX(ar.fromG) + LANE / 2, xt = laneX(ar.toG) + LANE / 2;
      var dir = xt >= xf ? 1 : -1;
      var yf = (ar.from - 1) * ROW + ROW / 2, yt = (ar.to - 1) * ROW + ROW / 2;
      var line = svg('line', {
        x1: xf + dir * BOX / 2, y1: yf, x2: xt - dir * BOX / 2, y2: yt,
        stroke: ar.kind === 'message' ? '#0969da' : ar.kind === 'sync' ? '#8250df' : '#8c959f',
        'stroke-width': ar.kind === 'spawn' ? 1 : 1.6,
        'stroke-dasharray': ar.kind === 'spawn' ? '3 3' : ar.kind === 'sync' ? '6 3' : '',
        'marker-end': 'url(#head-' + ar.kind + ')', 'class': 'arrow arrow-' + ar.kind
      });
      var t = svg('title', {});
      t.textContent = ar.kind + ': ' + ar.label + ' (step ' + ar.from + ' → ' + ar.to + ')';
      line.appendChild(t);
      sv.appendChild(line);
    });
    frag.appendChild(sv);
    for (var r = a; r <= b; r++) frag.appendChild(row(r, width));
    inner.replaceChildren(frag);
  }

  function row(r, width) {
    var d = el('div', 'row' + (r === sel ? ' sel' : '') + (r === cur.n + 1 ? ' end' : ''));
    d.style.top = ((r - 1) * ROW) + 'px';
    d.style.width = width + 'px';
    d.dataset.step = r;
    d.addEventListener('click', function () { select(r); });
    if (r <= cur.n) {
      var s = cur.steps[r - 1];
      d.appendChild(el('span', 'idx', s.index));
      var box = el('div', 'box' + (s.g === 0 ? ' timer' : ''), stepText(s));
      box.style.left = (laneX(s.g) + 7) + 'px';
      box.title = stepTitle(s);
      box.dataset.g = s.g;
      d.appendChild(box);
      return d;
    }
    d.appendChild(el('span', 'idx', 'end'));
    cur.lanes.forEach(function (g) {
      var fin = cur.final[g];
      if (!fin) return;
      var cls = blocked(fin) ? ' blocked' : fin.status === 'exited' ? ' exited' : '';
      var box = el('div', 'box' + cls, blocked(fin) ? 'blocked: ' + fin.status : fin.status);
      box.style.left = (laneX(g) + 7) + 'px';
      box.dataset.g = g;
      box.title = laneName(g) + ' [' + fin.status + ']' + (fin.blockedAt ? ' at ' + pos(fin.blockedAt) : '');
      d.appendChild(box);
    });
    return d;
  }

  function select(r) {
    if (!cur) return;
    sel = Math.max(1, Math.min(cur.n + 1, r));
    var chart = $('chart');
    var h = chart.clientHeight || 600;
    var y = (sel - 1) * ROW;
    if (y < chart.scrollTop) chart.scrollTop = y;
    else if (y + ROW > chart.scrollTop + h) chart.scrollTop = y + ROW - h;
    renderRows(false);
    var old = document.querySelector('#chart-inner .row.sel');
    if (old) old.classList.remove('sel');
    var row = document.querySelector('#chart-inner .row[data-step="' + sel + '"]');
    if (row) row.classList.add('sel');
    $('stepno').textContent = sel <= cur.n ? 'step ' + sel + ' / ' + cur.n : 'end of trace (' + plural(cur.n, 'step') + ')';
    $('first').disabled = $('prev').disabled = sel <= 1;
    $('last').disabled = $('next').disabled = sel >= cur.n + 1;
    renderState();
  }

  // ---- the state at the selected step, reconstructed from the steps ----
  // The state after k steps is computed from the state after fewer steps
  // when one is at hand (stepping forward costs one step).
  function emptyState() {
    return { objs: {}, order: [], gs: {}, timerChan: {}, k: 0 };
  }

  function ob(st, name) {
    if (!st.objs[name]) {
      st.objs[name] = { name: name, holder: 0, readers: {}, len: null, cap: null, sent: 0, recv: 0, closed: false,
        counter: null, value: null, fired: 0, stopped: false, done: false, waiters: {}, access: '', last: 0 };
      st.order.push(name);
    }
    return st.objs[name];
  }

  function cloneState(st) {
    var c = { objs: {}, order: st.order.slice(), gs: {}, timerChan: {}, k: st.k };
    for (var g in st.gs) c.gs[g] = st.gs[g];
    for (var t in st.timerChan) c.timerChan[t] = st.timerChan[t];
    for (var n in st.objs) {
      var o = st.objs[n], d = {};
      for (var f in o) d[f] = o[f];
      d.readers = Object.assign({}, o.readers);
      d.waiters = Object.assign({}, o.waiters);
      c.objs[n] = d;
    }
    return c;
  }

  function applyStep(st, s) {
    var m;
    st.gs[s.g] = s;
    st.k = s.index;
    if (s.op === 'timer fire' && s.pos && st.timerChan[pos(s.pos)]) {
      var tc = ob(st, st.timerChan[pos(s.pos)]);
      tc.len = (tc.len || 0) + 1;
      tc.sent++;
    }
    if (!s.object) return;
    var o = ob(st, s.object);
    o.last = s.index;
    var det = s.detail || '';
    switch (s.op) {
      case 'lock': case 'rwmutex lock': case 'cond wake': o.holder = s.g; break;
      case 'trylock': case 'rwmutex trylock': if (det !== 'failed') o.holder = s.g; break;
      case 'unlock': case 'rwmutex unlock': o.holder = 0; break;
      case 'rwmutex rlock': case 'rwmutex tryrlock': if (det !== 'failed') o.readers[s.g] = true; break;
      case 'rwmutex runlock': delete o.readers[s.g]; break;
      case 'chan send':
        m = /^len (\d+)\/(\d+)$/.exec(det);
        if (m) { o.len = +m[1]; o.cap = +m[2]; }
        if (s.partner) { if (o.cap === null) o.cap = 0; o.recv++; }
        o.sent++;
        break;
      case 'chan recv':
        if (det === 'closed') break;
        o.recv++;
        if (o.len) o.len--;
        break;
      case 'chan close': o.closed = true; break;
      case 'select':
        if (s.partner && o.cap === null) o.cap = 0;
        if (/: send$/.test(det)) { o.sent++; if (s.partner) o.recv++; else if (o.cap) o.len++; }
        else if (/: receive$/.test(det)) { o.recv++; if (s.partner) o.sent++; else if (o.len) o.len--; }
        break;
      case 'timer start': case 'ticker start':
        if (/^chan /.test(s.object)) {
          o.cap = 1; o.len = o.len || 0;
          if (s.pos) st.timerChan[pos(s.pos)] = s.object;
        }
        break;
      case 'timer fire': case 'ticker fire': o.fired++; break;
      case 'timer stop': case 'ticker stop': o.stopped = true; break;
      case 'waitgroup add': case 'waitgroup done':
        m = /^counter (-?\d+)$/.exec(det);
        if (m) o.counter = +m[1];
        break;
      case 'once': o.done = true; break;
      case 'cond wait': o.waiters[s.g] = true; break;
      case 'cond signal':
        m = /wakes goroutine (\d+)/.exec(det);
        if (m) delete o.waiters[m[1]];
        break;
      case 'cond broadcast': o.waiters = {}; break;
      case 'read': case 'write': o.access = s.op + ' by goroutine ' + s.g + ' at ' + pos(s.pos); break;
      default:
        m = /^now (.*)$/.exec(det);
        if (/^atomic/.test(s.op) && m) o.value = m[1];
    }
  }

  function objectState(k) {
    var c = cur.stateCache;
    var st = c && c.k <= k ? cloneState(c) : emptyState();
    for (var i = st.k; i < k && i < cur.n; i++) applyStep(st, cur.steps[i]);
    cur.stateCache = st;
    return st;
  }

  function describeObject(o) {
    var kind = o.name.split(' ')[0];
    var keys = function (m) { return Object.keys(m).sort(function (a, b) { return a - b; }); };
    switch (kind) {
      case 'mutex':
        if (o.holder) return 'locked by goroutine ' + o.holder;
        if (keys(o.readers).length) return 'read-locked by goroutine ' + keys(o.readers).join(', ');
        return 'unlocked';
      case 'chan':
        var parts = [];
        if (o.closed) parts.push('closed');
        if (o.cap) parts.push('len ' + o.len + '/' + o.cap);
        else if (o.cap === 0) parts.push('unbuffered');
        parts.push(o.sent + ' sent, ' + o.recv + ' received');
        return parts.join('; ');
      case 'waitgroup': return o.counter === null ? 'waited on' : 'counter ' + o.counter;
      case 'atomic': return o.value === null ? 'accessed' : 'value ' + o.value;
      case 'timer': return (o.fired ? 'fired ' + plural(o.fired, 'time') : 'pending') + (o.stopped ? ', stopped' : '');
      case 'once': return o.done ? 'done' : 'not done';
      case 'cond':
        var w = keys(o.waiters);
        return w.length ? 'waiting: goroutine ' + w.join(', ') : 'no waiter';
      case 'mem': return o.access;
    }
    return 'touched';
  }

  function renderState() {
    var panel = $('state');
    panel.replaceChildren();
    var end = sel > cur.n;
    var st = objectState(end ? cur.n : sel);
    panel.appendChild(el('h2', '', end ? 'End of the trace' : 'Step ' + sel + ' of ' + cur.n));
    var box = el('div', 'step');
    if (!end) {
      var s = cur.steps[sel - 1];
      box.appendChild(el('div', '', laneName(s.g) + ': ' + (s.op || '-') + (s.object ? ' ' + s.object : '')));
      if (s.detail) box.appendChild(el('div', 'muted', s.detail));
      if (s.partner) box.appendChild(el('div', '', 'with goroutine ' + s.partner));
      box.appendChild(el('div', 'mono', pos(s.pos)));
    } else {
      box.appendChild(el('div', '', cur.f.kind + ': ' + cur.f.message));
    }
    panel.appendChild(box);

    panel.appendChild(el('h2', '', 'Goroutines'));
    var gt = el('table');
    gt.id = 'goroutines';
    cur.lanes.forEach(function (g) {
      var tr = el('tr');
      tr.appendChild(el('td', '', laneName(g)));
      var fin = cur.final[g], last = st.gs[g], life = cur.life[g], text;
      if (end && fin) {
        text = '[' + fin.status + ']' + (fin.blockedAt ? ' at ' + pos(fin.blockedAt) : '');
        if (blocked(fin)) tr.className = 'touched';
      } else if (g !== 0 && sel < life.start) {
        text = 'not started';
      } else if (fin && fin.status === 'exited' && life.last && sel > life.last) {
        text = 'exited';
      } else if (last) {
        text = 'last: ' + (last.op || '-') + ' at step ' + last.index;
      } else {
        text = g === 0 ? 'no firing yet' : 'running';
      }
      if (!end && cur.steps[sel - 1].g === g) tr.className = 'touched';
      tr.appendChild(el('td', '', text));
      gt.appendChild(tr);
    });
    panel.appendChild(gt);

    panel.appendChild(el('h2', '', 'Objects'));
    var ot = el('table');
    ot.id = 'objects';
    var names = st.order.slice().sort(function (a, b) {
      var pa = a.split(' '), pb = b.split(' ');
      return pa[0] < pb[0] ? -1 : pa[0] > pb[0] ? 1 : (+pa[1] || 0) - (+pb[1] || 0);
    });
    names.forEach(function (name) {
      var o = st.objs[name];
      var tr = el('tr', !end && o.last === sel ? 'touched' : '');
      tr.appendChild(el('td', '', name));
      tr.appendChild(el('td', '', describeObject(o)));
      ot.appendChild(tr);
    });
    if (!names.length) panel.appendChild(el('p', 'muted', 'No object touched yet.'));
    panel.appendChild(ot);
  }

  // ---- controls ----
  function onKey(ev) {
    if (!cur || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target && ev.target.tagName;
    if (t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT') return;
    switch (ev.key) {
      case 'ArrowRight': case 'ArrowDown': select(sel + 1); break;
      case 'ArrowLeft': case 'ArrowUp': select(sel - 1); break;
      case 'Home': select(1); break;
      case 'End': select(cur.n + 1); break;
      default: return;
    }
    ev.preventDefault();
  }

  function params() {
    var out = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf('=');
      if (i < 0) out[kv] = true; else out[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
    });
    return out;
  }

  // selftest clicks through the chart as a person would and writes what
  // it saw into #selftest-result, as JSON (for the browser test).
  function selftest() {
    var res = { ok: true, errors: [], findings: findings.length };
    function check(c, msg) { if (!c) { res.ok = false; res.errors.push(msg); } }
    function selRow() { var r = document.querySelector('.row.sel'); return r ? Number(r.dataset.step) : -1; }
    if (findings.length) {
      res.lanes = [].map.call(document.querySelectorAll('#lanes-head .lane'), function (e) { return Number(e.dataset.g); });
      res.blockedLanes = [].map.call(document.querySelectorAll('#lanes-head .lane.blocked'), function (e) { return Number(e.dataset.g); });
      res.steps = cur.n;
      res.finding = cur.f.id;
      select(1);
      check(selRow() === 1, 'first step selected at start');
      $('next').click();
      check(sel === 2 && selRow() === 2, 'step forward selects step 2 (got ' + sel + ')');
      check($('stepno').textContent.indexOf('step 2 / ') === 0 || cur.n < 2, 'step label says step 2');
      $('prev').click();
      check(sel === 1 && selRow() === 1, 'step back selects step 1');
      check($('prev').disabled, 'step back disabled at the first step');
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      check(sel === Math.min(2, cur.n + 1), 'ArrowRight steps forward');
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
      check(sel === 1, 'ArrowLeft steps back');
      var t0 = performance.now(), clicks = 0, maxNodes = 0, maxRows = 0;
      while (!$('next').disabled && clicks < 1000000) {
        $('next').click();
        clicks++;
        if (clicks % 25 === 0 || $('next').disabled) {
          maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
          maxRows = Math.max(maxRows, document.querySelectorAll('.row').length);
        }
      }
      res.stepAllMs = Math.round(performance.now() - t0);
      res.clicks = clicks;
      res.maxNodes = maxNodes;
      res.maxRows = maxRows;
      check(sel === cur.n + 1 && selRow() === cur.n + 1, 'stepping forward reaches the end row');
      res.endBlocked = [].map.call(document.querySelectorAll('.row.end .box.blocked'), function (e) { return Number(e.dataset.g); });
      res.arrowsInDom = document.querySelectorAll('#chart svg line.arrow').length;
      res.arrowsTotal = cur.arrows.length;
      res.stateGoroutines = document.querySelectorAll('#goroutines tr').length;
      res.stateObjects = [].map.call(document.querySelectorAll('#objects tr'), function (tr) { return tr.textContent; });
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
      check(sel === 1, 'Home goes to the first step');
    }
    var out = $('selftest-result');
    out.textContent = JSON.stringify(res);
    document.title = 'selftest ' + (res.ok ? 'ok' : 'FAIL');
  }

  function init() {
    $('summary').textContent = summaryText();
    $('tool').textContent = rep.tool.name + ' ' + rep.tool.version + ' (' + rep.tool.goVersion + ') — ' + (rep.patterns || []).join(' ');
    buildNav();
    $('first').addEventListener('click', function () { select(1); });
    $('prev').addEventListener('click', function () { select(sel - 1); });
    $('next').addEventListener('click', function () { select(sel + 1); });
    $('last').addEventListener('click', function () { select(cur.n + 1); });
    document.addEventListener('keydown', onKey);
    var chart = $('chart');
    chart.addEventListener('scroll', function () {
      $('lanes-head').scrollLeft = chart.scrollLeft;
      if (cur) renderRows(false);
    });
    window.addEventListener('resize', function () { if (cur) renderRows(true); });
    var p = params();
    if (findings.length) {
      var i = p.finding ? Number(p.finding) - 1 : 0;
      findings.forEach(function (x, j) { if (x.f.id === Number(p.finding)) i = j; });
      var first = findings[Math.max(0, Math.min(findings.length - 1, i))];
      showFinding(Math.max(0, Math.min(findings.length - 1, i)), p.step === 'end' ? first.f.trace.steps.length + 1 : Number(p.step) || 1);
    } else {
      $('finding-head').replaceChildren(el('p', '', 'No findings: ' + summaryText() + '.'));
      $('controls').style.display = 'none';
    }
    if (p.selftest) selftest();
  }

  init();
})();
