/* Values as people read them: documents, sizes, phones, the data on file, who did what. */

import { LABELS } from "./labels.js";
import { state } from "./state.js";

var R = window.Recadastro;
var el = R.el;

export function formatDocument(value) {
  var text = String(value || "");
  if (/^\d{11}$/.test(text)) return R.formatCpf(text);
  if (/^[0-9A-Z]{14}$/.test(text)) {
    return text.replace(/^(..)(...)(...)(....)(..)$/, "$1.$2.$3/$4-$5");
  }
  return text;
}

export function formatSize(bytes) {
  if (bytes < 1024) return bytes + (bytes === 1 ? " byte" : " bytes");
  if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + " KB";
  return (bytes / 1024 / 1024).toLocaleString("pt-BR", { maximumFractionDigits: 1 }) + " MB";
}

export function actorText(actor) {
  if (LABELS.actors[actor]) return LABELS.actors[actor];
  if (state.session && actor === state.session.user.username) return actor + " (você)";
  return actor;
}

export function groupLabel(request) {
  if (request.kind === "no_change") return "Sem alteração (declaração)";
  return LABELS.groups[request.group] || request.group;
}

/* ---------- values on file ---------- */

function isEmpty(value) {
  return value === null || value === undefined || value === "" ||
    (Array.isArray(value) && value.length === 0);
}

function formatPhone(number) {
  var digits = String(number || "");
  if (digits.length === 11) return "(" + digits.slice(0, 2) + ") " + digits.slice(2, 7) + "-" + digits.slice(7);
  if (digits.length === 10) return "(" + digits.slice(0, 2) + ") " + digits.slice(2, 6) + "-" + digits.slice(6);
  return digits;
}

export function valueNode(name, value) {
  if (isEmpty(value)) return el("span", { class: "muted", text: "não informado" });
  if (Array.isArray(value)) {
    var list = el("ul", { class: "plain-list" });
    value.forEach(function (item) {
      var type = LABELS.choices[item.type] || item.type || "";
      var text = item.number !== undefined ? formatPhone(item.number) : item.address;
      list.appendChild(el("li", { text: (type ? type + ": " : "") + text }));
    });
    return list;
  }
  if (typeof value === "boolean") return document.createTextNode(value ? "Sim" : "Não");
  var text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text = R.formatDate(text);
  else if (name === "cep" && /^\d{8}$/.test(text)) text = text.slice(0, 5) + "-" + text.slice(5);
  else if (LABELS.choices[text]) text = LABELS.choices[text];
  return document.createTextNode(text);
}

export function fieldLabel(name) {
  return LABELS.fields[name] || name;
}
