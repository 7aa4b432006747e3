// Guichet console, live dashboard: follows /console/api/live (server-sent events) and draws the last ten minutes with
// uPlot (served from the package). Every value goes into the page through textContent: nothing from the stream is
// ever parsed as HTML. Without this script the page still shows the state as of its loading.
'use strict';
(function () {
  var holder = document.getElementById('live-labels');
  if (!holder || typeof EventSource === 'undefined') return;
  var L = JSON.parse(holder.getAttribute('data-json'));
  var lang = L.lang === 'en' ? 'en-GB' : 'fr-FR';
  var nf = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var fmt = function (n) { return nf.format(n); };
  var $ = function (id) { return document.getElementById(id); };
  var text = function (id, v) { var el = $(id); if (el) el.textContent = v; };

  var MAX = 600;
  var xs = [], claims = [], issued = [], waiting = [];
  function push(p) {
    xs.push(p.t); claims.push(p.claims); issued.push(p.issued); waiting.push(p.waiting);
    if (xs.length > MAX) { xs.shift(); claims.shift(); issued.shift(); waiting.shift(); }
  }

  function width(el) { return Math.max(280, Math.floor(el.clientWidth || el.parentNode.clientWidth || 600)); }
  var axisFmt = { values: function (u, vals) { return vals.map(function (v) { return fmt(v); }); } };
  // Hours as the operators read them: 24 h, Libreville time, whatever the browser's own zone and locale.
  var tf = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Africa/Libreville' });
  var timeAxis = { values: function (u, vals) { return vals.map(function (v) { return tf.format(new Date(v * 1000)); }); } };
  function chart(id, series, stroke) {
    var el = $(id);
    if (!el || typeof uPlot === 'undefined') return null;
    var opts = {
      width: width(el), height: 220,
      scales: { x: { time: true } },
      series: [{ label: L.time, value: function (u, v) { return v == null ? '' : tf.format(new Date(v * 1000)); } }].concat(series.map(function (s, i) { return { label: s, stroke: stroke[i], width: 2 }; })),
      axes: [timeAxis, axisFmt],
      legend: { live: false },
    };
    return new uPlot(opts, [[]].concat(series.map(function () { return []; })), el);
  }
  var rate = chart('chart-rate', [L.claimsPerS, L.issuedPerS], ['#0a4a85', '#0b6e2e']);
  var line = chart('chart-line', [L.waiting], ['#b3001b']);
  function redraw() {
    if (rate) rate.setData([xs, claims, issued]);
    if (line) line.setData([xs, waiting]);
  }
  window.addEventListener('resize', function () {
    [['chart-rate', rate], ['chart-line', line]].forEach(function (c) { if (c[1]) c[1].setSize({ width: width($(c[0])), height: 220 }); });
  });

  function rows(tbodyId, list) {
    var tb = $(tbodyId);
    if (!tb) return;
    while (tb.firstChild) tb.removeChild(tb.firstChild);
    list.forEach(function (cells) {
      var tr = document.createElement('tr');
      cells.forEach(function (c, i) {
        var td = document.createElement('td');
        td.textContent = typeof c === 'number' ? fmt(c) : c;
        if (typeof c === 'number' && i > 0) td.className = 'n';
        tr.appendChild(td);
      });
      tb.appendChild(tr);
    });
  }
  function sum(rowsIn, key) {
    var m = {};
    rowsIn.forEach(function (r) { var k = key(r); var b = m[k] || (m[k] = [0, 0]); b[0] += r.credits; b[1] += r.fcfa; });
    return m;
  }

  function apply(s) {
    text('live-status', L.live + ' · ' + new Date(s.at).toLocaleTimeString(lang, { timeZone: 'Africa/Libreville' }));
    text('kpi-claims', fmt(s.point.claims));
    text('kpi-credits', fmt(s.totals.credits));
    text('kpi-amount', fmt(s.totals.fcfa) + '\u00a0FCFA');
    if (s.line) {
      text('kpi-waiting', fmt(s.line.waiting));
      text('kpi-wait', fmt(s.line.wait_s) + ' ' + L.seconds);
      text('kpi-rate', fmt(s.line.rate) + L.perS);
      text('kpi-admit', s.line.admit_rate ? fmt(s.line.admit_rate) + L.perS : L.noCeiling);
    }
    var cur = s.budget.filter(function (b) { return s.cycle && b.cycle === s.cycle.id; })[0];
    if (cur && cur.envelope) {
      text('kpi-budget', fmt(Math.round((cur.spent / cur.envelope) * 1000) / 10) + ' %');
      var m = $('meter-budget');
      if (m) { m.max = cur.envelope; m.value = cur.spent; m.textContent = fmt(cur.spent); }
      text('kpi-budget-text', fmt(cur.spent) + '\u00a0FCFA ' + L.used + ' / ' + fmt(cur.envelope) + '\u00a0FCFA (' + L.envelope + ')');
    }
    var bySvc = sum(s.totals.rows, function (r) { return r.service + '|' + r.metering; });
    rows('tbody-service', Object.keys(bySvc).sort().map(function (k) {
      var p = k.split('|');
      return [p[0] === 'water' ? L.water : L.electricity, p[1] === 'prepaid' ? L.prepaid : L.postpaid, bySvc[k][0], bySvc[k][1]];
    }));
    var byAg = sum(s.totals.rows, function (r) { return r.agency; });
    rows('tbody-agency', Object.keys(byAg).sort(function (a, b) { return byAg[b][0] - byAg[a][0]; }).map(function (k) { return [k, byAg[k][0], byAg[k][1]]; }));
    rows('tbody-outcomes', Object.keys(s.outcomes).sort(function (a, b) { return s.outcomes[b] - s.outcomes[a]; }).map(function (k) { return [L.reasons[k] || k, s.outcomes[k]]; }));
    if (s.sms) rows('tbody-sms', Object.keys(s.sms).map(function (k) { return [k, s.sms[k]]; }));
  }

  var es = new EventSource('/console/api/live');
  es.addEventListener('hello', function (e) {
    var d = JSON.parse(e.data);
    xs = []; claims = []; issued = []; waiting = [];
    d.series.forEach(push);
    redraw();
    apply(d.snapshot);
  });
  es.onmessage = function (e) {
    var s = JSON.parse(e.data);
    push(s.point);
    redraw();
    apply(s);
  };
  es.onerror = function () { text('live-status', L.stale); };
})();
