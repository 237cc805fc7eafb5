// The service-quality charts: the month's days (tickets issued and served as bars, average wait and
// unattended-queue minutes as lines, the waiting target marked) and the last twelve weeks (tickets,
// average wait, % over the target, satisfaction). Data comes from the page (data-chart on #daily-chart).
(function () {
  'use strict';
  var daily = document.getElementById('daily-chart');
  var weekly = document.getElementById('weekly-chart');
  if (!daily || typeof echarts === 'undefined') {
    return;
  }
  var data = JSON.parse(daily.getAttribute('data-chart'));
  var l = data.labels;
  var charts = [];

  var day = echarts.init(daily);
  day.setOption({
    animation: false,
    tooltip: {trigger: 'axis'},
    legend: {top: 0},
    grid: {left: 50, right: 50, top: 40, bottom: 30},
    xAxis: {type: 'category', data: data.days},
    yAxis: [{type: 'value', name: l.tickets}, {type: 'value', name: l.minutes}],
    series: [
      {name: l.issued, type: 'bar', data: data.issued, itemStyle: {color: '#9aa3ad'}},
      {name: l.served, type: 'bar', data: data.served, itemStyle: {color: '#1e7b34'}},
      {name: l.avgWait, type: 'line', yAxisIndex: 1, data: data.avgWait, connectNulls: true, itemStyle: {color: '#0060c0'},
       markLine: {silent: true, symbol: 'none', lineStyle: {color: '#c62828', type: 'dashed'},
                  data: [{yAxis: data.target, name: l.target}], label: {formatter: l.target + ' {c}'}}},
      {name: l.unattended, type: 'line', yAxisIndex: 1, data: data.unattended, connectNulls: true, itemStyle: {color: '#c62828'}}
    ]
  });
  charts.push(day);

  if (weekly) {
    var week = echarts.init(weekly);
    week.setOption({
      animation: false,
      tooltip: {trigger: 'axis'},
      legend: {top: 0},
      grid: {left: 50, right: 50, top: 40, bottom: 30},
      xAxis: {type: 'category', data: data.weeks},
      yAxis: [{type: 'value', name: l.tickets}, {type: 'value', name: l.percent + ' / ' + l.minutes}],
      series: [
        {name: l.issued, type: 'bar', data: data.weekIssued, itemStyle: {color: '#9aa3ad'}},
        {name: l.avgWait, type: 'line', yAxisIndex: 1, data: data.weekAvgWait, itemStyle: {color: '#0060c0'}},
        {name: l.overTarget, type: 'line', yAxisIndex: 1, data: data.weekOverTarget, itemStyle: {color: '#c62828'}},
        {name: l.satisfaction, type: 'line', yAxisIndex: 1, data: data.weekSatisfaction, itemStyle: {color: '#1e7b34'}}
      ]
    });
    charts.push(week);
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
}());
