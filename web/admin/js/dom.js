/* Small builders the screens share: notes, form fields, sections, data tables, tags, times. */

import { TEXT } from "./texts.js";

var R = window.Recadastro;
var el = R.el;

var uid = 0;
/* A number for ids no other node of the page has. */
export function nextId() {
  uid += 1;
  return uid;
}

export function loadingNote() {
  return el("p", { class: "muted", role: "status", "data-loading": true, text: TEXT.loading });
}

export function errorNote(message) {
  return el("div", { class: "error", role: "alert" }, el("p", { text: message }));
}

export function errorBox() {
  return el("div", { class: "error", "data-errors": true, tabindex: "-1", hidden: true });
}

export function field(label, control, hint) {
  var number = nextId();
  var id = control.id || "campo-" + number;
  control.id = id;
  var wrapper = el("div", { class: "field" }, el("label", { for: id, text: label }));
  if (hint) {
    var hintId = id + "-dica";
    wrapper.appendChild(el("p", { class: "hint", id: hintId, text: hint }));
    control.setAttribute("aria-describedby", hintId);
  }
  wrapper.appendChild(control);
  return wrapper;
}

export function checkField(label, control) {
  var number = nextId();
  control.id = control.id || "campo-" + number;
  return el("div", { class: "field field-check" }, control, el("label", { for: control.id, text: label }));
}

export function select(name, options, chosen) {
  var node = el("select", { name: name });
  options.forEach(function (option) {
    node.appendChild(el("option", { value: option[0], text: option[1], selected: option[0] === chosen }));
  });
  return node;
}

export function section(title, className) {
  var id = "secao-" + nextId();
  return el("section", { class: className || "panel", "aria-labelledby": id }, el("h2", { id: id, text: title }));
}

export function definitions(pairs) {
  var list = el("dl", { class: "facts" });
  pairs.forEach(function (pair) {
    if (!pair) return;
    list.appendChild(el("div", {}, el("dt", { text: pair[0] }), el("dd", {}, asNode(pair[1]))));
  });
  return list;
}

export function asNode(value) {
  if (value instanceof Node) return value;
  return document.createTextNode(value === null || value === undefined ? "" : String(value));
}

/* A data table that becomes a stack of cards at phone width (the roles keep it a table for
   screen readers whatever the CSS does to it). columns: [[key, header]]; rows: [{key: node}]. */
export function dataTable(caption, columns, rows, className) {
  var head = el("tr", { role: "row" });
  columns.forEach(function (column) {
    head.appendChild(el("th", { scope: "col", role: "columnheader", text: column[1] }));
  });
  var body = el("tbody", { role: "rowgroup" });
  rows.forEach(function (row) { body.appendChild(tableRow(columns, row)); });
  return el("table", { class: "data-table " + (className || ""), role: "table" },
    el("caption", { text: caption }),
    el("thead", { role: "rowgroup" }, head),
    body);
}

export function tableRow(columns, row) {
  var tr = el("tr", { role: "row" });
  columns.forEach(function (column, index) {
    var cell = el(index === 0 ? "th" : "td", {
      role: index === 0 ? "rowheader" : "cell",
      scope: index === 0 ? "row" : null,
      "data-label": column[1],
    }, asNode(row[column[0]]));
    tr.appendChild(cell);
  });
  return tr;
}

export function tag(text, kind) {
  return el("span", { class: "tag" + (kind ? " tag-" + kind : ""), text: text });
}

export function instant(iso) {
  return el("time", { datetime: iso, text: R.formatInstant(iso) });
}

/* How long ago, in calendar days of the reviewer's clock: sent at 23:00 and read at 9:00 the
   next morning is "ontem", not "hoje". */
export function age(iso) {
  var then = new Date(iso);
  var now = new Date();
  var days = Math.round((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) -
    Date.UTC(then.getFullYear(), then.getMonth(), then.getDate())) / 86400000);
  var text = !(days > 0) ? "hoje" : days === 1 ? "ontem" : "há " + days + " dias";
  return el("time", { datetime: iso, title: R.formatInstant(iso), text: text });
}
