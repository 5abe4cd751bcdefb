/* LiveChat agent desk: internal notes (agents only, never sent to the visitor) and tags of the open conversation.
   When the server says closing needs a tag, Close asks for one first. REST: docs/API.md */
(function () {
  'use strict';
  var D = window.LiveChatDesk, el = D.el;
  function $(id) { return document.getElementById(id); }
  var shown = null, tags = [], needsTag = false;

  function path(id, what) { return '/api/conversations/' + encodeURIComponent(id) + '/' + what; }
  function say(text) { $('case-error').textContent = text || ''; }

  function open(id) {
    shown = id; tags = []; say('');
    $('case').hidden = !id;
    $('tag-list').textContent = ''; $('note-list').textContent = '';
    if (!id) return;
    D.call('GET', path(id, 'tags')).then(function (r) {
      if (shown !== id) return;
      if (r.ok) { tags = r.body.tags || []; needsTag = !!r.body.closeRequiresTag; renderTags(); } else say(D.problem(r));
    });
    D.call('GET', path(id, 'notes')).then(function (r) {
      if (shown === id && r.ok) renderNotes(r.body.notes || []);
    });
    D.call('GET', '/api/tags').then(function (r) {
      if (!r.ok) return;
      var dl = $('tag-known'); dl.textContent = '';
      (r.body.tags || []).forEach(function (t) { var o = el('option'); o.value = t.tag; dl.appendChild(o); });
    });
  }

  function renderTags() {
    var ul = $('tag-list');
    ul.textContent = '';
    tags.forEach(function (t) {
      var li = el('li', 'tag', t), x = el('button', 'tag-x', '\u00d7');
      x.type = 'button';
      x.setAttribute('aria-label', 'Remove tag ' + t);
      x.addEventListener('click', function () { save(tags.filter(function (o) { return o !== t; })); });
      li.appendChild(x);
      ul.appendChild(li);
    });
  }
  function save(next) {
    var id = shown;
    return D.call('PUT', path(id, 'tags'), { tags: next }).then(function (r) {
      if (shown !== id) return;
      if (r.ok) { tags = r.body.tags || []; say(''); renderTags(); } else say(D.problem(r));
    });
  }
  function renderNotes(notes) {
    var ol = $('note-list');
    ol.textContent = '';
    notes.forEach(function (n) {
      var li = el('li', 'note');
      li.appendChild(el('span', 'note-who', (n.agentName || 'Agent') + ' \u00b7 ' + new Date(n.createdAt).toLocaleString()));
      li.appendChild(el('span', 'note-text', n.text));
      ol.appendChild(li);
    });
  }

  $('tag-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var t = $('tag-input').value.trim();
    if (!t || !shown) return;
    save(tags.concat([t])).then(function () { if (!$('case-error').textContent) $('tag-input').value = ''; });
  });
  $('note-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var id = shown, text = $('note-input').value;
    if (!id || !text.trim()) return;
    D.call('POST', path(id, 'notes'), { text: text }).then(function (r) {
      if (!r.ok) return say(D.problem(r));
      $('note-input').value = ''; say('');
      return D.call('GET', path(id, 'notes')).then(function (l) { if (shown === id && l.ok) renderNotes(l.body.notes || []); });
    });
  });
  // closing asks for a category first when the server requires one (the server refuses it all the same)
  $('conv').addEventListener('click', function (e) {
    if (e.target.id !== 'close-conv' || !needsTag || tags.length || !shown) return;
    e.stopPropagation();
    say('Add a tag before closing this conversation.');
    $('tag-input').focus();
  }, true);
  document.addEventListener('livechat:error', function (e) {
    if (e.detail && e.detail.code === 'tag_required') {
      $('close-conv').disabled = false;
      say('Add a tag before closing this conversation.');
    }
  });
  // follow the desk's selection: it names the open conversation on #conv
  new MutationObserver(function () {
    var id = $('conv').hidden ? null : $('conv').getAttribute('data-conversation-id');
    if (id !== shown) open(id);
  }).observe($('conv'), { attributes: true, attributeFilter: ['data-conversation-id', 'hidden'] });
})();
