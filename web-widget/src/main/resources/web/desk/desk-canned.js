/* LiveChat agent desk: canned responses. Typing /short in the reply box offers the matches; Enter or Tab inserts the
   chosen one with its placeholders filled ({visitor.name}, {visitor.email}, {agent.name}). REST: docs/API.md */
(function () {
  'use strict';
  var D = window.LiveChatDesk, el = D.el;
  function $(id) { return document.getElementById(id); }
  var list = [], loadedAt = 0, matches = [], active = 0;

  function load(force) {
    if (!D.token() || (!force && Date.now() - loadedAt < 30000)) return Promise.resolve(list);
    return D.call('GET', '/api/canned').then(function (r) {
      if (r.ok) { list = r.body.canned || []; loadedAt = Date.now(); renderManage(); }
      return list;
    }, function () { return list; });
  }

  /* ---------- placeholders ---------- */
  function fill(body) {
    var id = D.selected(), info = (id && D.info(id)) || {}, agent = D.agent() || {};
    var values = {
      'visitor.name': info.visitorName || 'there',
      'visitor.email': info.visitorEmail || '',
      'agent.name': agent.name || agent.email || ''
    };
    return body.replace(/\{(visitor\.name|visitor\.email|agent\.name)\}/g, function (m, k) { return values[k]; });
  }
  D.fillCanned = fill;

  /* ---------- suggestions in the reply box ---------- */
  // the /word being typed right before the caret, at the start or after a space
  function typed(box) {
    var before = box.value.slice(0, box.selectionStart);
    var m = /(^|\s)\/([A-Za-z0-9_-]*)$/.exec(before);
    return m ? { word: m[2], at: before.length - m[2].length - 1 } : null;
  }
  function suggest() {
    var box = $('reply'), t = typed(box);
    if (!t) return close();
    load(false).then(function () {
      var t2 = typed(box);
      if (!t2) return close();
      var w = t2.word.toLowerCase();
      matches = list.filter(function (c) { return c.shortcut.toLowerCase().indexOf(w) === 0; }).slice(0, 8);
      active = 0;
      render();
    });
  }
  function render() {
    var menu = $('canned-menu');
    menu.textContent = '';
    if (!matches.length) return close();
    matches.forEach(function (c, i) {
      var li = el('li', 'canned-opt' + (i === active ? ' active' : ''));
      li.id = 'canned-opt-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', i === active ? 'true' : 'false');
      li.appendChild(el('span', 'canned-key', '/' + c.shortcut));
      li.appendChild(el('span', 'canned-text', fill(c.body)));
      li.addEventListener('mousedown', function (e) { e.preventDefault(); active = i; insert(); });
      menu.appendChild(li);
    });
    menu.hidden = false;
    $('canned-hint').textContent = matches.length + ' canned ' + (matches.length === 1 ? 'response' : 'responses')
      + ': /' + matches[active].shortcut + '. Enter or Tab inserts.';
  }
  function close() {
    matches = [];
    $('canned-menu').hidden = true; $('canned-menu').textContent = '';
  }
  function insert() {
    var box = $('reply'), t = typed(box), c = matches[active];
    if (!t || !c) return close();
    var text = fill(c.body), end = box.selectionStart;
    box.value = box.value.slice(0, t.at) + text + box.value.slice(end);
    box.selectionStart = box.selectionEnd = t.at + text.length;
    close();
    $('canned-hint').textContent = 'Inserted /' + c.shortcut + '.';
    box.dispatchEvent(new Event('input', { bubbles: true })); // the desk keeps the draft
  }
  // capture on the form: the desk's own Enter (send) on the reply box must not see a key that picks a suggestion
  $('reply-form').addEventListener('keydown', function (e) {
    if (e.target.id !== 'reply' || $('canned-menu').hidden || !matches.length) return;
    if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); e.stopPropagation(); insert(); }
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault(); e.stopPropagation();
      active = (active + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
      render();
    } else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); }
  }, true);
  $('reply').addEventListener('input', suggest);
  $('reply').addEventListener('blur', function () { setTimeout(close, 150); });

  /* ---------- managing them ---------- */
  function renderManage() {
    var ul = $('canned-list');
    ul.textContent = '';
    list.forEach(function (c) {
      var li = el('li', 'canned-row');
      li.appendChild(el('span', 'canned-key', '/' + c.shortcut + (c.shared ? ' (shared)' : '')));
      li.appendChild(el('span', 'canned-text', c.body));
      var del = el('button', 'canned-del', 'Delete');
      del.type = 'button';
      del.setAttribute('aria-label', 'Delete /' + c.shortcut);
      del.addEventListener('click', function () {
        D.call('DELETE', '/api/canned/' + c.id).then(function (r) {
          $('canned-error').textContent = r.ok ? '' : D.problem(r);
          load(true);
        });
      });
      li.appendChild(del);
      ul.appendChild(li);
    });
    $('canned-empty').hidden = list.length > 0;
  }
  $('canned-box').addEventListener('toggle', function () { if ($('canned-box').open) load(true); });
  $('canned-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var body = { shortcut: $('canned-shortcut').value.trim(), body: $('canned-body').value, shared: $('canned-shared').checked };
    D.call('POST', '/api/canned', body).then(function (r) {
      $('canned-error').textContent = r.ok ? '' : D.problem(r);
      if (r.ok) { $('canned-shortcut').value = ''; $('canned-body').value = ''; $('canned-shared').checked = false; load(true); }
    }, function () { $('canned-error').textContent = D.problem(null); });
  });
})();
