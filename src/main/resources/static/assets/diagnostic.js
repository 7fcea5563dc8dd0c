// Diagnostic capture: shows a follow-up question as soon as the answer that shows it is chosen,
// and hides it again when that answer is undone. Progressive enhancement only: without this file
// the server shows the follow-up questions after the step is saved, and says so.
// The conditions are the referential's own (the same JSON as its "showIf"), evaluated here the way
// RuleEngine.holds evaluates them on the server, which stays the judge when the step is saved.
(function () {
  'use strict';
  var form = document.querySelector('form[data-diagnostic-form]');
  if (!form || !window.JSON || !Array.prototype.forEach) {
    return;
  }
  var saved = JSON.parse(form.getAttribute('data-answers') || '{}');
  var groups = Array.prototype.slice.call(form.querySelectorAll('[data-question]'));
  var status = document.querySelector('[data-reveal-status]');
  var conditions = groups.map(function (g) {
    var c = g.getAttribute('data-show-if');
    return c ? JSON.parse(c) : null;
  });

  function controls(group) {
    return Array.prototype.slice.call(group.querySelectorAll('input, textarea, select'));
  }

  function valuesOf(group) {
    var name = 'q_' + group.getAttribute('data-question');
    var out = [];
    if (group.hidden) {
      return out;
    }
    controls(group).forEach(function (el) {
      if (el.name !== name || el.disabled) {
        return;
      }
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) {
        return;
      }
      var v = (el.value || '').trim();
      if (v) {
        out.push(v);
      }
    });
    return out;
  }

  function answers() {
    var a = {};
    Object.keys(saved).forEach(function (k) { a[k] = saved[k]; });
    groups.forEach(function (g) { a[g.getAttribute('data-question')] = valuesOf(g); });
    return a;
  }

  function number(v) {
    if (v === undefined || v === null || String(v).trim() === '') {
      return null;
    }
    var n = Number(String(v).trim());
    return isNaN(n) ? null : n;
  }

  function compare(c, v) {
    if (c.lessThan != null) { return v < c.lessThan; }
    if (c.atMost != null) { return v <= c.atMost; }
    if (c.greaterThan != null) { return v > c.greaterThan; }
    if (c.atLeast != null) { return v >= c.atLeast; }
    return false;
  }

  function holds(c, a) {
    if (!c) { return true; }
    if (c.all) { return c.all.every(function (x) { return holds(x, a); }); }
    if (c.any) { return c.any.some(function (x) { return holds(x, a); }); }
    if (c.not) { return !holds(c.not, a); }
    if (c.average) {
      var ns = c.average.map(function (q) { return (a[q] || []).length ? number(a[q][0]) : null; })
        .filter(function (n) { return n !== null; });
      if (!ns.length) { return false; }
      return compare(c, ns.reduce(function (x, y) { return x + y; }, 0) / ns.length);
    }
    var vs = a[c.question] || [];
    if (c.answered != null) { return c.answered === (vs.length > 0); }
    if (c.equals != null) {
      if (vs.length !== 1) { return false; }
      var n = number(vs[0]);
      var e = number(String(c.equals).replace(',', '.'));
      return n !== null && e !== null ? n === e : vs[0] === c.equals;
    }
    if (c.anyOf) { return vs.some(function (v) { return c.anyOf.indexOf(v) >= 0; }); }
    if (c.includes != null) { return vs.indexOf(c.includes) >= 0; }
    if (c.notIncludes != null) { return vs.indexOf(c.notIncludes) < 0; }
    var first = vs.length ? number(vs[0]) : null;
    return first !== null && compare(c, first);
  }

  function show(group, visible) {
    group.hidden = !visible;
    // A hidden question sends nothing, not even that it was shown.
    controls(group).forEach(function (el) { el.disabled = !visible; });
    group.classList.toggle('question-revealed', visible);
  }

  function update(announce) {
    var revealed = [];
    // Showing or hiding one question may change another's condition: repeat until stable.
    for (var round = 0; round < groups.length + 1; round++) {
      var a = answers();
      var changed = false;
      groups.forEach(function (g, i) {
        if (!conditions[i]) {
          return;
        }
        var visible = holds(conditions[i], a);
        if (visible === g.hidden) {
          changed = true;
          show(g, visible);
          var at = revealed.indexOf(g);
          if (visible && at < 0) {
            revealed.push(g);
          } else if (!visible && at >= 0) {
            revealed.splice(at, 1);
          }
        }
      });
      if (!changed) {
        break;
      }
    }
    if (announce && status && revealed.length) {
      var labels = revealed.map(function (g) { return g.getAttribute('data-label'); });
      status.textContent = status.getAttribute('data-message').replace('{0}', labels.join(' ; '));
    }
  }

  form.addEventListener('change', function () { update(true); });
  update(false);
})();
