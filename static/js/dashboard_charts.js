/* The dashboards' charts (Chart.js, vendored). The numbers come from a json_script element
   (no inline script: the Content-Security-Policy allows none) and are also in a table beside
   each chart, so the page reads the same without JavaScript. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var blue = "#0a58ca";
  var green = "#146c43";
  var orange = "#b35900";

  function trendChart(canvas, trend) {
    new Chart(canvas, {
      type: "line",
      data: {
        labels: trend.labels,
        datasets: [
          { label: trend.score_label, data: trend.score, borderColor: blue,
            backgroundColor: blue, yAxisID: "y", spanGaps: true },
          { label: trend.revenue_label, data: trend.revenue, borderColor: green,
            backgroundColor: green, yAxisID: "y1", borderDash: [6, 4], spanGaps: true }
        ]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { position: "left", title: { display: true, text: trend.score_label } },
          y1: { position: "right", grid: { drawOnChartArea: false },
                title: { display: true, text: trend.revenue_label } }
        }
      }
    });
  }

  function paretoChart(canvas, pareto) {
    function points(list) {
      return [{ x: 0, y: 0 }].concat(list.map(function (p) { return { x: p[0], y: p[1] }; }));
    }
    new Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          { label: pareto.outlets_label, data: points(pareto.outlets), borderColor: blue,
            backgroundColor: blue, pointRadius: 0 },
          { label: pareto.products_label, data: points(pareto.products), borderColor: orange,
            backgroundColor: orange, pointRadius: 0, borderDash: [6, 4] },
          { label: "80%", data: [{ x: 0, y: 80 }, { x: 100, y: 80 }], borderColor: "#6c757d",
            borderWidth: 1, pointRadius: 0, borderDash: [2, 3] }
        ]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        parsing: false,
        scales: {
          x: { type: "linear", min: 0, max: 100, title: { display: true, text: pareto.x_label } },
          y: { min: 0, max: 100, title: { display: true, text: pareto.y_label } }
        }
      }
    });
  }

  function historyChart(canvas, history) {
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: history.labels,
        datasets: [
          { label: history.score_label, data: history.score, backgroundColor: blue, yAxisID: "y" },
          { label: history.amount_label, data: history.amount, type: "line", borderColor: green,
            backgroundColor: green, yAxisID: "y1" }
        ]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { position: "left", beginAtZero: true },
          y1: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } }
        }
      }
    });
  }

  var overview = read("overview-data");
  if (overview) {
    var trend = document.getElementById("trend-chart");
    if (trend) { trendChart(trend, overview.trend); }
    var pareto = document.getElementById("pareto-chart");
    if (pareto) { paretoChart(pareto, overview.pareto); }
  }
  var mine = read("dashboard-data");
  if (mine) {
    var history = document.getElementById("history-chart");
    if (history) { historyChart(history, mine.history); }
  }
})();
