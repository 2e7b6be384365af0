/* The form of one group of data: its fields, or an editable list (phones, e-mails), and the
   changes the professional made to what is on file. */
import { el } from "./recadastro.js";
import { digits, formatCep, formatPhone, phoneDigits, todayInBrazil } from "./format.js";
import { CHOICES, GROUPS } from "./groups.js";
import { T } from "./texts.js";
import { announce, button, idFor, srOnly } from "./ui.js";

var MAX_ITEMS = 5;

function control(def, name, value) {
  var id = idFor(name);
  var hintId = def.hint ? id + "-dica" : null;
  if (def.type === "checkbox") {
    var box = el("input", { type: "checkbox", id: id, name: name, checked: !!value });
    return el("div", { class: "field field--check" }, box, el("label", { for: id, text: def.label }));
  }
  var input = def.choices ? selectInput(def, id, name, value, hintId) : textInput(def, id, name, value, hintId);
  return el("div", { class: "field" },
    el("label", { for: id }, def.label, def.required ? srOnly(" (obrigatório)") : null),
    hintId ? el("p", { class: "hint", id: hintId, text: def.hint }) : null,
    input);
}

function selectInput(def, id, name, value, hintId) {
  var input = el("select", { id: id, name: name, autocomplete: def.autocomplete, "aria-describedby": hintId });
  if (!def.noBlank) input.appendChild(el("option", { value: "", text: T.notInformed }));
  CHOICES[def.choices].forEach(function (pair) {
    input.appendChild(el("option", { value: pair[0], text: pair[1], selected: pair[0] === value }));
  });
  return input;
}

function textInput(def, id, name, value, hintId) {
  var attrs = {
    id: id, name: name, type: "text", maxlength: def.max ? String(def.max) : null,
    autocomplete: def.autocomplete || "off", "aria-describedby": hintId, required: def.required,
  };
  var shown = value === null || value === undefined ? "" : String(value);
  if (def.type === "date") { attrs.type = "date"; attrs.max = todayInBrazil(); }
  if (def.type === "cep") { attrs.inputmode = "numeric"; attrs.maxlength = "9"; shown = formatCep(shown); }
  if (def.type === "phone") { attrs.type = "tel"; attrs.inputmode = "tel"; attrs.maxlength = "15"; attrs.autocomplete = "tel-national"; shown = formatPhone(shown); }
  if (def.type === "email") { attrs.type = "email"; attrs.maxlength = "254"; attrs.autocomplete = "email"; attrs.spellcheck = "false"; }
  attrs.value = shown;
  var input = el("input", attrs);
  if (def.type === "cep" || def.type === "phone") {
    var mask = def.type === "cep" ? formatCep : formatPhone;
    input.addEventListener("input", function () {
      var masked = mask(input.value);
      if (masked !== input.value) input.value = masked;
    });
  }
  return input;
}

function readControl(form, def, name) {
  var input = form.elements.namedItem(name);
  if (!input) return undefined;
  if (def.type === "checkbox") return input.checked;
  var value = input.value.trim();
  return value === "" ? null : value;
}

function normalized(def, value) {
  if (def.type === "checkbox") return !!value;
  if (value === null || value === undefined || value === "") return null;
  if (def.type === "cep") return digits(value);
  return String(value).trim();
}

/* A group form (fields, or an editable list) with the values shown; changes() gives what
   differs from the values on file, or null. */
export function groupEditor(group, values) {
  var def = GROUPS[group];
  if (def.list) return listEditor(def, values || []);
  var fieldset = el("fieldset", { class: "fieldset" }, el("legend", { text: def.title }));
  def.fields.forEach(function (field) { fieldset.appendChild(control(field, field.name, (values || {})[field.name])); });
  return {
    node: fieldset,
    changes: function (form, current) {
      var changes = {};
      def.fields.forEach(function (field) {
        var value = readControl(form, field, field.name);
        if (normalized(field, value) !== normalized(field, (current || {})[field.name])) changes[field.name] = value;
      });
      return Object.keys(changes).length ? changes : null;
    },
  };
}

/* An editable list (phones, e-mails): one row per item, up to MAX_ITEMS; what is sent
   replaces the list on file. */
function listEditor(def, initial) {
  var list = def.list;
  var editor = {
    list: list,
    rows: el("div", { class: "rows" }),
    add: button("Adicionar " + list.label.toLowerCase(), { class: "button button--secondary button-secondary" }),
  };
  var hintId = "f-" + list.key + "-dica";
  var fieldset = el("fieldset", { class: "fieldset", name: list.key, "aria-describedby": hintId },
    el("legend", { text: def.title }),
    el("p", { class: "hint", id: hintId, text: (list.hint ? list.hint + " " : "") +
      "A lista enviada substitui a do cadastro: deixe nela todos os que valem. Até 5." }),
    editor.rows, editor.add);
  editor.add.addEventListener("click", function () {
    var items = listItems(editor);
    if (items.length >= MAX_ITEMS) return;
    items.push({ type: CHOICES[list.choices][0][0], value: "" });
    drawRows(editor, items, items.length - 1);
  });
  drawRows(editor, initial.map(function (item) { return { type: item.type, value: item[list.value] }; }), null);
  return {
    node: fieldset,
    changes: function (form, currentValues) { return listChanges(editor, currentValues); },
  };
}

/* The rows as they are now: [{type, value}]. */
function listItems(editor) {
  var list = editor.list;
  var items = [];
  editor.rows.querySelectorAll(".row").forEach(function (row, index) {
    items.push({
      type: row.querySelector('[name="' + list.key + "." + index + '.type"]').value,
      value: row.querySelector('[name="' + list.key + "." + index + "." + list.value + '"]').value,
    });
  });
  return items;
}

/* Draws the rows anew (their names carry their position), focusing one if asked. */
function drawRows(editor, items, focusIndex) {
  editor.rows.textContent = "";
  items.forEach(function (item, index) { editor.rows.appendChild(listRow(editor, item, index)); });
  editor.add.hidden = items.length >= MAX_ITEMS;
  if (focusIndex !== null && focusIndex !== undefined) {
    var target = editor.rows.querySelectorAll(".row")[focusIndex];
    if (target) target.querySelector("select, input").focus();
  }
}

function listRow(editor, item, index) {
  var list = editor.list;
  var label = list.label + " " + (index + 1);
  var remove = button("Remover", { class: "button button--link" });
  remove.appendChild(srOnly(" " + label.toLowerCase()));
  remove.addEventListener("click", function () {
    var left = listItems(editor);
    left.splice(index, 1);
    drawRows(editor, left, null);
    announce(label + " removido da lista.");
    editor.add.focus();
  });
  return el("fieldset", { class: "row" },
    el("legend", { text: label }),
    control({ label: "Tipo", choices: list.choices, noBlank: true }, list.key + "." + index + ".type", item.type),
    control({ label: list.valueLabel, type: list.type }, list.key + "." + index + "." + list.value, item.value),
    remove);
}

/* {key: items} when the list differs from the one on file (blank rows left out), else null. */
function listChanges(editor, currentValues) {
  var list = editor.list;
  var items = listItems(editor).filter(function (item) { return String(item.value || "").trim() !== ""; })
    .map(function (item) {
      var out = { type: item.type };
      out[list.value] = String(item.value).trim();
      return out;
    });
  var before = (currentValues || []).map(function (item) { return { type: item.type, value: item[list.value] }; });
  var after = items.map(function (item) { return { type: item.type, value: item[list.value] }; });
  if (comparable(list, before) === comparable(list, after)) return null;
  var changes = {};
  changes[list.key] = items;
  return changes;
}

function comparable(list, items) {
  return JSON.stringify(items.map(function (item) {
    var value = list.type === "phone" ? phoneDigits(item.value) : String(item.value || "").trim().toLowerCase();
    return [item.type, value];
  }));
}
