/* The scorecard page's charts (templates/scorecard.html): the regions' scores as stacked bars
   (score and gap to full marks) and the trend of the totals as lines, from the data the server
   put in data-score-chart beside the tables. ES5 and optional like app.js: without ECharts the
   tables say it all. Drawn as SVG and resized when the page is printed, so that the A4
   landscape print (scorecard.css) carries the charts at the width of the page. */
(function () {
  'use strict';
  if (!window.echarts || !window.JSON || !document.querySelectorAll) { return; }
  var colors = ['#2f9e44', '#e03131', '#1c7ed6', '#f08c00', '#7048e8', '#0c8599', '#d6336c', '#5c940d', '#862e9c', '#e8590c', '#495057'];
  var charts = [];

  function option(d) {
    var series = [];
    for (var i = 0; i < d.series.length; i++) {
      var s = { name: d.series[i].name, type: d.type, data: d.series[i].data, barMaxWidth: 36,
        itemStyle: { color: colors[i % colors.length] } };
      if (d.stack) { s.stack = 'all'; }
      if (d.type === 'line') {
        s.connectNulls = false;
        s.symbolSize = 5;
        s.lineStyle = { width: i === 0 ? 3 : 1.5 };
        if (i === 0) { s.z = 3; }
      }
      series.push(s);
    }
    var many = d.categories.length > 8;
    return {
      title: { text: d.title, left: 0, textStyle: { fontSize: 14, fontWeight: 'normal', color: '#243b53' } },
      tooltip: { trigger: 'axis', axisPointer: { type: d.type === 'line' ? 'line' : 'shadow' } },
      legend: { top: 0, right: 0, type: 'scroll', width: '70%' },
      grid: { left: 48, right: 16, top: 44, bottom: many ? 80 : 30 },
      xAxis: { type: 'category', data: d.categories, axisLabel: { interval: 0, rotate: many ? 40 : 0 } },
      yAxis: { type: 'value', min: 0, max: d.max || null, name: '分' },
      series: series,
      animation: false
    };
  }

  var list = document.querySelectorAll('.score-chart');
  for (var i = 0; i < list.length; i++) {
    var el = list[i], d;
    try { d = JSON.parse(el.getAttribute('data-score-chart')); } catch (err) { continue; }
    if (!d || !d.categories || !d.categories.length) { continue; }
    el.className += ' on';
    var chart = window.echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option(d));
    charts.push(chart);
  }
  if (!charts.length) { return; }

  function resizeAll() {
    for (var i = 0; i < charts.length; i++) { charts[i].resize(); }
  }
  var timer;
  window.addEventListener('resize', function () {
    clearTimeout(timer);
    timer = setTimeout(resizeAll, 150);
  });
  // Printing lays the page out at the paper's width: draw the charts again at that size, and
  // once more when the print is done.
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
  if (window.matchMedia) {
    var mq = window.matchMedia('print');
    if (mq.addListener) { mq.addListener(resizeAll); }
  }
})();
