// Sổ Đảng: draws each <figure class="chart"> with Chart.js (web/static/vendor/chartjs, served
// from the package). The figures come from the JSON block beside the canvas, each value with
// its text as the page writes it, so a tooltip shows the exact figure ("14.200", "12 (34,5%)")
// and the day as dd/mm/yyyy. Without this file the table beside each chart still reads.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var lang = document.documentElement.lang || "vi";
  // Axis ticks fall between the figures, so they are formatted here, with the page's
  // language: "14.200" in Vietnamese, "14,200" in English (the same CLDR symbols as Babel).
  var whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var share = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
  var body = window.getComputedStyle(document.body);

  Chart.defaults.font.family = body.fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = "#4a4a50";

  function tooltips(data) {
    return {
      callbacks: {
        title: function (items) {
          return items.length ? data.titles[items[0].dataIndex] : "";
        },
        label: function (item) {
          var series = data.series[item.datasetIndex];
          return series.name + ": " + series.texts[item.dataIndex];
        },
      },
    };
  }

  function datasets(data) {
    return data.series.map(function (s) {
      return {
        label: s.name,
        data: s.values,
        borderColor: s.color,
        backgroundColor: s.color,
        borderWidth: data.kind === "line" ? 2.5 : 0,
        pointRadius: data.kind === "line" ? 2 : 0,
        pointHoverRadius: 5,
        maxBarThickness: 28,
      };
    });
  }

  function valueAxis(data) {
    var percent = data.kind === "share";
    return {
      beginAtZero: !data.zoom,
      min: percent ? 0 : undefined,
      max: percent ? 100 : undefined,
      // A count is never below zero, even where a zoomed axis pads below its lowest value.
      afterDataLimits: function (axis) {
        if (axis.min < 0) axis.min = 0;
      },
      grid: { color: "#e3e3e6" },
      ticks: {
        precision: 0,
        maxTicksLimit: 6,
        callback: function (value) {
          return percent ? share.format(value / 100) : whole.format(value);
        },
      },
    };
  }

  // A long group name ("Trình độ cao đẳng trở lên") in lines of about 16 characters, so that
  // on a phone the names leave room for the bars.
  function wrap(text) {
    var lines = [];
    text.split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= 16) lines[last] += " " + word;
      else lines.push(word);
    });
    return lines;
  }

  function draw(figure) {
    var source = figure.querySelector("script.chart-data");
    var canvas = figure.querySelector("canvas");
    if (!source || !canvas) return;
    var data = JSON.parse(source.textContent);
    figure.classList.add("drawn");  // the box shows only where a chart is drawn in it
    var horizontal = data.kind === "share";
    if (horizontal) {
      // One band of bars per group: the box grows with the groups (CSSOM, allowed by the CSP).
      var box = canvas.parentNode;
      box.style.height = 56 + data.labels.length * (10 + 14 * data.series.length) + "px";
    }
    var labelAxis = {
      grid: { display: false },
      ticks: { autoSkip: !horizontal, maxRotation: 0, autoSkipPadding: 8 },
    };
    var scales = horizontal ? { x: valueAxis(data), y: labelAxis } : { x: labelAxis, y: valueAxis(data) };
    new Chart(canvas, {
      type: data.kind === "line" ? "line" : "bar",
      data: { labels: horizontal ? data.labels.map(wrap) : data.labels, datasets: datasets(data) },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        layout: { padding: { left: 4, right: 8 } },
        scales: scales,
        plugins: {
          legend: { display: data.series.length > 1, position: "top", align: "start" },
          tooltip: tooltips(data),
        },
      },
    });
  }

  document.querySelectorAll("figure.chart").forEach(draw);
})();
