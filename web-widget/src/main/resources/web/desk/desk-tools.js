/* LiveChat agent desk: what the desk's tools share (REST calls with the agent's token). Loaded before desk-*.js. */
(function () {
  'use strict';
  var D = window.LiveChatDesk = window.LiveChatDesk || {};
  D.call = function (method, path, body) {
    var h = { Authorization: 'Bearer ' + (D.token ? D.token() : '') };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    return fetch(path, { method: method, headers: h, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (b) { return { ok: r.ok, status: r.status, body: b }; });
      });
  };
  D.el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  // the desk's own errors, said in words (codes: docs/API.md)
  D.problem = function (r) {
    return (r && r.body && r.body.message) || 'The server could not be reached.';
  };
})();
