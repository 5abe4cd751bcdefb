/* LiveChat agent desk. Plain JS, no inline handlers (strict CSP). Wire contract: docs/PROTOCOL.md */
(function () {
  'use strict';
  var SS = window.sessionStorage;
  var K = { token: 'livechat.desk.token', agent: 'livechat.desk.agent', cursors: 'livechat.desk.cursors',
    outbox: 'livechat.desk.outbox', sel: 'livechat.desk.selected' };
  function $(id) { return document.getElementById(id); }
  function get(k, d) { try { var v = JSON.parse(SS.getItem(k)); return v == null ? d : v; } catch (e) { return d; } }
  function put(k, v) { try { SS.setItem(k, JSON.stringify(v)); } catch (e) { /* ignore */ } }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  // message text is only ever text; http(s) URLs become links that cannot reach back into the desk
  function linkify(parent, text) {
    var re = /\bhttps?:\/\/[^\s<>"]+/gi, at = 0, m;
    while ((m = re.exec(text))) {
      var u = m[0].replace(/[.,;:!?)\]}'"]+$/, ''), href = null;
      try { var p = new URL(u); if (p.protocol === 'http:' || p.protocol === 'https:') href = p.href; } catch (e) { /* not a URL */ }
      if (!href) continue;
      parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      var a = el('a', null, u);
      a.href = href; a.target = '_blank'; a.rel = 'noopener noreferrer';
      parent.appendChild(a);
      at = re.lastIndex = m.index + u.length;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }
  function ago(ts) {
    var s = Math.max(0, Math.round((Date.now() - ts) / 1000));
    return s < 60 ? s + 's' : s < 3600 ? Math.floor(s / 60) + 'm' : Math.floor(s / 3600) + 'h';
  }
  function newId() {
    try { if (window.crypto && crypto.randomUUID) return crypto.randomUUID(); } catch (e) { /* insecure context */ }
    var a = new Uint8Array(12); crypto.getRandomValues(a);
    return 'd' + Date.now().toString(36) + '-' + Array.prototype.map.call(a, function (b) { return b.toString(16); }).join('');
  }

  var token = get(K.token, null);
  var agent = get(K.agent, null);
  var convs = {};      // id -> conversation state
  var selected = null; // conversation id
  var ws = null, gen = 0, connected = false, attempt = 0, timer = 0, sentOn = {};

  function conv(id) {
    var c = convs[id];
    if (!c) {
      c = convs[id] = { id: id, info: {}, msgs: {}, cursor: 0, unread: 0, last: null, pending: [], typing: false,
        typingTimer: 0, loaded: false, loading: false };
    }
    return c;
  }
  (function restore() {
    var cur = get(K.cursors, {});
    Object.keys(cur).forEach(function (id) { conv(id).cursor = +cur[id] || 0; });
    get(K.outbox, []).forEach(function (p) {
      conv(p.conversationId).pending.push({ clientMsgId: p.clientMsgId, text: p.text, state: 'sending', conversationId: p.conversationId });
    });
    selected = get(K.sel, null);
  })();
  function saveCursors() {
    var o = {};
    Object.keys(convs).forEach(function (id) { o[id] = convs[id].cursor; });
    put(K.cursors, o);
  }
  function saveOutbox() {
    var out = [];
    Object.keys(convs).forEach(function (id) {
      convs[id].pending.forEach(function (p) {
        if (p.state === 'sending') out.push({ conversationId: id, clientMsgId: p.clientMsgId, text: p.text });
      });
    });
    put(K.outbox, out);
  }

  /* ---------- login / logout ---------- */
  function showLogin(msg) {
    $('app').hidden = true; $('login').hidden = false;
    $('login-error').textContent = msg || '';
    $('email').focus();
  }
  function showApp() {
    $('login').hidden = true; $('app').hidden = false;
    $('agent-name').textContent = agent ? (agent.name || agent.email || '') : '';
    renderList(); renderConv();
    connect();
  }
  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var btn = $('login-btn'); btn.disabled = true; $('login-error').textContent = '';
    fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: $('email').value, password: $('password').value }) })
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (r) {
        btn.disabled = false;
        if (!r.ok || !r.body.token) {
          $('login-error').textContent = r.body.code === 'bad_credentials' ? 'Wrong email or password.' : (r.body.message || 'Login failed.');
          return;
        }
        token = r.body.token; agent = r.body.agent || null;
        put(K.token, token); put(K.agent, agent);
        $('password').value = '';
        showApp();
      }, function () { btn.disabled = false; $('login-error').textContent = 'Cannot reach the server.'; });
  });
  function logout(msg) {
    gen++; clearTimeout(timer);
    if (ws) { try { ws.close(1000); } catch (e) { /* ignore */ } ws = null; }
    connected = false; token = null; agent = null; convs = {}; selected = null;
    Object.keys(K).forEach(function (k) { SS.removeItem(K[k]); });
    $('conv-list').textContent = ''; $('transcript').textContent = '';
    document.title = 'Agent desk';
    showLogin(msg);
  }
  $('logout').addEventListener('click', function () { logout(''); });

  /* ---------- WebSocket ---------- */
  function setConn(ok, text) {
    connected = ok;
    var c = $('conn'); c.textContent = text; c.className = 'conn' + (ok ? ' ok' : '');
  }
  function backoff() {
    var d = Math.min(15000, 500 * Math.pow(2, attempt++));
    return d / 2 + Math.random() * d / 2;
  }
  function connect() {
    clearTimeout(timer);
    var g = ++gen, opened = false, ping;
    if (ws) { try { ws.close(); } catch (e) { /* ignore */ } }
    setConn(false, 'Connecting\u2026');
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/desk/ws?token=' + encodeURIComponent(token);
    var sock = ws = new WebSocket(url);
    sentOn = {};
    sock.onopen = function () {
      if (g !== gen) return;
      opened = true; attempt = 0;
      var cursors = {};
      Object.keys(convs).forEach(function (id) { cursors[id] = convs[id].cursor; });
      sock.send(JSON.stringify({ type: 'hello', cursors: cursors }));
      setConn(true, 'Connected');
      flush();
      ping = setInterval(function () { if (sock.readyState === 1) sock.send('{"type":"ping"}'); }, 25000);
    };
    sock.onmessage = function (e) {
      if (g !== gen) return;
      var m; try { m = JSON.parse(e.data); } catch (x) { return; }
      handle(m);
    };
    sock.onclose = function (e) {
      clearInterval(ping);
      if (g !== gen) return;
      ws = null;
      setConn(false, 'Reconnecting\u2026');
      if (e.code === 4001) return logout('Your session has expired. Please sign in again.');
      if (!opened) {
        // refused before the upgrade: find out whether the token is still good
        api('/api/conversations').then(function (r) {
          if (g !== gen) return;
          if (r.status === 401) logout('Your session has expired. Please sign in again.');
          else timer = setTimeout(connect, backoff());
        }, function () { if (g === gen) timer = setTimeout(connect, backoff()); });
        return;
      }
      timer = setTimeout(connect, e.code === 1001 || e.code === 4009 ? Math.random() * 300 : backoff());
    };
  }
  function api(path) {
    return fetch(path, { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (b) { return { ok: r.ok, status: r.status, body: b }; });
    });
  }
  function wsSend(o) {
    if (ws && ws.readyState === 1 && connected) { ws.send(JSON.stringify(o)); return true; }
    return false;
  }

  /* ---------- events ---------- */
  function handle(m) {
    var c;
    switch (m.type) {
      case 'welcome':
        if (m.agent) { agent = m.agent; put(K.agent, agent); $('agent-name').textContent = agent.name || agent.email || ''; }
        if (Array.isArray(m.conversations)) {
          var keep = {};
          m.conversations.forEach(function (ci) { var id = ci.conversationId || ci.id; if (id) { keep[id] = 1; conv(id).info = ci; } });
          Object.keys(convs).forEach(function (id) {
            if (!keep[id] && !convs[id].pending.some(function (p) { return p.state === 'sending'; })) delete convs[id];
          });
          if (selected && !convs[selected]) selected = null;
          saveCursors();
        }
        renderList(); renderConv();
        if (selected) ensureHistory(convs[selected]);
        break;
      case 'assigned':
        if (m.conversation) {
          var id = m.conversation.conversationId || m.conversation.id;
          if (id) { conv(id).info = m.conversation; saveCursors(); renderList(); }
        }
        break;
      case 'message':
        if (!m.conversationId || typeof m.seq !== 'number') return;
        c = conv(m.conversationId);
        if (m.seq <= c.cursor) return; // exactly once per conversation
        c.cursor = m.seq;
        c.msgs[m.seq] = m;
        noteLast(c, m);
        var pi = dropPending(c, m.clientMsgId);
        if (m.from === 'visitor') {
          setTyping(c, false);
          if (selected !== c.id || document.hidden) c.unread++;
        }
        saveCursors();
        if (pi) saveOutbox();
        if (selected === c.id) appendMsg(m, pi);
        renderList();
        break;
      case 'typing':
        if (m.conversationId && m.from !== 'agent') setTyping(conv(m.conversationId), !!m.typing);
        break;
      case 'ack':
        forPending(m.clientMsgId, function (c, p) {
          p.state = 'sent'; p.seq = m.seq; saveOutbox();
          updatePendingEl(p);
        });
        break;
      case 'error':
        if (m.clientMsgId) {
          forPending(m.clientMsgId, function (c, p) {
            if (m.code === 'unavailable') { delete sentOn[p.clientMsgId]; setTimeout(flush, 2000); return; }
            p.state = 'failed'; p.error = m.code; saveOutbox(); updatePendingEl(p);
          });
        } else if (window.console) console.warn('desk error', m.code, m.message);
        break;
    }
  }
  function noteLast(c, m) {
    if (!c.last || m.seq >= c.last.seq) c.last = m;
  }
  function forPending(id, fn) {
    if (!id) return;
    Object.keys(convs).forEach(function (cid) {
      convs[cid].pending.forEach(function (p) { if (p.clientMsgId === id) fn(convs[cid], p); });
    });
  }
  function dropPending(c, id) {
    if (!id) return null;
    for (var i = 0; i < c.pending.length; i++) {
      if (c.pending[i].clientMsgId === id) return c.pending.splice(i, 1)[0];
    }
    return null;
  }
  function setTyping(c, on) {
    clearTimeout(c.typingTimer);
    c.typing = on;
    if (on) c.typingTimer = setTimeout(function () { setTyping(c, false); }, 5000);
    if (selected === c.id) $('typing').textContent = on ? 'Visitor is typing\u2026' : '';
    renderList();
  }

  /* ---------- sending ---------- */
  function flush() {
    Object.keys(convs).forEach(function (id) {
      convs[id].pending.forEach(function (p) {
        if (p.state !== 'sending' || sentOn[p.clientMsgId]) return;
        if (wsSend({ type: 'send', conversationId: id, clientMsgId: p.clientMsgId, text: p.text })) sentOn[p.clientMsgId] = 1;
      });
    });
  }
  function sendReply() {
    var box = $('reply'), text = box.value;
    if (!selected || !text.trim()) return;
    var c = conv(selected);
    var p = { clientMsgId: newId(), text: text, state: 'sending', conversationId: c.id };
    c.pending.push(p); saveOutbox();
    box.value = '';
    typingOut(false);
    var t = $('transcript'); t.appendChild(pendingEl(p)); t.scrollTop = t.scrollHeight;
    flush();
  }
  $('reply-form').addEventListener('submit', function (e) { e.preventDefault(); sendReply(); $('reply').focus(); });
  $('reply').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendReply(); }
  });
  var typingOn = null, typingSent = 0, typingIdle = 0;
  function typingOut(on) {
    clearTimeout(typingIdle);
    if (!on && !typingOn) return;
    if (!on) { wsSend({ type: 'typing', conversationId: typingOn, typing: false }); typingOn = null; return; }
    if (typingOn && typingOn !== selected) typingOut(false);
    if (typingOn !== selected || Date.now() - typingSent > 3000) {
      typingOn = selected; typingSent = Date.now();
      wsSend({ type: 'typing', conversationId: selected, typing: true });
    }
    typingIdle = setTimeout(function () { typingOut(false); }, 2500);
  }
  $('reply').addEventListener('input', function () {
    if (selected && $('reply').value) typingOut(true); else typingOut(false);
  });

  /* ---------- rendering ---------- */
  function convName(c) {
    return c.info.visitorName || ('Visitor ' + c.id.slice(0, 6));
  }
  function renderList() {
    var ul = $('conv-list'), ids = Object.keys(convs), total = 0, ae = document.activeElement;
    var focused = ae && ul.contains(ae) ? ae.getAttribute('data-conversation-id') : null;
    ids.sort(function (a, b) {
      var ta = convs[a].last ? convs[a].last.ts || 0 : 0, tb = convs[b].last ? convs[b].last.ts || 0 : 0;
      return tb - ta;
    });
    ul.textContent = '';
    ids.forEach(function (id) {
      var c = convs[id], li = el('li'), b = el('button');
      b.type = 'button';
      b.setAttribute('data-conversation-id', id);
      if (c.info.status === 'closed') li.className = 'closed';
      var waiting = c.info.status !== 'closed' && c.last && c.last.from === 'visitor';
      if (waiting) li.className = 'waiting';
      if (id === selected) b.setAttribute('aria-current', 'true');
      var row = el('span', 'row');
      row.appendChild(el('span', 'name', convName(c)));
      if (waiting) row.appendChild(el('span', 'wait', 'waiting' + (c.last.ts ? ' ' + ago(c.last.ts) : '')));
      if (c.unread) { row.appendChild(el('span', 'badge', String(c.unread))); total += c.unread; }
      b.appendChild(row);
      b.appendChild(el('span', 'preview', c.typing ? 'typing\u2026' : c.last ? c.last.text : (c.info.siteKey ? 'on ' + c.info.siteKey : '')));
      b.setAttribute('aria-label', convName(c) + (c.unread ? ', ' + c.unread + ' unread' : ''));
      b.addEventListener('click', function () { select(id); });
      li.appendChild(b); ul.appendChild(li);
      if (id === focused) b.focus();
    });
    $('no-convs').hidden = ids.length > 0;
    document.title = (total ? '(' + total + ') ' : '') + 'Agent desk';
  }
  function msgEl(m) {
    var from = m.from === 'agent' || m.from === 'system' ? m.from : 'visitor';
    var d = el('div', 'msg ' + from);
    if (from !== 'system') d.appendChild(el('span', 'who', from === 'agent' ? (m.senderName || 'Agent') : convName(conv(m.conversationId || selected))));
    linkify(d, m.text == null ? '' : String(m.text));
    if (m.ts) d.title = new Date(m.ts).toLocaleString();
    d.setAttribute('data-seq', m.seq);
    return d;
  }
  var pendingEls = {};
  function pendingEl(p) {
    var d = el('div', 'msg agent');
    d.appendChild(el('span', 'who', agent ? agent.name || 'You' : 'You'));
    linkify(d, p.text);
    d.appendChild(el('span', 'st'));
    pendingEls[p.clientMsgId] = d;
    updatePendingEl(p);
    return d;
  }
  function updatePendingEl(p) {
    var d = pendingEls[p.clientMsgId];
    if (!d) return;
    d.classList.remove('pending', 'sent', 'failed');
    d.classList.add(p.state === 'sending' ? 'pending' : p.state);
    d.lastChild.textContent = p.state === 'sending' ? 'Sending\u2026' : p.state === 'sent' ? 'Sent' : 'Not sent' + (p.error ? ' (' + p.error + ')' : '');
  }
  function appendMsg(m, pi) {
    var t = $('transcript'), stick = t.scrollHeight - t.scrollTop - t.clientHeight < 40;
    if (pi && pendingEls[pi.clientMsgId]) { pendingEls[pi.clientMsgId].remove(); delete pendingEls[pi.clientMsgId]; }
    t.insertBefore(msgEl(m), t.querySelector('.pending,.sent,.failed'));
    if (stick || pi) t.scrollTop = t.scrollHeight;
    if (!document.hidden) { conv(m.conversationId).unread = 0; }
  }
  function renderConv() {
    var c = selected && convs[selected];
    $('no-sel').hidden = !!c; $('conv').hidden = !c;
    if (!c) return;
    $('conv-title').textContent = convName(c);
    $('conv-meta').textContent = [c.info.visitorEmail || '', c.info.page ? 'on ' + c.info.page : '',
      c.info.siteKey ? 'site ' + c.info.siteKey : '', c.info.status || '',
      c.info.createdAt ? 'since ' + new Date(c.info.createdAt).toLocaleString() : ''].filter(Boolean).join(' \u00b7 ');
    $('conv').setAttribute('data-conversation-id', c.id);
    $('typing').textContent = c.typing ? 'Visitor is typing\u2026' : '';
    var t = $('transcript');
    t.textContent = ''; pendingEls = {};
    Object.keys(c.msgs).map(Number).sort(function (a, b) { return a - b; })
      .forEach(function (s) { t.appendChild(msgEl(c.msgs[s])); });
    c.pending.forEach(function (p) { t.appendChild(pendingEl(p)); });
    t.scrollTop = t.scrollHeight;
  }
  function select(id) {
    if (typingOn && typingOn !== id) typingOut(false);
    selected = id; put(K.sel, id);
    var c = conv(id);
    c.unread = 0;
    renderList(); renderConv();
    $('reply').focus();
    ensureHistory(c);
  }
  function ensureHistory(c) {
    // cursor 0 or messages 1..cursor not all in memory (e.g. after a reload): fetch the transcript over REST
    if (c && !c.loaded && !c.loading && Object.keys(c.msgs).length < Math.max(1, c.cursor)) loadHistory(c, 0, 0);
  }
  function loadHistory(c, after, pages) {
    c.loading = true;
    api('/api/conversations/' + encodeURIComponent(c.id) + '/messages?after=' + after + '&limit=200').then(function (r) {
      if (r.status === 401) { c.loading = false; return logout('Your session has expired. Please sign in again.'); }
      if (!r.ok) { c.loading = false; return; }
      var list = r.body.messages || [], max = after;
      list.forEach(function (m) {
        if (typeof m.seq !== 'number') return;
        if (!m.conversationId) m.conversationId = c.id;
        if (!c.msgs[m.seq]) c.msgs[m.seq] = m;
        dropPending(c, m.clientMsgId);
        noteLast(c, m);
        if (m.seq > max) max = m.seq;
      });
      if (max > c.cursor) c.cursor = max;
      saveCursors(); saveOutbox();
      if (list.length >= 200 && pages < 20) return loadHistory(c, max, pages + 1);
      c.loading = false; c.loaded = true;
      if (selected === c.id) renderConv();
      renderList();
    }, function () { c.loading = false; });
  }
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && selected && convs[selected] && convs[selected].unread) { convs[selected].unread = 0; renderList(); }
  });

  setInterval(function () { if (token && document.querySelector('.conv-list .wait')) renderList(); }, 30000);

  window.LiveChatDesk = {
    state: function () {
      var o = {};
      Object.keys(convs).forEach(function (id) { o[id] = convs[id].cursor; });
      return { connected: connected, conversations: o };
    }
  };

  if (token) showApp(); else showLogin('');
})();
