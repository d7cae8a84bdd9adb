/* The funds pages' charts (templates/funds*.html): the expenditure curve against the schedule
   and the province's average, the counties' expenditure, the industry share against its floor,
   a station's yield against its design — from the data the server put in data-funds-chart
   beside the tables. ES5 and optional like app.js: without ECharts the tables say it all. */
(function () {
  'use strict';
  if (!window.echarts || !window.JSON || !document.querySelectorAll) { return; }
  var colors = ['#1c7ed6', '#868e96', '#f08c00', '#2f9e44', '#c92a2a'];
  var charts = [];

  function option(d, narrow) {
    var series = [];
    for (var i = 0; i < d.series.length; i++) {
      var s = d.series[i];
      var o = { name: s.name, type: s.type, data: s.data, barMaxWidth: 40, connectNulls: false, symbolSize: 6,
        itemStyle: { color: colors[i % colors.length] },
        lineStyle: { width: i === 0 ? 3 : 2, type: s.dashed ? 'dashed' : 'solid' } };
      if (i === 0 && d.floor !== undefined && d.floor !== null) {
        o.markLine = { symbol: 'none', label: { formatter: d.floorName || '', position: 'insideEndTop' }, lineStyle: { color: '#c92a2a', type: 'dashed' },
          data: [{ yAxis: d.floor }] };
      }
      series.push(o);
    }
    return {
      title: { text: d.title, left: 0, textStyle: { fontSize: 14, fontWeight: 'normal', color: '#243b53' } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null || v === undefined ? '—' : v + (d.unit === '%' ? '%' : ' ' + d.unit); } },
      legend: narrow ? { top: 24, left: 0 } : { top: 0, right: 0 },
      grid: { left: 48, right: 16, top: narrow ? 56 : 40, bottom: d.categories.length > 8 ? 64 : 30 },
      xAxis: { type: 'category', data: d.categories, axisLabel: { interval: 0, rotate: d.categories.length > 8 ? 40 : 0 } },
      yAxis: { type: 'value', min: 0, max: d.unit === '%' ? 100 : null, axisLabel: { formatter: d.unit === '%' ? '{value}%' : '{value}' } },
      series: series,
      animation: false
    };
  }

  var list = document.querySelectorAll('.funds-chart');
  for (var i = 0; i < list.length; i++) {
    var el = list[i], d;
    try { d = JSON.parse(el.getAttribute('data-funds-chart')); } catch (err) { continue; }
    if (!d || !d.categories || !d.categories.length) { continue; }
    el.className += ' on';
    var chart = window.echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option(d, el.clientWidth < 600));
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
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
})();
