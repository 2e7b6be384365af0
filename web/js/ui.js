/* The building blocks of the screens: buttons, lists of data, messages on forms, busy states. */
import { el, showErrors, TEXT } from "./recadastro.js";
import { state } from "./state.js";
import { T } from "./texts.js";

export function announce(text) {
  var box = document.getElementById("aviso");
  if (!box) return;
  box.textContent = "";
  setTimeout(function () { box.textContent = text; }, 60);
}

export function idFor(name) { return "f-" + String(name).replace(/[^A-Za-z0-9_-]/g, "-"); }

export function button(text, attributes) {
  var attrs = attributes || {};
  attrs.type = attrs.type || "button";
  attrs.class = attrs.class || "button";
  return el("button", attrs, text);
}

export function linkButton(text, href, extra) {
  return el("a", { class: "button" + (extra ? " " + extra : ""), href: href }, text);
}

export function srOnly(text) { return el("span", { class: "sr-only", text: text }); }

export function definitionList(rows) {
  var list = el("dl", { class: "data-list" });
  rows.forEach(function (row) {
    list.appendChild(el("dt", { text: row[0] }));
    var value = row[1];
    list.appendChild(value === null || value === undefined
      ? el("dd", { class: "muted", text: T.notInformed })
      : el("dd", {}, value));
  });
  return list;
}

export function errorBox() {
  return el("div", { class: "error-summary", "data-errors": true, tabindex: "-1", hidden: true });
}

/* A message next to one control, as lib.js's showErrors puts the API's (same markup). */
export function setFieldError(input, text) {
  clearFieldError(input);
  var id = (input.id || input.name) + "-erro";
  var anchor = input.closest(".field") || input;
  anchor.appendChild(el("p", { class: "field-error", id: id, text: text }));
  input.setAttribute("aria-invalid", "true");
  var described = input.getAttribute("aria-describedby");
  input.setAttribute("aria-describedby", described ? described + " " + id : id);
}

export function clearFieldError(input) {
  var id = (input.id || input.name) + "-erro";
  var old = document.getElementById(id);
  if (old) old.remove();
  input.removeAttribute("aria-invalid");
  var rest = (input.getAttribute("aria-describedby") || "").split(" ")
    .filter(function (item) { return item && item !== id; }).join(" ");
  if (rest) input.setAttribute("aria-describedby", rest);
  else input.removeAttribute("aria-describedby");
}

/* The API's error on a form, then focus on the first field at fault if there is one. */
export function showApiError(form, error) {
  var hasFields = error.fields && Object.keys(error.fields).length > 0;
  // With per-field messages, one summary line: lib.js adds its own after any other text.
  if (hasFields) error = { code: error.code, message: TEXT.summary, fields: error.fields };
  showErrors(form, error);
  var first = form.querySelector("[aria-invalid=true]");
  if (first && typeof first.focus === "function" && first.tagName !== "FIELDSET") first.focus();
}

export function showFormMessage(form, text) {
  showErrors(form, { code: "client", message: text, fields: {} });
}

export function setBusy(control, busy, busyText) {
  if (!control) return;
  if (busy) {
    control.dataset.text = control.textContent;
    control.textContent = busyText || "Enviando…";
    control.disabled = true;
  } else {
    if (control.dataset.text) control.textContent = control.dataset.text;
    control.disabled = false;
  }
}

/* "A análise costuma levar até N dias.", shown once the campaign is in (hidden before). */
export function reviewTimeNote() {
  var node = el("p", { class: "review-time", hidden: true });
  Promise.resolve(state.campaignLoaded).then(function () {
    var text = T.reviewTime(state.campaign);
    if (!text) return;
    node.textContent = text;
    node.hidden = false;
  });
  return node;
}
