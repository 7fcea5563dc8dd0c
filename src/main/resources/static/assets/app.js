// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // CSV import in progress: follow it without reloading, then show the report.
  var box = document.querySelector('[data-import-progress]');
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute('data-import-progress');
  var status = box.querySelector('[role=status]');
  var bar = box.querySelector('progress');
  var template = status.textContent;
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (p) {
        if (p.finished) {
          window.location.reload();
          return;
        }
        bar.max = Math.max(p.total, 1);
        bar.value = p.processed;
        status.textContent = template.replace(/\d[\d\s\u202f\u00a0]*(?=\D+\d)/, String(p.processed) + ' ')
          .replace(/\d[\d\s\u202f\u00a0]*(?=\D*$)/, String(p.total));
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
