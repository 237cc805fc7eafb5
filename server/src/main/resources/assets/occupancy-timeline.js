// The day timeline of one counter: occupied / empty / unknown stretches as coloured bars over the
// day, the opening sessions shaded behind them. Data comes from the page (data-chart): its times are
// the site's clock written as UTC, so the chart draws in UTC (useUTC) and the axis and the tooltips show
// the site's day, 00:00 to 24:00, whatever the time zone of the browser. Drawn as SVG, so the axis labels
// are text a screen reader (and a browser test) can read.
(function () {
  'use strict';
  var node = document.getElementById('timeline-chart');
  if (!node || typeof echarts === 'undefined') {
    return;
  }
  var data = JSON.parse(node.getAttribute('data-chart'));
  var colours = {occupied: '#1e7b34', empty: '#c62828', unknown: '#9aa3ad'};
  var chart = echarts.init(node, null, {renderer: 'svg'});
  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function clock(ms) {
    var d = new Date(ms);
    // The end of the day is 24:00 of this day, not 00:00 of the next.
    var hours = ms === data.to ? 24 : d.getUTCHours();
    return pad(hours) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
  }
  function bar(params, api) {
    var start = api.coord([api.value(0), 0]);
    var end = api.coord([api.value(1), 0]);
    var height = api.size([0, 1])[1] * 0.6;
    return {
      type: 'rect',
      shape: echarts.graphic.clipRectByRect(
        {x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 1), height: height},
        {x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height}),
      style: api.style({fill: colours[data.intervals[params.dataIndex][2]]})
    };
  }
  chart.setOption({
    animation: false,
    useUTC: true,
    grid: {left: 20, right: 20, top: 30, bottom: 40},
    legend: {top: 0, data: ['occupied', 'empty', 'unknown'].map(function (s) {
      return {name: data.labels[s], itemStyle: {color: colours[s]}};
    })},
    tooltip: {formatter: function (p) {
      var i = data.intervals[p.dataIndex];
      return data.labels[i[2]] + ': ' + clock(i[0]) + ' – ' + clock(i[1]) + ' (' + data.timeZone + ')';
    }},
    xAxis: {type: 'time', min: data.from, max: data.to, axisLabel: {formatter: '{HH}:{mm}'}},
    yAxis: {type: 'category', data: [''], axisTick: {show: false}},
    series: [
      {type: 'custom', renderItem: bar, encode: {x: [0, 1], y: 2},
       data: data.intervals.map(function (i) { return [i[0], i[1], 0]; }),
       markArea: {silent: true, itemStyle: {color: 'rgba(0, 96, 192, 0.08)'},
                  data: data.sessions.map(function (s) { return [{name: data.labels.session, xAxis: s[0]}, {xAxis: s[1]}]; })}}
    ].concat(['occupied', 'empty', 'unknown'].map(function (s) {
      return {name: data.labels[s], type: 'line', data: [], itemStyle: {color: colours[s]}};
    }))
  });
  window.addEventListener('resize', function () { chart.resize(); });
}());
