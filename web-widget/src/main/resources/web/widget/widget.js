/* LiveChat visitor widget: one <script data-site-key="..."> tag, no dependencies. Wire contract: docs/PROTOCOL.md */
(function () {
  'use strict';
  if (window.LiveChatWidget) return;

  function findScript() {
    if (document.currentScript) return document.currentScript;
    var s = document.getElementsByTagName('script');
    for (var i = s.length - 1; i >= 0; i--) if (/widget\.js([?#].*)?$/.test(s[i].src)) return s[i];
    return null;
  }
  var script = findScript();
  var src = new URL(script && script.src ? script.src : '/widget/widget.js', location.href);
  var m0 = src.pathname.match(/^(.*)\/widget\/[^\/]*$/);
  var base = (script && script.getAttribute('data-gateway')) || (src.origin + (m0 ? m0[1] : ''));
  base = base.replace(/\/+$/, '');
  var wsBase = base.replace(/^http/, 'ws');
  function opt(n) { return (script && script.getAttribute('data-' + n)) || ''; }
  var siteKey = opt('site-key') || 'demo';
  var COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20})$/i.test(opt('color')) ? opt('color') : '#2563eb';
  var LEFT = opt('position') === 'left', FORCE_POLL = opt('transport') === 'longpoll', GREET = opt('greeting');
  // data-prechat="name,email,question": the fields asked before a new chat starts (none by default)
  var PRE = opt('prechat').split(',').map(function (f) { return f.trim(); })
    .filter(function (f) { return /^(name|email|question)$/.test(f); });

  /* ---------- strings: every visible text, one place ---------- */
  var I18N = {
    en: { title: 'Chat with us', close: 'Close chat', open: 'Open chat', unread: 'Open chat, {n} unread', log: 'Conversation',
      input: 'Type your message', ph: 'Type a message\u2026', send: 'Send', sending: 'Sending\u2026', sent: 'Sent',
      notSent: 'Not sent', tooLongSent: 'Not sent: too long', tooLong: 'Message is too long.', agent: 'Agent',
      typing: 'Agent is typing\u2026', connecting: 'Connecting\u2026', newMsg: 'New message from {n}: {t}',
      denied: 'This site is not allowed to use the chat.', noSite: 'Chat is not configured for this site.',
      unavailable: 'Chat is unavailable.', offTitle: 'Leave us a message',
      outage: 'Chat is unavailable. Retrying in the background.', retryIn: 'Reconnecting in {n} s\u2026',
      offIntro: 'No one is available right now. Leave a message and we will reply here or by email.',
      name: 'Name', email: 'Email', message: 'Message', offSend: 'Send message',
      thanks: 'Thanks! We received your message and will get back to you soon.', delivered: 'Delivered', read: 'Read',
      dl: 'Download transcript', you: 'You', preIntro: 'Tell us a little about yourself to start the chat.',
      question: 'Your question', start: 'Start chat', ended: 'The chat has ended.',
      rateQ: 'How would you rate this chat? 0 = poor, 10 = excellent', comment: 'Comment (optional)',
      rate: 'Send rating', rated: 'Thank you for your feedback!' },
    'zh-Hans': { title: '在线咨询', close: '关闭聊天', open: '打开聊天',
      unread: '打开聊天，{n} 条未读', log: '对话', input: '输入消息',
      ph: '输入消息\u2026', send: '发送', sending: '发送中\u2026', sent: '已发送',
      notSent: '未发送', tooLongSent: '未发送：太长', tooLong: '消息太长。',
      agent: '客服', typing: '客服正在输入\u2026', connecting: '正在连接\u2026',
      newMsg: '{n} 发来新消息：{t}', denied: '此网站不允许使用聊天。',
      noSite: '此网站未配置聊天。', unavailable: '聊天暂不可用。',
      outage: '聊天暂不可用，正在后台重试。', retryIn: '{n} 秒后重新连接\u2026',
      offTitle: '给我们留言', offIntro: '现在没有客服在线。请留言，我们会在这里或通过邮件回复您。',
      name: '姓名', email: '邮箱', message: '留言', offSend: '发送留言',
      thanks: '谢谢！我们已收到您的留言，会尽快回复。', delivered: '已送达', read: '已读',
      dl: '下载聊天记录', you: '您', preIntro: '请先简单介绍一下您自己，然后开始聊天。',
      question: '您的问题', start: '开始聊天', ended: '对话已结束。',
      rateQ: '您如何评价本次对话？0 = 很差，10 = 非常好', comment: '评论（可选）',
      rate: '提交评分', rated: '感谢您的反馈！' },
    'zh-Hant': { title: '線上諮詢', close: '關閉聊天', open: '開啟聊天',
      unread: '開啟聊天，{n} 則未讀', log: '對話', input: '輸入訊息',
      ph: '輸入訊息\u2026', send: '傳送', sending: '傳送中\u2026', sent: '已傳送',
      notSent: '未傳送', tooLongSent: '未傳送：太長', tooLong: '訊息太長。',
      agent: '客服', typing: '客服正在輸入\u2026', connecting: '正在連線\u2026',
      newMsg: '{n} 傳來新訊息：{t}', denied: '此網站不允許使用聊天。',
      noSite: '此網站未設定聊天。', unavailable: '聊天暫時無法使用。',
      outage: '聊天暫時無法使用，正在背景重試。', retryIn: '{n} 秒後重新連線\u2026',
      offTitle: '給我們留言', offIntro: '現在沒有客服在線。請留言，我們會在這裡或透過電郵回覆您。',
      name: '姓名', email: '電子郵件', message: '留言', offSend: '送出留言',
      thanks: '謝謝！我們已收到您的留言，會盡快回覆。', delivered: '已送達', read: '已讀',
      dl: '下載聊天記錄', you: '您', preIntro: '請先簡單介紹一下您自己，然後開始聊天。',
      question: '您的問題', start: '開始聊天', ended: '對話已結束。',
      rateQ: '您如何評價本次對話？0 = 很差，10 = 非常好', comment: '評論（選填）',
      rate: '送出評分', rated: '感謝您的回饋！' },
    nl: { title: 'Chat met ons', close: 'Chat sluiten', open: 'Chat openen', unread: 'Chat openen, {n} ongelezen', log: 'Gesprek',
      input: 'Typ je bericht', ph: 'Typ een bericht\u2026', send: 'Verstuur', sending: 'Versturen\u2026', sent: 'Verstuurd',
      notSent: 'Niet verstuurd', tooLongSent: 'Niet verstuurd: te lang', tooLong: 'Het bericht is te lang.', agent: 'Medewerker',
      typing: 'Medewerker typt\u2026', connecting: 'Verbinden\u2026', newMsg: 'Nieuw bericht van {n}: {t}',
      denied: 'Deze site mag de chat niet gebruiken.', noSite: 'De chat is niet ingesteld voor deze site.',
      unavailable: 'De chat is niet beschikbaar.', offTitle: 'Laat een bericht achter',
      outage: 'De chat is niet beschikbaar. We proberen het op de achtergrond opnieuw.',
      retryIn: 'Opnieuw verbinden over {n} s\u2026',
      offIntro: 'Er is nu niemand beschikbaar. Laat een bericht achter, dan antwoorden we hier of per e-mail.',
      name: 'Naam', email: 'E-mail', message: 'Bericht', offSend: 'Bericht versturen',
      thanks: 'Bedankt! We hebben je bericht ontvangen en nemen snel contact op.', delivered: 'Afgeleverd',
      read: 'Gelezen', dl: 'Gesprek downloaden', you: 'Jij', preIntro: 'Vertel ons iets over jezelf om de chat te starten.',
      question: 'Je vraag', start: 'Chat starten', ended: 'De chat is be\u00ebindigd.',
      rateQ: 'Hoe beoordeel je deze chat? 0 = slecht, 10 = uitstekend', comment: 'Opmerking (optioneel)',
      rate: 'Beoordeling versturen', rated: 'Bedankt voor je feedback!' }
  };
  function langOf(tag) {
    tag = String(tag || '').toLowerCase();
    if (/^zh/.test(tag)) return /-(tw|hk|mo|hant)/.test(tag) ? 'zh-Hant' : 'zh-Hans';
    tag = tag.split('-')[0];
    return I18N[tag] ? tag : null;
  }
  var LANG = [opt('lang'), document.documentElement.lang].concat(navigator.languages || [navigator.language])
    .map(langOf).filter(Boolean)[0] || 'en';
  var T = I18N[LANG];
  function tr(k, n, t) { return T[k].replace('{n}', n).replace('{t}', t); }
  var KEY = 'livechat:' + siteKey + '@' + base;
  var TAB = rnd(8);
  var MAX_CHARS = 4000, HIST = 100;

  var S = { sid: null, token: null, conversationId: null, lastSeq: 0, outbox: [], history: [], gapAt: -1, rewoundTo: -1,
    ws: null, mode: 'ws', wsFails: 0, attempt: 0, gen: 0, timer: 0, started: false, creating: null,
    sentOn: {}, sending: false, transport: 'connecting', lastQuick: 0, unread: 0, isOpen: false,
    dv: 0, rd: 0, downSince: 0, rcpt: {}, noRcpt: false };
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { return null; /* storage unavailable */ }
  }
  var st = load();
  if (st && st.token) {
    S.sid = st.sid; S.token = st.token; S.conversationId = st.conversationId;
    S.lastSeq = +st.lastSeq || 0; S.history = st.history || []; S.dv = +st.dv || 0; S.rd = +st.rd || 0;
    S.epoch = st.epoch || '';
  }
  if (st && st.outbox) S.outbox = st.outbox;
  // one tab per visitor holds the connection: the leader (a Web Lock held for the tab's lifetime); the other tabs
  // get its events and hand it their sends over a BroadcastChannel. Without either API every tab connects.
  var BC = null;
  try { if (navigator.locks && window.BroadcastChannel) BC = new BroadcastChannel(KEY); } catch (e) { BC = null; }
  S.leader = !BC;
  function follower() { return !S.leader; }
  function post(m) { try { BC.postMessage(m); } catch (e) { /* closed */ } }
  if (BC) {
    var lead = function (lock) {
      if (!lock) return navigator.locks.request(KEY, lead);
      S.leader = true; post({ t: 'leader' });
      if (S.started) connect(); else if (S.token) start();
      return new Promise(function () {});
    };
    navigator.locks.request(KEY, { ifAvailable: true }, lead);
    BC.onmessage = function (e) {
      var m = e.data || {};
      if (m.t === 'ev' && follower()) handle(m.ev, 1);
      else if (m.t === 'leader' && follower()) flush();
      else if (m.t === 'send' && S.leader) {
        if (!S.token) adopt(m.s);
        (m.items || []).forEach(function (it) {
          if (it && it.id && !S.outbox.some(function (x) { return x.id === it.id; })) S.outbox.push(it);
        });
        if (S.token) save();
        flush();
      } else if (m.t === 'typing' && S.leader) sendTyping(!!m.on);
    };
  }

  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify({ sid: S.sid, token: S.token, conversationId: S.conversationId,
        lastSeq: S.lastSeq, epoch: S.epoch, outbox: S.outbox, history: S.history.slice(-HIST), dv: S.dv, rd: S.rd }));
    } catch (e) { /* quota or disabled */ }
  }
  function rnd(n) {
    var a = new Uint8Array(n), c = window.crypto;
    if (c && c.getRandomValues) c.getRandomValues(a); else for (var i = 0; i < n; i++) a[i] = Math.random() * 256;
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function newId() {
    try { if (window.crypto && crypto.randomUUID) return crypto.randomUUID(); } catch (e) { /* insecure context */ }
    return 'c' + Date.now().toString(36) + '-' + rnd(12);
  }
  function qs(o) {
    return Object.keys(o).map(function (k) { return k + '=' + encodeURIComponent(o[k]); }).join('&');
  }
  // the sid goes in the URL (balancers route on it); the token never does (access logs): it is a header, see req()
  function auth() { return qs({ sid: S.sid }); }
  // where to resume: after the last seq shown, in the epoch of the log it came from (a lost log is answered by a reset)
  function resumeAt(o) { o.after = S.lastSeq; if (S.epoch) o.epoch = S.epoch; return qs(o); }

  /* ---------- UI (shadow DOM, textContent only) ---------- */
  var CSS = ':host{all:initial;position:fixed;' + (LEFT ? 'left' : 'right') + ':20px;bottom:20px;z-index:2147483000;' +
    '--lc:' + COLOR + ';' +
    'font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328}' +
    '*{box-sizing:border-box}[hidden]{display:none!important}' +
    '.launch{width:56px;height:56px;border-radius:50%;border:0;background:var(--lc);color:#fff;cursor:pointer;' +
    'box-shadow:0 4px 14px rgba(0,0,0,.25);position:relative;display:flex;align-items:center;justify-content:center}' +
    '.launch svg{width:26px;height:26px;fill:currentColor}' +
    '.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;border-radius:10px;background:#dc2626;' +
    'font-size:12px;line-height:20px;padding:0 5px;text-align:center}' +
    '.panel{position:absolute;' + (LEFT ? 'left' : 'right') + ':0;bottom:70px;width:340px;max-width:calc(100vw - 40px);height:480px;' +
    'max-height:calc(100vh - 110px);background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);' +
    'display:flex;flex-direction:column;overflow:hidden}' +
    '.hd{background:var(--lc);color:#fff;padding:10px 12px;display:flex;align-items:center;gap:8px}' +
    '.hd b{flex:1}.st{font-size:12px;opacity:.93}' +
    '.x{background:none;border:0;color:#fff;font-size:22px;line-height:1;cursor:pointer;padding:0 4px}' +
    '.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:6px;background:#f6f7f9}' +
    '.m{max-width:80%;padding:7px 10px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}' +
    '.visitor{align-self:flex-end;background:var(--lc);color:#fff;border-bottom-right-radius:3px}' +
    '.agent{align-self:flex-start;background:#fff;border:1px solid #e3e5e8;border-bottom-left-radius:3px}' +
    '.system{align-self:center;color:#6b7280;font-size:12px;text-align:center}' +
    '.who{display:block;font-size:11px;font-weight:600;color:#4b5563;margin-bottom:2px}' +
    '.av{float:left;width:24px;height:24px;border-radius:50%;background:var(--lc);color:#fff;font-size:10px;' +
    'font-weight:700;line-height:24px;text-align:center;margin:0 7px 2px 0}' +
    '.dl{font-size:16px}.rate{padding:8px 12px;border-top:1px solid #e3e5e8;background:#fff}.rate p{margin:0 0 6px;font-size:13px}' +
    '.sc{display:flex;flex-wrap:wrap;gap:3px}.sc button{width:27px;height:28px;border:1px solid #cfd3d8;border-radius:6px;' +
    'background:#fff;color:inherit;font:inherit;font-size:12px;cursor:pointer;padding:0}' +
    '.sc button[aria-pressed=true]{background:var(--lc);color:#fff}' +
    '.rate input{width:100%;margin:6px 0;font:inherit;padding:6px;border:1px solid #cfd3d8;border-radius:6px}' +
    '.rate .send{padding:7px 12px}' +
    '.s{display:block;font-size:11px;opacity:.93;text-align:right}.pending{opacity:.75}.failed{background:#b91c1c}' +
    '.ty{font-size:12px;color:#6b7280;padding:2px 12px;min-height:20px;background:#f6f7f9}' +
    '.err{font-size:12px;color:#b91c1c;padding:4px 12px}.err.calm{font-size:14px;color:#374151;background:#fff;' +
    'border-top:1px solid #e3e5e8;padding:14px}' +
    '.f{display:flex;gap:6px;padding:8px;border-top:1px solid #e3e5e8;background:#fff}' +
    'textarea{flex:1;resize:none;font:inherit;color:inherit;padding:8px;border:1px solid #cfd3d8;border-radius:8px;height:40px}' +
    '.send{border:0;border-radius:8px;background:var(--lc);color:#fff;font:inherit;font-weight:600;padding:0 14px;cursor:pointer}' +
    '.m a{color:inherit;text-decoration:underline}' +
    '.off{padding:14px;display:flex;flex-direction:column;gap:6px;overflow-y:auto;flex:1}.off p{margin:0 0 6px}' +
    '.off label{font-size:12px;font-weight:600;color:#374151}' +
    '.off input,.off textarea{font:inherit;color:inherit;padding:8px;border:1px solid #cfd3d8;border-radius:8px;height:auto}' +
    '.off .send{padding:9px;margin-top:6px}' +
    '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}' +
    'button:focus-visible,textarea:focus-visible,input:focus-visible,a:focus-visible{outline:2px solid #f59e0b;outline-offset:2px}';

  function el(tag, cls, attrs, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  var host = el('div', null, { id: 'livechat-widget' });
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  try {
    var sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); root.adoptedStyleSheets = [sheet];
  } catch (e) { root.appendChild(el('style', null, null, CSS)); }

  var panel = el('div', 'panel', { id: 'lc-panel', role: 'dialog', 'aria-label': T.title, lang: LANG });
  panel.hidden = true;
  var hd = el('div', 'hd');
  var status = el('span', 'st', { 'aria-live': 'polite' });
  var xBtn = el('button', 'x', { type: 'button', 'aria-label': T.close }, '\u00d7');
  var dlBtn = el('button', 'x dl', { type: 'button', 'aria-label': T.dl, title: T.dl }, '\u2913');
  hd.appendChild(el('b', null, null, T.title)); hd.appendChild(status); hd.appendChild(dlBtn); hd.appendChild(xBtn);
  var log = el('div', 'log', { role: 'log', 'aria-live': 'polite', 'aria-label': T.log, tabindex: '0' });
  var typingEl = el('div', 'ty', { 'aria-live': 'polite' });
  var errEl = el('div', 'err', { role: 'alert' }); errEl.hidden = true;
  var form = el('form', 'f');
  var input = el('textarea', null, { 'aria-label': T.input, placeholder: T.ph, maxlength: String(MAX_CHARS), rows: '1' });
  var sendBtn = el('button', 'send', { type: 'submit' }, T.send);
  form.appendChild(input); form.appendChild(sendBtn);
  // leave-a-message form, shown instead of the chat when no agent is online and there is no conversation yet
  var off = el('form', 'off'); off.hidden = true;
  var offIntro = el('p', null, { id: 'lc-off-intro' }, T.offIntro);
  off.appendChild(offIntro);
  var offFields = {}, offLabels = {};
  [['name', 'input', { type: 'text', autocomplete: 'name', maxlength: '200' }],
    ['email', 'input', { type: 'email', autocomplete: 'email', maxlength: '200' }],
    ['message', 'textarea', { rows: '4', maxlength: String(MAX_CHARS), required: '' }]].forEach(function (f) {
    off.appendChild(offLabels[f[0]] = el('label', null, { for: 'lc-off-' + f[0] }, T[f[0]]));
    f[2].id = 'lc-off-' + f[0]; f[2].name = f[0];
    off.appendChild(offFields[f[0]] = el(f[1], null, f[2]));
  });
  off.setAttribute('aria-labelledby', 'lc-off-intro');
  var offBtn = el('button', 'send', { type: 'submit' }, T.offSend);
  off.appendChild(offBtn);
  // the same form asks the pre-chat questions (data-prechat) when an agent is online
  function formMode(pre) {
    S.pre = pre;
    offIntro.textContent = pre ? T.preIntro : T.offIntro;
    offBtn.textContent = pre ? T.start : T.offSend;
    offLabels.message.textContent = pre ? T.question : T.message;
    ['name', 'email', 'message'].forEach(function (f) {
      var on = !pre || PRE.indexOf(f === 'message' ? 'question' : f) >= 0;
      offFields[f].hidden = offLabels[f].hidden = !on;
      offFields[f].required = pre ? on : f === 'message';
    });
  }
  function firstField() { return off.querySelector('input:not([hidden]),textarea:not([hidden])') || offBtn; }
  // 0-10 rating, offered when the agent has closed the chat
  var rateBox = el('form', 'rate'), score = null, scoreBtns = [];
  rateBox.hidden = true;
  rateBox.appendChild(el('p', null, { id: 'lc-rate-q' }, T.rateQ));
  var sc = el('div', 'sc', { role: 'group', 'aria-labelledby': 'lc-rate-q' });
  for (var i = 0; i <= 10; i++) {
    (function (n) {
      var b = el('button', null, { type: 'button', 'aria-pressed': 'false', 'data-score': String(n) }, String(n));
      b.addEventListener('click', function () {
        score = n;
        scoreBtns.forEach(function (x, j) { x.setAttribute('aria-pressed', String(j === n)); });
      });
      scoreBtns.push(b); sc.appendChild(b);
    })(i);
  }
  var rateComment = el('input', null, { type: 'text', maxlength: '500', 'aria-label': T.comment, placeholder: T.comment });
  rateBox.appendChild(sc); rateBox.appendChild(rateComment);
  rateBox.appendChild(el('button', 'send', { type: 'submit' }, T.rate));
  var announcer = el('div', 'sr', { 'aria-live': 'polite', role: 'status' });
  [hd, log, off, typingEl, rateBox, errEl, form].forEach(function (c) { panel.appendChild(c); });
  var launch = el('button', 'launch', { type: 'button', 'aria-label': T.open, 'aria-expanded': 'false',
    'aria-controls': 'lc-panel' });
  var NS = 'http://www.w3.org/2000/svg', svg = document.createElementNS(NS, 'svg'), path = document.createElementNS(NS, 'path');
  svg.setAttribute('viewBox', '0 0 24 24'); svg.setAttribute('aria-hidden', 'true');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z');
  svg.appendChild(path); launch.appendChild(svg);
  var badge = el('span', 'badge', { 'aria-hidden': 'true' }); badge.hidden = true;
  launch.appendChild(badge);
  if (GREET) log.appendChild(el('div', 'system', null, GREET));
  root.appendChild(panel); root.appendChild(launch); root.appendChild(announcer);

  var pendingEls = {}; // clientMsgId -> bubble element

  function bubble(m) {
    var from = m.from === 'agent' || m.from === 'system' ? m.from : 'visitor';
    var b = el('div', 'm ' + from), name = m.senderName || T.agent;
    if (from === 'agent') {
      b.appendChild(el('span', 'av', { 'aria-hidden': 'true', title: name }, initials(name)));
      b.appendChild(el('span', 'who', null, name));
    }
    linkify(b, m.event === 'closed' && !m.text ? T.ended : m.text == null ? '' : String(m.text));
    if (m.ts) b.title = new Date(m.ts).toLocaleString();
    if (m.seq) {
      b.setAttribute('data-seq', m.seq);
      if (from === 'visitor') b.appendChild(el('span', 's', null, stateOf(m.seq)));
    }
    return b;
  }
  function initials(n) {
    return String(n).split(/\s+/).filter(Boolean).slice(0, 2).map(function (w) { return w.charAt(0); }).join('').toUpperCase();
  }
  // "sent", then "delivered"/"read" once the agent's desk says so (receipts cover everything up to a seq)
  function stateOf(seq) { return seq <= S.rd ? T.read : seq <= S.dv ? T.delivered : T.sent; }
  function refreshStates() {
    Array.prototype.forEach.call(log.querySelectorAll('.m.visitor[data-seq] > .s'), function (x) {
      x.textContent = stateOf(+x.parentNode.getAttribute('data-seq'));
    });
  }
  // text only; http(s) URLs become links that open in a new tab without access to this page
  function linkify(parent, text) {
    var re = /\bhttps?:\/\/[^\s<>"]+/gi, at = 0, mm;
    while ((mm = re.exec(text))) {
      var u = mm[0].replace(/[.,;:!?)\]}'"]+$/, ''), href = null;
      try { var p = new URL(u); if (p.protocol === 'http:' || p.protocol === 'https:') href = p.href; } catch (e) { /* not a URL */ }
      if (!href) continue;
      parent.appendChild(document.createTextNode(text.slice(at, mm.index)));
      parent.appendChild(el('a', null, { href: href, target: '_blank', rel: 'noopener noreferrer' }, u));
      at = re.lastIndex = mm.index + u.length;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }
  function atBottom() { return log.scrollHeight - log.scrollTop - log.clientHeight < 40; }
  function scrollDown(force) { if (force || S.stick) log.scrollTop = log.scrollHeight; }
  function renderConfirmed(m) {
    S.stick = atBottom();
    var b = bubble(m);
    log.insertBefore(b, log.querySelector('.pending,.sent,.failed'));
    scrollDown();
  }
  function renderPending(item) {
    var b = bubble({ from: 'visitor', text: item.text });
    b.classList.add('pending');
    b.appendChild(el('span', 's', null, T.sending));
    pendingEls[item.id] = b;
    log.appendChild(b); scrollDown(true);
  }
  function markPending(id, cls, label) {
    var b = pendingEls[id];
    if (!b) return;
    b.classList.remove('pending', 'sent', 'failed'); b.classList.add(cls);
    b.lastChild.textContent = label;
  }
  function clearConfirmed() {
    Array.prototype.slice.call(log.querySelectorAll('.m:not(.pending):not(.sent):not(.failed)'))
      .forEach(function (b) { b.remove(); });
  }
  function showError(t) { errEl.textContent = t || ''; errEl.hidden = !t; }
  var typingTimer;
  function showTyping(on) {
    clearTimeout(typingTimer);
    typingEl.textContent = on ? T.typing : '';
    if (on) typingTimer = setTimeout(function () { showTyping(false); }, 5000);
  }
  function setTransport(t) {
    S.transport = t;
    var n = Math.ceil(((S.retryAt || 0) - Date.now()) / 1000);
    status.textContent = t !== 'connecting' || !S.started ? '' : n > 0 ? tr('retryIn', n) : T.connecting;
  }
  function setUnread(n) {
    S.unread = n; badge.textContent = String(n); badge.hidden = !n;
    launch.setAttribute('aria-label', n ? tr('unread', n) : T.open);
  }

  S.history.forEach(function (m) {
    renderConfirmed(m);
    if (m.from !== 'visitor') S.agentSeq = m.seq;
    if (m.event === 'closed') S.rateFor = m.seq; else if (m.from === 'visitor') S.rateFor = 0;
  });
  S.outbox.forEach(renderPending);

  /* ---------- HTTP ---------- */
  // bodies go as text/plain (JSON inside): a request without a token is then a CORS "simple" one, with no preflight,
  // so a page of an origin the site does not allow still reads the gateway's 403 origin_not_allowed (preflights from
  // such origins are refused); a request with the token in its header is preflighted all the same
  function req(method, path, body, ms) {
    var ac = window.AbortController ? new AbortController() : null;
    var t = ac && setTimeout(function () { ac.abort(); }, ms || 15000);
    var h = body ? { 'Content-Type': 'text/plain;charset=UTF-8' } : {};
    if (S.token && /^\/v1\/(poll|send|typing|receipt|rating|ws-ticket)\?/.test(path)) h.Authorization = 'Bearer ' + S.token;
    return fetch(base + path, { method: method, credentials: 'omit', cache: 'no-store', signal: ac && ac.signal,
      headers: h, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) {
        return r.text().then(function (txt) {
          clearTimeout(t);
          var j = null; try { j = txt ? JSON.parse(txt) : null; } catch (e) { /* not JSON */ }
          return { ok: r.ok, status: r.status, body: j || {} };
        });
      }, function (e) { clearTimeout(t); throw e; });
  }
  function sessionGone(r) {
    return r.status === 401 || (r.status === 404 && r.body.code === 'unknown_session');
  }
  var FATAL = { origin_not_allowed: T.denied, unknown_site: T.noSite };

  function ensureSession() {
    if (S.token) return Promise.resolve();
    if (S.creating) return S.creating;
    var body = { siteKey: siteKey, page: location.href };
    if (document.referrer) body.referrer = document.referrer; // for the agent's visitor details
    if (S.profile) { body.name = S.profile.name; body.email = S.profile.email; }
    S.creating = req('POST', '/v1/sessions', body).then(function (r) {
      S.creating = null;
      if (r.ok && r.body.token) {
        S.sid = r.body.sid; S.token = r.body.token; S.conversationId = r.body.conversationId;
        S.lastSeq = 0; S.epoch = r.body.epoch || ''; S.history = []; clearConfirmed(); save(); showError('');
        return;
      }
      var e = new Error(r.body.code || 'http ' + r.status);
      e.refused = FATAL[r.body.code];
      e.fatal = e.refused || (r.status >= 400 && r.status < 500 ? T.unavailable : null);
      throw e;
    }, function (e) { S.creating = null; throw e; });
    return S.creating;
  }
  function dropSession() {
    S.sid = S.token = S.conversationId = null; S.epoch = '';
    S.lastSeq = S.dv = S.rd = S.agentSeq = S.rateFor = 0; S.history = []; S.rcpt = {}; clearConfirmed();
    S.mode = 'ws'; S.wsFails = 0; S.sentOn = {};
    save();
  }

  /* ---------- connection ---------- */
  function backoff() {
    var d = Math.min(15000, 500 * Math.pow(2, S.attempt++));
    return d / 2 + Math.random() * d / 2;
  }
  function retry(quick) {
    clearTimeout(S.timer);
    var now = Date.now(), d;
    if (quick && now - S.lastQuick > 2000) { S.lastQuick = now; d = Math.random() * 250; } else d = backoff();
    S.timer = setTimeout(connect, d);
    S.retryAt = now + d; countdown();
  }
  // while a retry waits, the header quietly counts down to it: a blip is a reconnect, not an outage
  function countdown() {
    clearTimeout(S.tick);
    setTransport(S.transport);
    var left = S.retryAt - Date.now();
    if (left > 0) S.tick = setTimeout(countdown, left % 1000 || 1000);
  }
  function connect() {
    clearTimeout(S.timer);
    if (S.refused) return;
    var gen = ++S.gen;
    if (S.ws) { var old = S.ws; S.ws = null; try { old.close(); } catch (e) { /* ignore */ } }
    setTransport('connecting');
    ensureSession().then(function () {
      if (gen !== S.gen) return;
      if (follower()) { setTransport('follower'); return flush(); }
      if (FORCE_POLL || S.mode === 'poll' || !window.WebSocket) {
        S.mode = 'poll'; S.pollSince = Date.now(); S.pollOk = false; setTransport('longpoll'); flush(); poll(gen);
      }
      else openWs(gen);
    }, function (e) {
      if (gen !== S.gen) return;
      if (e.refused) return refuse(e.refused);
      if (e.fatal) { showError(e.fatal); return; }
      noteFail(); retry();
    });
  }
  // this site may not use the chat (or is unknown): retrying cannot cure it, so everything stops in one calm state
  function refuse(t) {
    S.refused = t; S.gen++; clearTimeout(S.timer); clearTimeout(S.tick);
    if (S.ws) { var o = S.ws; S.ws = null; try { o.close(); } catch (e) { /* ignore */ } }
    S.outbox.forEach(function (m) { markPending(m.id, 'failed', T.notSent); });
    S.outbox = []; S.sending = false;
    setTransport('refused'); showTyping(false); showError(t); errEl.className = 'err calm';
    form.hidden = rateBox.hidden = off.hidden = true; log.hidden = false;
  }
  // without a connection for OUTAGE_MS the visitor is told (shorter gaps only count down in the header); a refused
  // cross-origin answer cannot be read, so it lands here too
  var OUTAGE_MS = 15000, WS_OPEN_MS = 2000;
  function noteFail() {
    if (!S.downSince) S.downSince = Date.now();
    if (Date.now() - S.downSince >= OUTAGE_MS && errEl.hidden) showError(T.outage);
    probeRefusal();
  }
  // a request carrying the token (a header) is preflighted, and the gateway grants no preflight to an origin no site
  // allows, so such a refusal looks like a network error; a plain GET (no preflight) reads the reason instead
  function probeRefusal() {
    if (!S.token || S.refused) return;
    req('GET', '/v1/status?' + qs({ siteKey: siteKey }), null, 5000).then(function (r) {
      if (!S.refused && FATAL[r.body.code]) refuse(FATAL[r.body.code]);
    }, function () { /* really offline */ });
  }
  function noteOk() {
    S.downSince = 0;
    if (errEl.textContent === T.unavailable || errEl.textContent === T.outage) showError('');
  }
  // a browser cannot put the token in a WebSocket's headers: it trades it (in a header) for a single-use ticket
  function openWs(gen) {
    req('POST', '/v1/ws-ticket?' + auth(), null).then(function (r) {
      if (gen !== S.gen) return;
      if (r.ok && r.body.ticket) return openWsWith(gen, r.body.ticket);
      if (sessionGone(r)) { dropSession(); return retry(true); }
      if (FATAL[r.body.code]) return refuse(FATAL[r.body.code]);
      wsNotOpened();
    }, function () { if (gen === S.gen) wsNotOpened(); });
  }
  function wsNotOpened() {
    setTransport('connecting'); noteFail();
    if (++S.wsFails >= 2) { S.mode = 'poll'; return retry(true); }
    retry();
  }
  function openWsWith(gen, ticket) {
    var ws, opened = false, ping, pongT;
    try {
      ws = new WebSocket(wsBase + '/v1/ws?' + resumeAt({ sid: S.sid, ticket: ticket }));
    } catch (e) { S.wsFails = 2; S.mode = 'poll'; return retry(true); }
    S.ws = ws; S.sentOn = {};
    // an upgrade nobody answers (a proxy that swallows WebSocket) must not hold the chat up: after WS_OPEN_MS
    // long-polling carries it, and WebSocket is tried again later
    var openTimer = setTimeout(function () {
      if (!opened && gen === S.gen) { S.mode = 'poll'; S.wsFails = 2; connect(); }
    }, WS_OPEN_MS);
    ws.onopen = function () {
      opened = true; clearTimeout(openTimer);
      if (gen !== S.gen) return;
      S.wsFails = 0; S.attempt = 0; noteOk(); setTransport('websocket'); flush(); receipts();
      // a connection that stops answering pings is dead even if the browser has not noticed: start over
      ping = setInterval(function () {
        if (ws.readyState !== 1) return;
        ws.send('{"type":"ping"}');
        clearTimeout(pongT); pongT = setTimeout(function () { if (gen === S.gen) connect(); }, 10000);
      }, 25000);
    };
    ws.onmessage = function (e) {
      clearTimeout(pongT);
      if (gen !== S.gen) return;
      var m; try { m = JSON.parse(e.data); } catch (x) { return; }
      handle(m);
    };
    ws.onclose = function (e) {
      clearTimeout(openTimer); clearInterval(ping); clearTimeout(pongT);
      if (S.ws === ws) S.ws = null;
      if (gen !== S.gen) return;
      setTransport('connecting');
      if (!opened) {
        noteFail();
        if (++S.wsFails >= 2) { S.mode = 'poll'; return retry(true); }
        return retry();
      }
      if (e.code === 4001) { dropSession(); return retry(true); }
      retry(e.code === 4009 || e.code === 1001);
    };
  }
  function poll(gen) {
    var t0 = Date.now();
    req('GET', '/v1/poll?' + resumeAt({ sid: S.sid, tab: TAB }), null, 40000)
      .then(function (r) {
        if (gen !== S.gen) return;
        if (r.ok) {
          if (!S.pollOk) receipts();
          S.attempt = 0; S.pollOk = true; noteOk(); setTransport('longpoll');
          var ev = r.body.events || [];
          ev.forEach(handle);
          if (r.body.epoch && r.body.epoch !== S.epoch) { S.epoch = r.body.epoch; save(); }
          if (window.WebSocket && !FORCE_POLL && Date.now() - S.pollSince > 120000) { S.mode = 'ws'; S.wsFails = 1; return connect(); } // try to upgrade again
          if (!ev.length && Date.now() - t0 < 200) { S.timer = setTimeout(function () { if (gen === S.gen) poll(gen); }, 1000); return; }
          return poll(gen);
        }
        if (sessionGone(r)) { dropSession(); return connect(); }
        if (r.body.code === 'cursor_ahead') { S.lastSeq = 0; S.history = []; clearConfirmed(); save(); S.mode = 'ws'; return connect(); }
        if (FATAL[r.body.code]) return refuse(FATAL[r.body.code]);
        throw new Error('poll ' + r.status);
      }).catch(function () {
        if (gen !== S.gen) return;
        setTransport('connecting'); noteFail();
        // long-polling never worked either: the network is down, not just WebSocket, so try WebSocket again first
        if (!S.pollOk && !FORCE_POLL) { S.mode = 'ws'; S.wsFails = 0; return retry(); }
        S.timer = setTimeout(function () { if (gen === S.gen) poll(gen); }, backoff());
      });
  }

  /* ---------- events ---------- */
  function handle(ev, peer) {
    if (!ev || typeof ev !== 'object') return;
    if (!peer && BC && S.leader) post({ t: 'ev', ev: ev });
    if (ev.type === 'message') {
      if (typeof ev.seq !== 'number' || ev.seq <= S.lastSeq) return; // exactly-once display
      if (ev.seq === S.rewoundTo + 1) { S.gapWait = 0; S.rewoundTo = -1; } // a gap came through after all
      S.lastSeq = ev.seq;
      var rec = { seq: ev.seq, from: ev.from, senderName: ev.senderName, text: ev.text, ts: ev.ts, clientMsgId: ev.clientMsgId,
        event: ev.event };
      S.history.push(rec); if (S.history.length > HIST) S.history.shift();
      if (ev.clientMsgId && pendingEls[ev.clientMsgId]) {
        pendingEls[ev.clientMsgId].remove(); delete pendingEls[ev.clientMsgId];
      }
      if (ev.clientMsgId) dropOutbox(ev.clientMsgId);
      renderConfirmed(rec);
      if (ev.from !== 'visitor') {
        S.agentSeq = ev.seq;
        if (ev.from === 'agent') showTyping(false);
        if (!S.isOpen) { setUnread(S.unread + 1); announcer.textContent = tr('newMsg', ev.senderName || T.agent, ev.text || T.ended); }
      }
      offerRating(rec);
      save(); receipts();
    } else if (ev.type === 'reset') {
      // the log this chat followed is gone (the server lost it and restored it from its records): drop what is
      // shown and show the history that follows from its start; unsent messages stay pending and are sent again
      S.epoch = ev.epoch || ''; S.lastSeq = 0; S.history = []; S.dv = S.rd = S.agentSeq = S.rateFor = 0; S.rcpt = {};
      clearConfirmed(); offerRating({}); save();
    } else if (ev.type === 'gap') {
      gap(ev);
    } else if (ev.type === 'typing') {
      if (ev.from !== 'visitor') showTyping(!!ev.typing);
    } else if (ev.type === 'receipt') {
      if (ev.from !== 'agent' || typeof ev.seq !== 'number') return;
      if (ev.state === 'read') S.rd = Math.max(S.rd, ev.seq);
      S.dv = Math.max(S.dv, ev.seq);
      save(); refreshStates();
    } else if (ev.type === 'ack') {
      onAck(ev);
    } else if (ev.type === 'error' && !ev.clientMsgId) {
      if (ev.code === 'unknown_type') S.noRcpt = true; // a server without receipts
    } else if (ev.type === 'error' && ev.clientMsgId) {
      if (ev.code === 'unavailable') { delete S.sentOn[ev.clientMsgId]; setTimeout(flush, 2000); }
      else failMsg(ev.clientMsgId, ev);
    }
  }
  // messages after..upto could not be delivered now (the server could not read them from its records): a little
  // later (longer each time) the chat resumes from just before them, dropping what it shows after that point, so
  // that every message shows once and in seq order
  function gap(ev) {
    if (typeof ev.after !== 'number' || typeof ev.upto !== 'number' || ev.upto <= S.lastSeq) return;
    if (S.gapAt < 0 || ev.after < S.gapAt) S.gapAt = ev.after;
    S.lastSeq = ev.upto; // what follows the gap comes next (a poll resumes after it)
    if (S.gapTimer) return;
    S.gapWait = Math.min(15000, (S.gapWait || 1000) * 2); // 2, 4, 8, 15, 15… s
    S.gapTimer = setTimeout(rewind, S.gapWait);
  }
  function rewind() {
    var at = S.gapAt;
    S.gapTimer = null; S.gapAt = -1;
    if (at < 0 || at >= S.lastSeq) return;
    S.lastSeq = S.rewoundTo = at;
    S.history = S.history.filter(function (m) { return m.seq <= at; });
    Array.prototype.slice.call(log.querySelectorAll('.m[data-seq]')).forEach(function (b) {
      if (+b.getAttribute('data-seq') > at) b.remove();
    });
    save(); connect();
  }

  // tells the agent's desk what the visitor has received ("delivered") and seen ("read"), everything up to a seq
  function receipts() {
    var seq = S.lastSeq, state = S.isOpen && !document.hidden ? 'read' : 'delivered', body = { state: state, seq: seq };
    if (S.noRcpt || !S.token || !S.agentSeq || (S.rcpt.read || 0) >= S.agentSeq ||
      (S.rcpt[state] || 0) >= S.agentSeq) return;
    if (S.ws && S.ws.readyState === 1) { body.type = 'receipt'; S.ws.send(JSON.stringify(body)); }
    else if (S.mode === 'poll') {
      req('POST', '/v1/receipt?' + auth(), body).then(function (r) {
        if (r.body.code === 'not_found' || r.body.code === 'unknown_type') S.noRcpt = true;
      }, function () {});
    } else return;
    S.rcpt[state] = seq;
  }
  // the rating is offered after the agent closes the chat, until the visitor rates or writes again
  function offerRating(m) {
    if (m.event === 'closed') S.rateFor = m.seq;
    else if (m.from === 'visitor') S.rateFor = 0;
    var show = !!S.rateFor && S.view !== 'off' && S.view !== 'pre' && !S.refused;
    if (show && rateBox.hidden) { score = null; rateComment.value = ''; scoreBtns.forEach(function (x) { x.setAttribute('aria-pressed', 'false'); }); }
    rateBox.hidden = !show;
  }
  rateBox.addEventListener('submit', function (e) {
    e.preventDefault();
    if (score == null) { scoreBtns[10].focus(); return; }
    var body = { score: score, comment: rateComment.value.trim() };
    if (S.ws && S.ws.readyState === 1) { body.type = 'rate'; S.ws.send(JSON.stringify(body)); }
    else {
      req('POST', '/v1/rating?' + auth(), body).then(function (r) {
        if (!r.ok) showError(T.unavailable);
      }, function () { showError(T.unavailable); });
    }
    S.rateFor = 0; rateBox.hidden = true;
    log.appendChild(el('div', 'system', null, T.rated)); scrollDown(true);
    announcer.textContent = T.rated; input.focus();
  });
  function dropOutbox(id) {
    S.outbox = S.outbox.filter(function (m) { return m.id !== id; });
  }
  function onAck(a) {
    if (!a || !a.clientMsgId) return;
    dropOutbox(a.clientMsgId);
    markPending(a.clientMsgId, 'sent', T.sent);
    save();
  }
  function failMsg(id, e) {
    dropOutbox(id); save();
    markPending(id, 'failed', e && e.code === 'message_too_large' ? T.tooLongSent : T.notSent);
  }

  /* ---------- sending ---------- */
  function flush() {
    if (follower()) { if (S.outbox.length || S.token) post({ t: 'send', items: S.outbox, s: S.token && { sid: S.sid, token: S.token, conversationId: S.conversationId } }); return; }
    if (S.ws && S.ws.readyState === 1) {
      S.outbox.forEach(function (m) {
        if (S.sentOn[m.id]) return;
        S.sentOn[m.id] = 1;
        S.ws.send(JSON.stringify({ type: 'send', clientMsgId: m.id, text: m.text }));
      });
    } else if (S.mode === 'poll' && S.token && !S.sending) postNext(0);
  }
  function postNext(tries) {
    var m = S.outbox[0];
    if (!m || S.mode !== 'poll' || !S.token) { S.sending = false; return; }
    S.sending = true;
    function again() {
      var d = Math.min(15000, 500 * Math.pow(2, tries)); d = d / 2 + Math.random() * d / 2;
      setTimeout(function () { postNext(tries + 1); }, d);
    }
    req('POST', '/v1/send?' + auth(), { clientMsgId: m.id, text: m.text }).then(function (r) {
      if (r.ok) { handle({ type: 'ack', clientMsgId: r.body.clientMsgId || m.id }); return postNext(0); }
      if (sessionGone(r)) { S.sending = false; dropSession(); return connect(); }
      if (FATAL[r.body.code]) return refuse(FATAL[r.body.code]);
      if (r.status >= 400 && r.status < 500) { handle({ type: 'error', clientMsgId: m.id, code: r.body.code }); return postNext(0); }
      again();
    }, again);
  }
  function submit() {
    var text = input.value;
    if (!text.trim() || S.refused) return;
    if (text.length > MAX_CHARS) { showError(T.tooLong); return; }
    var item = { id: newId(), text: text };
    S.outbox.push(item); save();
    renderPending(item);
    input.value = ''; setTyping(false);
    start(); flush();
  }

  /* ---------- typing ---------- */
  var typingOn = false, typingSent = 0, typingIdle;
  function setTyping(on) {
    clearTimeout(typingIdle);
    if (!on && !typingOn) return;
    typingOn = on; typingSent = Date.now();
    if (S.token) sendTyping(on);
  }
  function sendTyping(on) {
    if (follower()) return post({ t: 'typing', on: on });
    if (S.ws && S.ws.readyState === 1) S.ws.send(JSON.stringify({ type: 'typing', typing: on }));
    else if (S.mode === 'poll' && S.token) req('POST', '/v1/typing?' + auth(), { typing: on }).catch(function () {});
  }
  input.addEventListener('input', function () {
    if (!input.value) return setTyping(false);
    if (!typingOn || Date.now() - typingSent > 3000) setTyping(true);
    clearTimeout(typingIdle);
    typingIdle = setTimeout(function () { setTyping(false); }, 2500);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); submit(); input.focus(); });

  /* ---------- open / close ---------- */
  function start() {
    if (S.started) return;
    S.started = true; connect();
  }
  function view(v) {
    if (S.refused) return;
    S.view = v;
    var f = v === 'off' || v === 'pre';
    off.hidden = !f;
    [log, typingEl, form].forEach(function (c) { c.hidden = f; });
    rateBox.hidden = f || !S.rateFor;
  }
  function open() {
    S.isOpen = true; panel.hidden = false;
    launch.setAttribute('aria-expanded', 'true');
    setUnread(0); announcer.textContent = '';
    if (S.view === 'off' || S.view === 'pre') { firstField().focus(); return; }
    if (S.token || S.started || S.outbox.length || S.view) return chat();
    // a new visitor: live chat (after the pre-chat questions, if any) when an agent is online, else the leave-a-message form
    view('chat'); input.focus();
    req('GET', '/v1/status?' + qs({ siteKey: siteKey }), null, 5000).then(function (r) {
      var fresh = !S.started && !S.outbox.length && !S.token;
      if (fresh && r.ok && r.body.agentsOnline === 0) form2(false);
      else if (fresh && PRE.length) form2(true);
      else chat();
    }, chat);
  }
  function form2(pre) { formMode(pre); view(pre ? 'pre' : 'off'); if (S.isOpen) firstField().focus(); }
  function chat() {
    view('chat'); start(); setTransport(S.transport);
    scrollDown(true); if (S.isOpen) input.focus();
    receipts();
  }
  off.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = offFields.message.value, pre = S.view === 'pre';
    if (!pre && !text.trim()) { offFields.message.focus(); return; }
    S.profile = { name: offFields.name.value.trim(), email: offFields.email.value.trim() };
    view('chat');
    if (text.trim()) {
      var item = { id: newId(), text: text };
      S.outbox.push(item); save(); renderPending(item);
    }
    if (!pre) { log.appendChild(el('div', 'system', null, T.thanks)); announcer.textContent = T.thanks; }
    start(); flush(); input.focus();
  });
  function close() {
    var hadFocus = root.activeElement && panel.contains(root.activeElement);
    S.isOpen = false; panel.hidden = true;
    launch.setAttribute('aria-expanded', 'false');
    if (hadFocus) launch.focus();
  }
  launch.addEventListener('click', function () { if (S.isOpen) close(); else open(); });
  xBtn.addEventListener('click', close);
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') { e.stopPropagation(); close(); } });
  window.addEventListener('online', function () { if (S.started && S.transport === 'connecting') connect(); });
  // the browser knows the network is gone: the old connection is as good as dead, start over when it returns
  window.addEventListener('offline', function () {
    if (!S.started) return;
    S.gen++;
    if (S.ws) { var o = S.ws; S.ws = null; try { o.close(); } catch (e) { /* ignore */ } }
    setTransport('connecting'); retry();
  });
  document.addEventListener('visibilitychange', receipts);
  // another tab of the same visitor saved: share its session and its messages (each shown once, by seq)
  window.addEventListener('storage', function (e) {
    if (e.key !== KEY || !e.newValue) return;
    var o; try { o = JSON.parse(e.newValue); } catch (x) { return; }
    if (!o || !o.token) return;
    adopt(o);
    (o.history || []).forEach(function (m) {
      if (m && m.seq > S.lastSeq) { var ev = { type: 'message' }; for (var k in m) ev[k] = m[k]; handle(ev); }
    });
    S.dv = Math.max(S.dv, +o.dv || 0); S.rd = Math.max(S.rd, +o.rd || 0); refreshStates();
  });
  function adopt(o) {
    if (!o || !o.token || o.token === S.token || S.creating) return;
    S.sid = o.sid; S.token = o.token; S.conversationId = o.conversationId;
    S.lastSeq = S.dv = S.rd = 0; S.history = []; clearConfirmed();
    var was = S.started;
    if (S.view === 'off' || S.view === 'pre') chat();
    if (was) connect(); else start();
  }
  // the visitor's copy of the conversation, as plain text
  function transcript() {
    return S.history.map(function (m) {
      var who = m.from === 'agent' ? (m.senderName || T.agent) + ': ' : m.from === 'visitor' ? T.you + ': ' : '';
      return (m.ts ? new Date(m.ts).toLocaleString(LANG) + '  ' : '') + who + (m.text || (m.event === 'closed' ? T.ended : ''));
    }).join('\r\n') + '\r\n';
  }
  dlBtn.addEventListener('click', function () {
    var url = URL.createObjectURL(new Blob(['\ufeff' + T.title + '\r\n\r\n' + transcript()], { type: 'text/plain;charset=utf-8' }));
    var a = el('a', null, { href: url, download: 'chat-transcript-' + new Date().toISOString().slice(0, 10) + '.txt' });
    root.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  });

  function mount() {
    document.body.appendChild(host);
    if (S.token) start();
  }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);

  window.LiveChatWidget = {
    open: open,
    close: close,
    send: function (t) { input.value = String(t); submit(); },
    transcript: transcript,
    state: function () {
      return { sid: S.sid, conversationId: S.conversationId, lastSeq: S.lastSeq, epoch: S.epoch, transport: S.transport,
        view: S.view || null, lang: LANG, open: S.isOpen, mode: S.mode, outbox: S.outbox.length, sending: S.sending };
    }
  };
})();
