/* gonggu's own script: small, ES5, and optional — every page works without it.
   It draws the ECharts charts from the data the server put beside the tables, sends the CSRF
   token with htmx requests, and wires the print, back and confirm buttons (the content
   security policy allows no inline handlers). */
(function () {
  'use strict';
  var body = document.body;

  function each(sel, fn) {
    var list = document.querySelectorAll(sel);
    for (var i = 0; i < list.length; i++) { fn(list[i]); }
  }

  // htmx: every request that changes something carries the session's CSRF token.
  document.addEventListener('htmx:configRequest', function (e) {
    var t = body.getAttribute('data-csrf');
    if (t) { e.detail.headers['X-CSRF-Token'] = t; }
  });

  each('.js-print', function (el) {
    el.addEventListener('click', function (e) { e.preventDefault(); window.print(); });
  });
  each('.js-back', function (el) {
    if (window.history.length > 1) {
      el.addEventListener('click', function (e) { e.preventDefault(); window.history.back(); });
    }
  });
  each('.js-confirm', function (el) {
    el.addEventListener('click', function (e) {
      if (!window.confirm(el.getAttribute('data-confirm'))) { e.preventDefault(); }
    });
  });

  // Without htmx (a build without its vendor files) a page that follows work in progress, such
  // as an import, reloads itself instead of swapping in the news.
  if (!window.htmx && document.querySelector('[hx-trigger^="every"]')) {
    setTimeout(function () { window.location.reload(); }, 2000);
  }

  // A choice that only narrows what the page shows takes effect at once.
  each('.js-autosubmit', function (el) {
    el.addEventListener('change', function () { if (el.form) { el.form.submit(); } });
  });
  // 全选本页: ticks or unticks every row's box in the same form.
  each('.js-tickall', function (el) {
    el.addEventListener('change', function () {
      var form = el.form || document.querySelector(el.getAttribute('data-scope'));
      if (!form) { return; }
      var boxes = form.querySelectorAll('input[type=checkbox][name=finding]');
      for (var i = 0; i < boxes.length; i++) { boxes[i].checked = el.checked; }
    });
  });
  // The menu folds on a phone: the button opens and closes it (without script the menu
  // stays open below the header).
  each('.js-menu', function (el) {
    var top = document.querySelector('.top');
    if (top) { top.className += ' folded'; }
    el.addEventListener('click', function (e) {
      e.preventDefault();
      var open = top.className.indexOf(' menu-open') >= 0;
      top.className = open ? top.className.replace(' menu-open', '') : top.className + ' menu-open';
      el.setAttribute('aria-expanded', open ? 'false' : 'true');
    });
  });

  // A menu group closes when another opens or the user clicks elsewhere.
  document.addEventListener('click', function (e) {
    var groups = document.querySelectorAll('details.menugroup[open]');
    for (var i = 0; i < groups.length; i++) {
      if (!groups[i].contains(e.target)) { groups[i].removeAttribute('open'); }
    }
  });

  if (!window.echarts || !window.JSON) { return; }
  var colors = ['#c92a2a', '#f08c00', '#4c8bd6'];
  each('.chart', function (el) {
    var d;
    try { d = JSON.parse(el.getAttribute('data-chart')); } catch (err) { return; }
    if (!d || !d.categories || !d.categories.length) { return; }
    el.className += ' on';
    // On a narrow screen the bars lie down, one row per region, so the names stay readable.
    var narrow = el.clientWidth < 600;
    if (narrow) { el.style.height = Math.max(240, d.categories.length * 26 + 70) + 'px'; }
    var chart = window.echarts.init(el, null, { renderer: 'canvas' });
    var series = [];
    for (var i = 0; i < d.series.length; i++) {
      series.push({ name: d.series[i].name, type: d.type || 'bar', stack: d.type ? undefined : 'all', data: d.series[i].data,
        itemStyle: { color: colors[i % colors.length] }, barMaxWidth: 36 });
    }
    chart.setOption({
      title: { text: d.title, left: 0, textStyle: { fontSize: 14, fontWeight: 'normal', color: '#243b53' } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: narrow ? { top: 24, left: 0 } : { top: 0, right: 0 },
      grid: narrow ? { left: 8, right: 16, top: 56, bottom: 8, containLabel: true }
        : { left: 48, right: 12, top: 40, bottom: d.categories.length > 8 ? 72 : 30 },
      xAxis: narrow ? { type: 'value', minInterval: 1 }
        : { type: 'category', data: d.categories, axisLabel: { interval: 0, rotate: d.categories.length > 8 ? 40 : 0 } },
      yAxis: narrow ? { type: 'category', data: d.categories, inverse: true, axisLabel: { interval: 0 } }
        : { type: 'value', minInterval: 1 },
      series: series,
      animation: false
    });
    var timer;
    window.addEventListener('resize', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { chart.resize(); }, 150);
    });
  });
})();
