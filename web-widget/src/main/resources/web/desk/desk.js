/* LiveChat agent desk. Plain JS, no inline handlers (strict CSP). Wire contract: docs/PROTOCOL.md */
(function () {
  'use strict';
  var SS = window.sessionStorage;
  var K = { token: 'livechat.desk.token', agent: 'livechat.desk.agent', cursors: 'livechat.desk.cursors',
    outbox: 'livechat.desk.outbox', sel: 'livechat.desk.selected', drafts: 'livechat.desk.drafts',
    epochs: 'livechat.desk.epochs' };
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
  var draftOf = null;  // the conversation whose draft is in the reply box
  var legacy = false;  // the server answered a newer frame (receipt, status, close) with unknown_type
  var PAGE = 50;       // messages per page when scrolling back
  var alerts = 0;      // notifications and sounds given, for the curious (and the tests)

  function conv(id) {
    var c = convs[id];
    if (!c) {
      c = convs[id] = { id: id, info: {}, msgs: {}, cursor: 0, epoch: '', unread: 0, last: null, pending: [], typing: false,
        typingTimer: 0, loaded: false, loading: false, draft: '', oldest: 0, rcpt: {} };
    }
    return c;
  }
  (function restore() {
    var cur = get(K.cursors, {});
    Object.keys(cur).forEach(function (id) { conv(id).cursor = +cur[id] || 0; });
    var ep = get(K.epochs, {});
    Object.keys(ep).forEach(function (id) { if (convs[id]) convs[id].epoch = String(ep[id] || ''); });
    get(K.outbox, []).forEach(function (p) {
      conv(p.conversationId).pending.push({ clientMsgId: p.clientMsgId, text: p.text, state: 'sending', conversationId: p.conversationId });
    });
    selected = get(K.sel, null);
    var d = get(K.drafts, {});
    Object.keys(d).forEach(function (id) { conv(id).draft = String(d[id] || ''); });
  })();
  function saveDrafts() {
    var o = {};
    Object.keys(convs).forEach(function (id) { if (convs[id].draft) o[id] = convs[id].draft; });
    put(K.drafts, o);
  }
  function saveCursors() {
    var o = {};
    var e = {};
    Object.keys(convs).forEach(function (id) { o[id] = convs[id].cursor; if (convs[id].epoch) e[id] = convs[id].epoch; });
    put(K.cursors, o); put(K.epochs, e);
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
    var c = selected && convs[selected];
    $('reply').value = c ? c.draft || '' : ''; draftOf = c ? selected : null;
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
    connected = false; token = null; agent = null; convs = {}; selected = null; draftOf = null; $("reply").value = "";
    Object.keys(K).forEach(function (k) { SS.removeItem(K[k]); });
    $('conv-list').textContent = ''; $('closed-list').textContent = ''; $('transcript').textContent = '';
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
  // the token never goes in a URL (access logs keep URLs): a browser cannot set a WebSocket's headers, so the desk
  // trades its token, sent in a header, for a single-use ticket that opens one socket within seconds
  function connect() {
    clearTimeout(timer);
    var g = ++gen;
    if (ws) { try { ws.close(); } catch (e) { /* ignore */ } }
    setConn(false, 'Connecting\u2026');
    fetch('/api/ws-ticket', { method: 'POST', headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (b) {
          if (g !== gen) return;
          if (r.ok && b.ticket) openSocket(g, b.ticket);
          else if (r.status === 401) logout('Your session has expired. Please sign in again.');
          else timer = setTimeout(connect, backoff());
        });
      }, function () { if (g === gen) timer = setTimeout(connect, backoff()); });
  }
  function openSocket(g, ticket) {
    var opened = false, ping;
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/desk/ws?ticket=' + encodeURIComponent(ticket);
    var sock = ws = new WebSocket(url);
    sentOn = {};
    sock.onopen = function () {
      if (g !== gen) return;
      opened = true; attempt = 0;
      var cursors = {}, epochs = {};
      Object.keys(convs).forEach(function (id) { cursors[id] = convs[id].cursor; if (convs[id].epoch) epochs[id] = convs[id].epoch; });
      sock.send(JSON.stringify({ type: 'hello', cursors: cursors, epochs: epochs }));
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
        loadQueue();
        if (m.agent) { agent = m.agent; put(K.agent, agent); $('agent-name').textContent = agent.name || agent.email || ''; }
        if (Array.isArray(m.conversations)) {
          var keep = {};
          m.conversations.forEach(function (ci) {
            var id = ci.conversationId || ci.id;
            if (id) { keep[id] = 1; conv(id).info = ci; if (ci.epoch && !conv(id).epoch) conv(id).epoch = ci.epoch; }
          });
          Object.keys(convs).forEach(function (id) {
            // the server lists open conversations only: closed ones this tab knows stay under "Closed"
            if (!keep[id] && convs[id].info.status !== 'closed'
              && !convs[id].pending.some(function (p) { return p.state === 'sending'; })) delete convs[id];
          });
          if (selected && !convs[selected]) { selected = null; draftOf = null; $("reply").value = ""; }
          saveCursors();
        }
        renderList(); renderConv();
        if (selected) ensureHistory(convs[selected]);
        break;
      case 'assigned':
        if (m.conversation) {
          var id = m.conversation.conversationId || m.conversation.id;
          if (id) {
            var fresh = !convs[id];
            conv(id).info = m.conversation;
            if (m.conversation.epoch && !conv(id).epoch) conv(id).epoch = m.conversation.epoch;
            saveCursors(); renderList();
            if (fresh) alertAgent('New conversation', convName(conv(id)), id);
          }
        }
        break;
      case 'reset':
        // the log this conversation followed is gone (the server lost it and restored it from its records): its
        // transcript is dropped and shown again from the messages that follow, each once; unsent replies stay pending
        if (!m.conversationId) return;
        c = conv(m.conversationId);
        c.epoch = m.epoch || ''; c.cursor = 0; c.msgs = {}; c.last = null; c.loaded = false; c.noPaging = false;
        c.info.lastSeq = m.seq; c.info.visitorRead = c.info.visitorDelivered = 0; c.rcpt = {};
        saveCursors();
        if (selected === c.id) renderConv();
        renderList();
        break;
      case 'gap':
        // messages after..upto could not be delivered (the server could not read them from its records just now):
        // they are fetched over REST and shown in their seq places, again later while the server cannot answer
        if (!m.conversationId || typeof m.after !== 'number' || typeof m.upto !== 'number') return;
        fillGap(conv(m.conversationId), m.after, m.upto, 0);
        break;
      case 'claimed':
        loadQueue();
        break;
      case 'status':
        setStatus(m.status);
        break;
      case 'receipt':
        // the visitor has received or seen everything up to seq
        if (!m.conversationId || m.from !== 'visitor' || typeof m.seq !== 'number') return;
        c = conv(m.conversationId);
        if (m.state === 'read') c.info.visitorRead = Math.max(+c.info.visitorRead || 0, m.seq);
        c.info.visitorDelivered = Math.max(+c.info.visitorDelivered || 0, m.seq);
        if (selected === c.id) refreshStates(c);
        break;
      case 'message':
        if (!m.conversationId || typeof m.seq !== 'number') return;
        c = conv(m.conversationId);
        if (m.seq <= c.cursor) return; // exactly once per conversation
        c.cursor = m.seq;
        c.msgs[m.seq] = m;
        noteLast(c, m);
        var pi = dropPending(c, m.clientMsgId);
        noteEvent(c, m);
        if (m.from === 'visitor') {
          setTyping(c, false);
          // unread: what is past the stored read mark, so that every tab (and a fresh login) agrees
          if ((selected !== c.id || document.hidden) && m.seq > (+c.info.agentRead || 0) && !m.event) c.unread++;
          alertAgent(convName(c), m.text, c.id);
        }
        saveCursors();
        if (pi) saveOutbox();
        if (selected === c.id) { appendMsg(m, pi); renderHead(c); }
        renderList();
        receipts(c);
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
        } else {
          if (m.code === 'unknown_type') { legacy = true; setStatus('online'); renderHead(selected && convs[selected]); }
          if (window.console) console.warn('desk error', m.code, m.message);
          // the desk's tools (desk-*.js) answer the errors of theirs, e.g. tag_required for a close
          document.dispatchEvent(new CustomEvent('livechat:error', { detail: m }));
        }
        break;
    }
  }
  // closing and rating are sequenced events: they change the conversation's status
  function noteEvent(c, m) {
    if (m.event === 'closed') { c.info.status = 'closed'; c.unread = 0; }
    else if (m.from === 'visitor' && m.event !== 'rating' && c.info.status === 'closed') c.info.status = 'open';
  }

  /* ---------- receipts: tell the visitor what the agent has received and read ---------- */
  function receipts(c) {
    if (!c || legacy || !connected || !c.cursor) return;
    var state = selected === c.id && !document.hidden ? 'read' : 'delivered';
    if ((c.rcpt.read || 0) >= c.cursor || (c.rcpt[state] || 0) >= c.cursor) return;
    if (wsSend({ type: 'receipt', conversationId: c.id, state: state, seq: c.cursor })) {
      c.rcpt[state] = c.cursor;
      if (state === 'read') c.info.agentRead = Math.max(+c.info.agentRead || 0, c.cursor);
    }
  }
  function stateOf(c, seq) {
    return seq <= (+c.info.visitorRead || 0) ? 'Read' : seq <= (+c.info.visitorDelivered || 0) ? 'Delivered' : 'Sent';
  }
  function refreshStates(c) {
    Array.prototype.forEach.call(document.querySelectorAll('#transcript .msg.agent[data-seq] > .st'), function (x) {
      x.textContent = stateOf(c, +x.parentNode.getAttribute('data-seq'));
    });
  }

  /* ---------- status (online / away) ---------- */
  function setStatus(st) {
    var away = st === 'away' && !legacy;
    $('agent-status').value = away ? 'away' : 'online';
    $('agent-status').disabled = legacy;
    document.body.classList.toggle('away', away);
  }
  $('agent-status').addEventListener('change', function () {
    if (!wsSend({ type: 'status', status: $('agent-status').value })) setStatus('online');
  });

  /* ---------- notifications and sound while the desk is in the background ---------- */
  var AC = window.AudioContext || window.webkitAudioContext, audio = null;
  function onGesture() {
    // permission and audio both need a user gesture; asked once, on the first one
    if (window.Notification && Notification.permission === 'default') {
      try { Notification.requestPermission(); } catch (e) { /* old API */ }
    }
    if (!audio && AC) { try { audio = new AC(); } catch (e) { audio = null; } }
    document.removeEventListener('click', onGesture, true);
    document.removeEventListener('keydown', onGesture, true);
  }
  document.addEventListener('click', onGesture, true);
  document.addEventListener('keydown', onGesture, true);
  function beep() {
    if (!audio) return;
    try {
      if (audio.state === 'suspended') audio.resume();
      var t = audio.currentTime, o = audio.createOscillator(), g = audio.createGain();
      o.type = 'sine'; o.frequency.setValueAtTime(880, t); o.frequency.setValueAtTime(660, t + 0.12);
      g.gain.setValueAtTime(0.0001, t); g.gain.exponentialRampToValueAtTime(0.1, t + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
      o.connect(g); g.connect(audio.destination); o.start(t); o.stop(t + 0.32);
    } catch (e) { /* no audio */ }
  }
  function alertAgent(title, body, id) {
    if (!document.hidden) return;
    alerts++;
    beep();
    if (window.Notification && Notification.permission === 'granted') {
      try {
        var n = new Notification(title, { body: String(body || '').slice(0, 200), tag: 'livechat-' + id });
        n.onclick = function () { window.focus(); select(id); n.close(); };
      } catch (e) { /* notifications unavailable (e.g. Android Chrome) */ }
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
    box.value = ''; c.draft = ''; saveDrafts();
    typingOut(false);
    var t = $('transcript'); t.appendChild(pendingEl(p)); t.scrollTop = t.scrollHeight;
    flush();
  }
  $('reply-form').addEventListener('submit', function (e) { e.preventDefault(); sendReply(); $('reply').focus(); });
  $('reply').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendReply(); }
    else if (e.key === 'Escape') { e.preventDefault(); focusSelected(); }
  });
  function focusSelected() {
    var q = '[data-conversation-id="' + CSS.escape(selected || '') + '"]';
    var b = selected && document.querySelector('#conv-list button' + q + ', #closed-list button' + q);
    (b || $('conv-list').querySelector('button') || document.body).focus();
  }
  // Alt+Up / Alt+Down: previous / next conversation in the list; Alt+R: the reply box
  document.addEventListener('keydown', function (e) {
    if (!token || !e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      var ids = listOrder(), i = ids.indexOf(selected);
      if (!ids.length) return;
      e.preventDefault();
      i = i < 0 ? 0 : (i + (e.key === 'ArrowDown' ? 1 : ids.length - 1)) % ids.length;
      select(ids[i]);
    } else if (e.key === 'r' || e.key === 'R' || e.code === 'KeyR') {
      if (selected) { e.preventDefault(); $('reply').focus(); }
    }
  });
  $('close-conv').addEventListener('click', function () {
    if (selected && wsSend({ type: 'close', conversationId: selected })) $('close-conv').disabled = true;
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
    if (selected && draftOf === selected) { conv(selected).draft = $('reply').value; saveDrafts(); }
    if (selected && $('reply').value) typingOut(true); else typingOut(false);
  });

  /* ---------- rendering ---------- */
  function convName(c) {
    return c.info.visitorName || ('Visitor ' + c.id.slice(0, 6));
  }
  function listOrder() {
    return Object.keys(convs).sort(function (a, b) {
      var ta = convs[a].last ? convs[a].last.ts || 0 : convs[a].info.createdAt || 0;
      var tb = convs[b].last ? convs[b].last.ts || 0 : convs[b].info.createdAt || 0;
      return tb - ta || (a < b ? -1 : 1);
    });
  }
  /* ---------- waiting queue: conversations no agent has yet (everyone away, or offline when they came) ---------- */
  function loadQueue() {
    if (!token) return;
    api('/api/queue').then(function (r) { if (r.ok) renderQueue(r.body.queue || []); }, function () { /* retried */ });
  }
  function renderQueue(queue) {
    var ul = $('queue-list');
    ul.textContent = '';
    $('queue-title').hidden = queue.length === 0;
    queue.forEach(function (q) {
      var li = el('li'), row = el('div', 'row'), take = el('button', 'take', 'Take');
      row.appendChild(el('strong', null, q.visitorName || ('Visitor ' + String(q.conversationId).slice(0, 6))));
      row.appendChild(el('span', 'pill', 'waiting ' + ago(q.waitingSince)));
      take.type = 'button';
      take.setAttribute('data-conversation-id', q.conversationId);
      take.addEventListener('click', function () { wsSend({ type: 'claim', conversationId: q.conversationId }); });
      row.appendChild(take);
      li.appendChild(row);
      ul.appendChild(li);
    });
  }
  setInterval(loadQueue, 5000);

  // the active list holds the open conversations; closed ones move to "Closed", where they stay findable
  function renderList() {
    var ul = $('conv-list'), done = $('closed-list'), ids = listOrder(), total = 0, ae = document.activeElement;
    var focused = ae && (ul.contains(ae) || done.contains(ae)) ? ae.getAttribute('data-conversation-id') : null;
    var active = ids.filter(function (id) { return convs[id].info.status !== 'closed'; });
    ul.textContent = ''; done.textContent = '';
    ids.forEach(function (id) {
      var c = convs[id], li = el('li'), b = el('button');
      if (c.info.status === 'closed') c.unread = 0;
      b.type = 'button';
      b.setAttribute('data-conversation-id', id);
      if (c.info.status === 'closed') li.className = 'closed';
      var waiting = c.info.status !== 'closed' && c.last && c.last.from === 'visitor';
      if (waiting) li.className = 'waiting';
      if (id === selected) b.setAttribute('aria-current', 'true');
      var row = el('span', 'row');
      row.appendChild(el('span', 'name', convName(c)));
      if (waiting) {
        var w = row.appendChild(el('span', 'wait', 'waiting' + (c.last.ts ? ' ' + ago(c.last.ts) : '')));
        if (c.last.ts) w.setAttribute('data-since', c.last.ts);
      }
      if (c.unread) { row.appendChild(el('span', 'badge', String(c.unread))); total += c.unread; }
      b.appendChild(row);
      b.appendChild(el('span', 'preview', c.typing ? 'typing\u2026' : c.draft && id !== selected ? 'Draft: ' + c.draft
        : c.last ? c.last.text : (c.info.siteKey ? 'on ' + c.info.siteKey : '')));
      b.setAttribute('aria-label', convName(c) + (c.unread ? ', ' + c.unread + ' unread' : ''));
      b.addEventListener('click', function () { select(id); });
      li.appendChild(b); (c.info.status === 'closed' ? done : ul).appendChild(li);
      if (id === focused) b.focus();
    });
    $('no-convs').hidden = active.length > 0;
    $('closed-box').hidden = active.length === ids.length;
    $('closed-count').textContent = String(ids.length - active.length);
    document.title = (total ? '(' + total + ') ' : '') + 'Agent desk';
  }
  function msgEl(m) {
    var from = m.from === 'agent' || m.from === 'system' ? m.from : 'visitor';
    var d = el('div', 'msg ' + from + (m.event === 'rating' ? ' rating' : '')), c = conv(m.conversationId || selected);
    if (from !== 'system') d.appendChild(el('span', 'who', from === 'agent' ? (m.senderName || 'Agent') : convName(c)));
    linkify(d, m.text == null || m.text === '' ? (m.event === 'closed' ? 'The conversation was closed.' : '') : String(m.text));
    if (m.ts) d.title = new Date(m.ts).toLocaleString();
    d.setAttribute('data-seq', m.seq);
    if (from === 'agent' && !legacy) d.appendChild(el('span', 'st', stateOf(c, m.seq)));
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
  function initials(n) {
    return String(n).split(/\s+/).filter(Boolean).slice(0, 2).map(function (w) { return w.charAt(0); }).join('').toUpperCase();
  }
  function detail(dl, label, value, link) {
    if (!value) return;
    var row = el('div'), dd = el('dd');
    row.appendChild(el('dt', null, label));
    if (link) linkify(dd, value); else dd.textContent = value;
    dd.title = value;
    row.appendChild(dd); dl.appendChild(row);
  }
  function renderHead(c) {
    if (!c || selected !== c.id) return;
    var i = c.info, closed = i.status === 'closed';
    $('conv-title').textContent = convName(c);
    $('conv-avatar').textContent = initials(convName(c));
    $('conv-status').textContent = closed ? 'Closed' : i.status === 'waiting' ? 'Waiting' : 'Open';
    $('conv-status').className = 'pill' + (closed ? ' closed' : '');
    $('close-conv').hidden = legacy;
    $('close-conv').disabled = closed;
    var dl = $('conv-meta');
    dl.textContent = '';
    detail(dl, 'Email', i.visitorEmail);
    detail(dl, 'Page', i.page, true);
    detail(dl, 'Referrer', i.referrer, true);
    detail(dl, 'Browser', i.browser || i.userAgent);
    detail(dl, 'Site', i.siteKey);
    detail(dl, 'First seen', i.createdAt ? new Date(+i.createdAt).toLocaleString() : '');
  }
  function renderConv(keepScroll) {
    var c = selected && convs[selected];
    $('no-sel').hidden = !!c; $('conv').hidden = !c;
    if (!c) return;
    renderHead(c);
    $('conv').setAttribute('data-conversation-id', c.id);
    $('typing').textContent = c.typing ? 'Visitor is typing\u2026' : '';
    var t = $('transcript'), h = t.scrollHeight, top = t.scrollTop;
    t.textContent = ''; pendingEls = {};
    var seqs = Object.keys(c.msgs).map(Number).sort(function (a, b) { return a - b; });
    if (seqs.length && seqs[0] > 1) t.appendChild(el('div', 'older', c.loadingOlder ? 'Loading earlier messages\u2026' : 'Scroll up for earlier messages'));
    seqs.forEach(function (s) { t.appendChild(msgEl(c.msgs[s])); });
    c.pending.forEach(function (p) { t.appendChild(pendingEl(p)); });
    t.scrollTop = keepScroll ? t.scrollHeight - h + top : t.scrollHeight;
  }
  function select(id) {
    if (typingOn && typingOn !== id) typingOut(false);
    if (draftOf && convs[draftOf] && draftOf !== id) { convs[draftOf].draft = $('reply').value; saveDrafts(); }
    selected = id; put(K.sel, id);
    var c = conv(id);
    c.unread = 0;
    if (draftOf !== id) $('reply').value = c.draft || '';
    draftOf = id;
    renderList(); renderConv();
    $('reply').focus();
    ensureHistory(c);
    receipts(c);
  }
  function ensureHistory(c) {
    // messages 1..last not all in memory (e.g. after a reload): fetch the latest page over REST, older ones on scroll
    if (!c || c.loaded || c.loading) return;
    var last = Math.max(c.cursor, +c.info.lastSeq || 0);
    if (Object.keys(c.msgs).length >= last) { c.loaded = !!last; return; }
    loadPage(c, last + 1);
  }
  function firstSeq(c) {
    var k = Object.keys(c.msgs).map(Number);
    return k.length ? Math.min.apply(null, k) : 0;
  }
  // the PAGE messages before seq "before"; a server without "before" answers from the start, then all is loaded
  function loadPage(c, before) {
    var older = c.loaded;
    c.loading = true; c.loadingOlder = older;
    api('/api/conversations/' + encodeURIComponent(c.id) + '/messages?before=' + before + '&limit=' + PAGE).then(function (r) {
      c.loading = c.loadingOlder = false;
      if (r.status === 401) return logout('Your session has expired. Please sign in again.');
      if (!r.ok) return;
      var list = (r.body.messages || []).filter(function (m) { return typeof m.seq === 'number'; });
      if (list.length && list[list.length - 1].seq < before - 1) { c.noPaging = true; return loadHistory(c, 0, 0); }
      list.forEach(function (m) {
        if (!m.conversationId) m.conversationId = c.id;
        if (!c.msgs[m.seq]) c.msgs[m.seq] = m;
        dropPending(c, m.clientMsgId);
        noteLast(c, m);
        if (m.seq > c.cursor) c.cursor = m.seq;
      });
      if (list.length) { var m = list[list.length - 1]; if (!older) noteEvent(c, m); }
      saveCursors(); saveOutbox();
      c.loaded = true;
      if (selected === c.id) {
        renderConv(older);
        var t = $('transcript');
        if (t.scrollHeight <= t.clientHeight + 60 && firstSeq(c) > 1 && list.length) loadPage(c, firstSeq(c));
      }
      renderList();
    }, function () { c.loading = c.loadingOlder = false; });
  }
  $('transcript').addEventListener('scroll', function () {
    var c = selected && convs[selected], t = $('transcript');
    if (!c || c.loading || !c.loaded || c.noPaging || t.scrollTop > 60) return;
    var first = firstSeq(c);
    if (first > 1) { loadPage(c, first); var o = t.querySelector('.older'); if (o) o.textContent = 'Loading earlier messages\u2026'; }
  });
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
      receipts(c);
    }, function () { c.loading = false; });
  }
  function fillGap(c, after, upto, tries) {
    var again = function (from) {
      if (tries < 10) setTimeout(function () { fillGap(c, from, upto, tries + 1); }, Math.min(60000, 5000 * Math.pow(2, tries)));
    };
    api('/api/conversations/' + encodeURIComponent(c.id) + '/messages?after=' + after + '&limit=' + Math.min(1000, upto - after)).then(function (r) {
      if (r.status === 401) return logout('Your session has expired. Please sign in again.');
      if (!r.ok) return again(after);
      var got = after;
      (r.body.messages || []).forEach(function (m) {
        if (typeof m.seq !== 'number' || m.seq > upto) return;
        if (!m.conversationId) m.conversationId = c.id;
        if (!c.msgs[m.seq]) c.msgs[m.seq] = m;
        noteLast(c, m);
        got = Math.max(got, m.seq);
      });
      if (selected === c.id) renderConv();
      if (got < upto) again(got);
    }, function () { again(after); });
  }
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && selected && convs[selected] && convs[selected].unread) { convs[selected].unread = 0; renderList(); }
  });

  // wait times tick without re-rendering the list (keeps focus and hover)
  setInterval(function () {
    Array.prototype.forEach.call(document.querySelectorAll('.conv-list .wait[data-since]'), function (w) {
      w.textContent = 'waiting ' + ago(+w.getAttribute('data-since'));
    });
  }, 5000);
  document.addEventListener('visibilitychange', function () { if (!document.hidden && selected) receipts(convs[selected]); });

  window.LiveChatDesk = {
    state: function () {
      var o = {}, e = {};
      Object.keys(convs).forEach(function (id) { o[id] = convs[id].cursor; e[id] = convs[id].epoch; });
      return { connected: connected, conversations: o, epochs: e, selected: selected, alerts: alerts, legacy: legacy,
        status: $('agent-status').value };
    }
  };

  /* ---------- hooks for the desk's tools (canned responses, notes and tags, statistics: desk-*.js) ---------- */
  window.LiveChatDesk.token = function () { return token; };
  window.LiveChatDesk.agent = function () { return agent; };
  window.LiveChatDesk.selected = function () { return selected; };
  window.LiveChatDesk.info = function (id) { return convs[id] ? convs[id].info : null; };

  if (token) showApp(); else showLogin('');
})();
