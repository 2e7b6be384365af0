/* Values as people read them: documents, sizes, file formats, phones, the data on file, who did
   what. Never a code: an unknown one is said as "outro"/"outra ação", not shown raw. */

import { fieldDefinition, fieldTitle, LABELS } from "./labels.js";
import { state } from "./state.js";

var R = window.Recadastro;
var el = R.el;

/* A CPF has 11 digits; a CNPJ 14 characters (letters too, since the alphanumeric CNPJ). */
export function documentLabel(value) {
  return String(value || "").length === 14 ? "CNPJ" : "CPF";
}

export function formatDocument(value) {
  var text = String(value || "");
  if (/^\d{11}$/.test(text)) return R.formatCpf(text);
  if (/^[0-9A-Z]{14}$/.test(text)) {
    return text.replace(/^(..)(...)(...)(....)(..)$/, "$1.$2.$3/$4-$5");
  }
  return text;
}

/* "618 bytes", "12 KB", "1,2 MB": pt-BR numbers whatever the browser's language. */
export function formatSize(bytes) {
  var size = Number(bytes) || 0;
  if (size < 1024) return size + (size === 1 ? " byte" : " bytes");
  var number = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 });
  if (size < 1024 * 1024) return number.format(size / 1024) + " KB";
  return number.format(size / 1024 / 1024) + " MB";
}

var FORMATS = {
  "application/pdf": "PDF",
  "image/jpeg": "imagem JPEG", "image/png": "imagem PNG", "image/webp": "imagem WEBP",
  "image/tiff": "imagem TIFF", "image/heic": "imagem HEIC", "image/gif": "imagem GIF",
  "application/msword": "documento do Word",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "documento do Word",
  "application/vnd.oasis.opendocument.text": "documento de texto do LibreOffice",
  "text/plain": "texto simples",
};

/* A file's format in words ("PDF", "imagem JPEG"); "" when we have no word for it. */
export function fileFormat(contentType) {
  return FORMATS[String(contentType || "").split(";")[0].trim()] || "";
}

/* Who did it, as a table cell: "Profissional", a colleague's username, "admin (você)". */
export function actorText(actor) {
  if (LABELS.actors[actor]) return LABELS.actors[actor];
  if (state.session && actor === state.session.user.username) return actor + " (você)";
  return actor;
}

/* Who did it, after a past participle: "pelo profissional", "por ana.silva", "por você". */
export function byActor(actor) {
  if (LABELS.byActor[actor]) return LABELS.byActor[actor];
  if (state.session && actor === state.session.user.username) return "por você (" + actor + ")";
  return "por " + actor;
}

export function actionText(action) {
  return LABELS.actions[action] || LABELS.otherAction;
}

export function groupLabel(request) {
  if (request.kind && LABELS.requestKind[request.kind]) return LABELS.requestKind[request.kind];
  return LABELS.groups[request.group] || "Outros dados";
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

export function valueNode(name, value, group) {
  var def = fieldDefinition(group, name);
  if (typeof value === "boolean" || (def && def.type === "checkbox")) {
    return document.createTextNode(value ? "Sim" : "Não");
  }
  if (isEmpty(value)) return el("span", { class: "muted", text: "não informado" });
  if (Array.isArray(value)) {
    var list = el("ul", { class: "plain-list" });
    value.forEach(function (item) {
      var type = LABELS.choices[item.type] || "";
      var text = item.number !== undefined ? formatPhone(item.number) : item.address;
      list.appendChild(el("li", { text: (type ? type + ": " : "") + text }));
    });
    return list;
  }
  var text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text = R.formatDate(text);
  else if (name === "cep" && /^\d{8}$/.test(text)) text = text.slice(0, 5) + "-" + text.slice(5);
  else if (LABELS.choices[text]) text = LABELS.choices[text];
  return document.createTextNode(text);
}

export function fieldLabel(name, group) {
  return fieldTitle(name, group);
}
