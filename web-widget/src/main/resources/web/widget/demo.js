/* Points the demo page's desk link at the agent server on the same host (default port 8081). */
(function () {
  'use strict';
  function setLink() {
    var a = document.getElementById('desk-link');
    if (!a) return;
    var port = (document.documentElement.getAttribute('data-desk-port')) || '8081';
    a.href = location.protocol + '//' + location.hostname + ':' + port + '/desk/';
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setLink); else setLink();
})();
