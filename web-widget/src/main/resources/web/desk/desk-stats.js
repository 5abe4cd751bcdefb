/* LiveChat agent desk: the statistics dashboard (GET /api/stats, docs/API.md), drawn with plain SVG bars. */
(function () {
  'use strict';
  var D = window.LiveChatDesk, el = D.el, SVG = 'http://www.w3.org/2000/svg';
  function $(id) { return document.getElementById(id); }
  function day(d) { return d.toISOString().slice(0, 10); }

  function secs(t) {
    if (!t || t.mean == null) return '\u2013';
    var s = Math.round(t.mean);
    return s < 60 ? s + ' s' : s < 3600 ? Math.floor(s / 60) + ' min ' + (s % 60) + ' s' : (s / 3600).toFixed(1) + ' h';
  }
  function score(s) { return s && s.mean != null ? s.mean.toFixed(1) + ' / 10 (' + s.count + ')' : '\u2013'; }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function bar(value, max) {
    var s = svg('svg', { width: 120, height: 12, 'aria-hidden': 'true', focusable: 'false', class: 'bar' });
    s.appendChild(svg('rect', { x: 0, y: 0, width: max ? Math.max(1, Math.round(120 * value / max)) : 0, height: 12, rx: 2 }));
    return s;
  }
  // the 0-10 distribution of the ratings, one column per score
  function distribution(sat) {
    var d = sat.distribution || [], max = Math.max.apply(null, d.concat([1]));
    var s = svg('svg', { width: 286, height: 86, role: 'img', class: 'dist',
      'aria-label': 'Ratings by score: ' + d.map(function (n, i) { return i + ': ' + n; }).join(', ') });
    d.forEach(function (n, i) {
      var h = Math.round(60 * n / max);
      s.appendChild(svg('rect', { x: i * 26 + 2, y: 66 - h, width: 20, height: h, rx: 2 }));
      var t = svg('text', { x: i * 26 + 12, y: 82, 'text-anchor': 'middle' });
      t.textContent = String(i);
      s.appendChild(t);
    });
    return s;
  }
  function totals(t) {
    var dl = $('stats-total');
    dl.textContent = '';
    [['Conversations', t.conversations], ['Answered', t.answered], ['Messages', t.messages],
      ['First response (mean)', secs(t.firstResponseSeconds)], ['First response (median)',
        t.firstResponseSeconds.median == null ? '\u2013' : secs({ mean: t.firstResponseSeconds.median })],
      ['Handling (mean)', secs(t.handlingSeconds)], ['Satisfaction', score(t.satisfaction)]].forEach(function (p) {
      var div = el('div');
      div.appendChild(el('dt', null, p[0])); div.appendChild(el('dd', null, String(p[1])));
      dl.appendChild(div);
    });
    var box = $('stats-dist');
    box.textContent = '';
    box.appendChild(distribution(t.satisfaction));
  }
  function groups(list) {
    var body = $('stats-rows'), max = 0;
    body.textContent = '';
    list.forEach(function (g) { max = Math.max(max, g.conversations); });
    list.forEach(function (g) {
      var tr = el('tr');
      tr.appendChild(el('th', null, g.label)).setAttribute('scope', 'row');
      var n = el('td', 'num');
      n.appendChild(bar(g.conversations, max)); n.appendChild(document.createTextNode(' ' + g.conversations));
      tr.appendChild(n);
      tr.appendChild(el('td', null, secs(g.firstResponseSeconds)));
      tr.appendChild(el('td', null, secs(g.handlingSeconds)));
      tr.appendChild(el('td', null, score(g.satisfaction)));
      body.appendChild(tr);
    });
    $('stats-table').hidden = !list.length;
  }
  function show() {
    var q = 'from=' + encodeURIComponent($('stats-from').value) + '&to=' + encodeURIComponent($('stats-to').value)
      + '&by=' + encodeURIComponent($('stats-by').value);
    $('stats-error').textContent = '';
    D.call('GET', '/api/stats?' + q).then(function (r) {
      if (!r.ok) { $('stats-error').textContent = D.problem(r); return; }
      totals(r.body.total); groups(r.body.groups || []);
      $('stats-result').hidden = false;
    }, function () { $('stats-error').textContent = D.problem(null); });
  }
  $('stats-form').addEventListener('submit', function (e) { e.preventDefault(); show(); });
  $('stats-box').addEventListener('toggle', function () {
    if (!$('stats-box').open) return;
    if (!$('stats-to').value) {
      var now = new Date();
      $('stats-to').value = day(now);
      $('stats-from').value = day(new Date(now.getTime() - 6 * 86400000));
    }
    show();
  });
})();
