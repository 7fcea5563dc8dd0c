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

// Acceptance of a referral: the mediator list shows only the people of the chosen structure (the
// server checks the pair anyway; without this script every structure's people are listed in groups).
(function () {
  'use strict';
  var structure = document.querySelector('select[data-filters]');
  if (!structure) {
    return;
  }
  var mediator = document.getElementById(structure.getAttribute('data-filters'));
  if (!mediator) {
    return;
  }
  function filter() {
    var chosen = structure.value;
    Array.prototype.forEach.call(mediator.querySelectorAll('optgroup[data-structure]'), function (group) {
      var visible = !chosen || group.getAttribute('data-structure') === chosen;
      group.hidden = !visible;
      group.disabled = !visible;
    });
    var selected = mediator.options[mediator.selectedIndex];
    if (selected && selected.parentNode.disabled) {
      mediator.value = '';
    }
  }
  structure.addEventListener('change', filter);
  filter();
})();
