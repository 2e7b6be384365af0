/* Bars drawn as inline SVG: received (solid) and decided (striped), so the two series differ
   by more than their colour; the same numbers follow as a table. */

import { dataTable, nextId, section } from "./dom.js";

var R = window.Recadastro;
var el = R.el;
var NS = "http://www.w3.org/2000/svg";
var WIDTH = 640;
var HEIGHT = 260;
var LEFT = 40;
var RIGHT = 24;
var TOP_PAD = 12;
var BOTTOM = 36;
var PLOT_W = WIDTH - LEFT - RIGHT;
var PLOT_H = HEIGHT - TOP_PAD - BOTTOM;

export function dailyChart(days) {
  var area = section("Últimos 30 dias");
  var totals = sums(days);
  area.appendChild(el("div", { class: "chart-scroll", tabindex: "0", role: "group", "aria-label": "Gráfico dos últimos 30 dias (role para os lados em telas estreitas)" },
    chartOf(days, totals)));
  area.appendChild(el("ul", { class: "legend" },
    el("li", {}, el("span", { class: "swatch swatch-solid", "aria-hidden": "true" }), "Recebidas (barras cheias): " + totals.submitted),
    el("li", {}, el("span", { class: "swatch swatch-striped", "aria-hidden": "true" }), "Decididas (barras listradas): " + totals.decided)));
  area.appendChild(numbersTable(days));
  return area;
}

function svg(tag, attributes, text) {
  var node = document.createElementNS(NS, tag);
  Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
  if (text !== undefined) node.textContent = text;
  return node;
}

/* The totals, and the scale: its top rounded up to a whole number of steps, four at most. */
function sums(days) {
  var totals = { submitted: 0, decided: 0 };
  var top = 1;
  days.forEach(function (day) {
    totals.submitted += day.submitted;
    totals.decided += day.decided;
    top = Math.max(top, day.submitted, day.decided);
  });
  totals.step = top <= 4 ? 1 : Math.ceil(top / 4);
  totals.top = totals.step * Math.ceil(top / totals.step);
  return totals;
}

function chartOf(days, totals) {
  var uid = nextId();
  var titleId = "grafico-" + uid;
  var descId = "grafico-desc-" + uid;
  var first = days.length ? R.formatDate(days[0].date) : "";
  var last = days.length ? R.formatDate(days[days.length - 1].date) : "";
  var chart = svg("svg", {
    viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "img", "aria-labelledby": titleId + " " + descId,
    class: "chart", focusable: "false",
  });
  chart.appendChild(svg("title", { id: titleId }, "Solicitações recebidas e decididas por dia"));
  chart.appendChild(svg("desc", { id: descId },
    "De " + first + " a " + last + ": " + totals.submitted + " recebidas e " + totals.decided +
    " decididas. Os números de cada dia estão na tabela a seguir."));
  chart.appendChild(stripes("listras-" + uid));
  gridLines(chart, totals);
  var slot = PLOT_W / Math.max(days.length, 1);
  days.forEach(function (day, index) {
    dayBars(chart, day, totals.top, LEFT + index * slot, slot, "url(#listras-" + uid + ")");
    if (index % 5 === 0 || index === days.length - 1) {
      chart.appendChild(svg("text", { x: LEFT + index * slot + slot / 2, y: HEIGHT - BOTTOM + 18, "text-anchor": "middle", class: "axis" },
        R.formatDate(day.date).slice(0, 5)));
    }
  });
  chart.appendChild(svg("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: TOP_PAD + PLOT_H, y2: TOP_PAD + PLOT_H, class: "baseline" }));
  return chart;
}

function stripes(id) {
  var defs = svg("defs");
  var pattern = svg("pattern", { id: id, width: "6", height: "6", patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
  pattern.appendChild(svg("rect", { width: "6", height: "6", class: "stripe-back" }));
  pattern.appendChild(svg("rect", { width: "3", height: "6", class: "stripe" }));
  defs.appendChild(pattern);
  return defs;
}

function gridLines(chart, totals) {
  for (var value = 0; value <= totals.top; value += totals.step) {
    var y = TOP_PAD + PLOT_H - (value / totals.top) * PLOT_H;
    chart.appendChild(svg("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y, y2: y, class: "grid" }));
    chart.appendChild(svg("text", { x: LEFT - 6, y: y + 4, "text-anchor": "end", class: "axis" }, String(value)));
  }
}

/* One day's two bars, side by side and centred in its slot. */
function dayBars(chart, day, top, slotX, slot, stripesFill) {
  var bar = Math.max(2, slot * 0.36);
  var x = slotX + (slot - 2 * bar) / 2;
  var hS = (day.submitted / top) * PLOT_H;
  var hD = (day.decided / top) * PLOT_H;
  chart.appendChild(svg("rect", { x: x, y: TOP_PAD + PLOT_H - hS, width: bar, height: hS, class: "bar-submitted" }));
  chart.appendChild(svg("rect", {
    x: x + bar, y: TOP_PAD + PLOT_H - hD, width: bar, height: hD,
    fill: stripesFill, class: "bar-decided", "stroke-width": hD ? 1 : 0,
  }));
}

function numbersTable(days) {
  var rows = days.slice().reverse().map(function (day) {
    return { date: R.formatDate(day.date), submitted: String(day.submitted), decided: String(day.decided) };
  });
  return el("details", { class: "chart-data" },
    el("summary", { text: "Ver os números por dia (tabela)" }),
    dataTable("Solicitações por dia, da mais recente à mais antiga",
      [["date", "Dia"], ["submitted", "Recebidas"], ["decided", "Decididas"]], rows, "compact-table"));
}
