/* The review of a request: the reason (in the page, beside the data) and a bar that stays at
   the bottom of the window with claim, approve, return and reject, each with its keyboard
   shortcut; once decided, the same bar opens the next request of the queue the reviewer came
   from. update(request, text) redraws the request's status after an answer; reload() draws
   the whole request again, as it is now. */

import { state } from "./state.js";
import { call } from "./api.js";
import { live } from "./view.js";
import { go } from "./router.js";
import { errorBox, errorNote, field, nextId } from "./dom.js";
import { nextInQueue } from "./queue-filters.js";
import { TEXT } from "./texts.js";

var R = window.Recadastro;
var el = R.el;
var DONE = { approve: "aprovada", return: "devolvida ao profissional", reject: "rejeitada" };
/* Alt+Shift and a letter: Alt alone opens the browser's menus or the address bar (Alt+D), and
   Alt+Shift+A is Chrome's; these four are no browser's. Matched by the key's place (code), so
   a layout or macOS's Option letters do not change them. */
var SHORTCUTS = {
  approve: { code: "KeyP", keys: "Alt+Shift+P" },
  return: { code: "KeyD", keys: "Alt+Shift+D" },
  reject: { code: "KeyR", keys: "Alt+Shift+R" },
  next: { code: "KeyN", keys: "Alt+Shift+N" },
};

/* The bar of the screen shown now: {id (the screen's), buttons: {approve|return|reject|next}}. */
var shown = null;
document.addEventListener("keydown", function (event) {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || !shown || !live(shown.id)) return;
  var names = Object.keys(SHORTCUTS);
  for (var i = 0; i < names.length; i++) {
    var button = shown.buttons[names[i]];
    if (event.code !== SHORTCUTS[names[i]].code || !button || !button.isConnected) continue;
    event.preventDefault();
    if (!button.disabled && !button.hidden) button.click();
    return;
  }
});

function decidable(request) {
  var holder = request.assigned_to;
  return request.status === "in_review" && (!holder || holder === state.session.user.username);
}

/* The reason and its errors, in the page; the buttons that send it are in the bar. */
export function drawReview(area, request, update, reload) {
  var reason = el("textarea", { name: "reason", rows: "4", maxlength: "1000" });
  var form = el("form", { class: "decision", id: "decisao-" + nextId(), novalidate: true, "aria-label": "Decisão" },
    errorBox(),
    field("Motivo", reason, "Obrigatório para devolver ou rejeitar: o profissional recebe este texto por e-mail. Opcional para aprovar."),
    el("p", { class: "hint", text: "Os botões de decisão ficam na barra no pé da tela." }),
    el("p", { class: "hint wide-only", text: "Atalhos de teclado (também com o cursor no motivo): " +
      SHORTCUTS.approve.keys + " aprova, " + SHORTCUTS.return.keys + " devolve, " +
      SHORTCUTS.reject.keys + " rejeita e, depois da decisão, " + SHORTCUTS.next.keys + " abre a próxima." }));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var submitter = event.submitter || form.ownerDocument.querySelector("button[form='" + form.id + "'][value=approve]");
    decide(form, request, submitter.value, reason, { update: update, reload: reload });
  });
  if (decidable(request)) area.appendChild(form);
  else area.appendChild(el("p", { text: holderText(request) }));
  return form;
}

function holderText(request) {
  var holder = request.assigned_to;
  var me = state.session.user.username;
  return !holder ? "Ninguém assumiu esta solicitação ainda."
    : holder === me ? "Você assumiu esta solicitação."
      : "Assumida por " + holder + ": só essa pessoa pode decidir.";
}

/* The bar at the bottom of the window. In review: who holds it, "Assumir", and the three
   decisions (they submit the form by its id). Otherwise: the next request of the queue. */
export function decisionBar(screenId, request, form, update, reload) {
  var bar = el("div", { class: "decision-bar", role: "region", "aria-label": "Ações da solicitação" });
  var inner = el("div", { class: "decision-bar-inner" });
  bar.appendChild(inner);
  shown = { id: screenId, buttons: {} };
  if (request.status !== "in_review" || !decidable(request)) {
    if (request.status === "in_review") inner.appendChild(el("p", { class: "decision-bar-who", text: holderText(request) }));
    inner.appendChild(nextArea(request));
    return bar;
  }
  inner.appendChild(el("p", { class: "decision-bar-who", text: holderText(request) }));
  var claimErrors = el("div", { class: "decision-bar-errors" });
  var buttons = el("div", { class: "decision-buttons" });
  if (!request.assigned_to) buttons.appendChild(claimButton(request, claimErrors, update, reload));
  // [decision, its word, what a phone may leave out of it, its look]
  [["approve", "Aprovar", "", "button"], ["return", "Devolver", " para complementação", "button button-secondary"],
    ["reject", "Rejeitar", "", "button button-danger"]].forEach(function (choice) {
    var shortcut = SHORTCUTS[choice[0]];
    var button = el("button", {
      type: "submit", form: form.id, class: choice[3], name: "decision", value: choice[0],
      "aria-keyshortcuts": shortcut.keys, title: choice[1] + choice[2] + " (" + shortcut.keys + ")",
    }, el("span", {}, choice[1], choice[2] ? el("span", { class: "wide-only", text: choice[2] }) : null),
    el("kbd", { "aria-hidden": "true", text: shortcut.keys }));
    shown.buttons[choice[0]] = button;
    buttons.appendChild(button);
  });
  inner.appendChild(buttons);
  inner.appendChild(claimErrors);
  return bar;
}

/* "Próxima solicitação": the first of the queue last seen that is not this one and that nobody
   else holds; at the end, says so. */
function nextArea(request) {
  var said = el("p", { class: "decision-bar-status", role: "status" });
  var next = el("button", {
    type: "button", class: "button", "aria-keyshortcuts": SHORTCUTS.next.keys,
    title: "Próxima solicitação (" + SHORTCUTS.next.keys + ")",
  }, "Próxima solicitação", el("kbd", { "aria-hidden": "true", text: SHORTCUTS.next.keys }));
  shown.buttons.next = next;
  next.addEventListener("click", function () {
    var screenId = shown && shown.id;
    next.disabled = true;
    said.textContent = "Procurando a próxima solicitação da fila…";
    nextInQueue(request.id).then(function (found) {
      if (!live(screenId)) return;
      next.disabled = false;
      if (found.id) {
        go("#/solicitacao/" + encodeURIComponent(found.id));
        return;
      }
      said.textContent = found.none ? "Não há mais solicitações nesta fila." : found.error;
      if (found.none) next.hidden = true;
    });
  });
  return el("div", { class: "decision-buttons" }, next,
    el("a", { class: "button button-secondary", href: state.queue, text: "Voltar à fila" }), said);
}

function claimButton(request, claimErrors, update, reload) {
  var claim = el("button", { type: "button", class: "button button-secondary", text: "Assumir" });
  claim.addEventListener("click", function () {
    claim.disabled = true;
    call("/staff/requests/" + encodeURIComponent(request.id) + "/claim", { method: "POST" }).then(function (answer) {
      claim.disabled = false;
      if (answer.ok) {
        update(answer.data, "Você assumiu a solicitação " + request.protocol + ".");
        return;
      }
      claimErrors.textContent = "";
      var box = errorNote(answer.data.message);
      explain(box, answer, reload);
      claimErrors.appendChild(box);
    });
  });
  return claim;
}

function decide(form, request, decision, reason, after) {
  var buttons = Object.keys(shown ? shown.buttons : {}).map(function (name) { return shown.buttons[name]; });
  buttons.forEach(function (button) { button.disabled = true; });
  var payload = { decision: decision, version: request.version };
  if (reason.value.trim() || decision !== "approve") payload.reason = reason.value;
  call("/staff/requests/" + encodeURIComponent(request.id) + "/decision", { method: "POST", body: payload })
    .then(function (answer) {
      buttons.forEach(function (button) { button.disabled = false; });
      if (answer.ok) {
        after.update(answer.data, "Solicitação " + request.protocol + " " + DONE[decision] + ".");
        return;
      }
      R.showErrors(form, answer.data);
      if (answer.status === 409) explain(form.querySelector("[data-errors]"), answer, after.reload);
    });
}

/* A 409 in words, with a way to see the request as it is now. */
function explain(box, answer, reload) {
  var help = TEXT.conflictHelp[answer.data.code];
  if (help) box.appendChild(el("p", { text: help }));
  if (answer.status === 409) {
    var again = el("button", { type: "button", class: "button button-secondary", text: TEXT.reload });
    again.addEventListener("click", function () { reload(); });
    box.appendChild(el("p", {}, again));
  }
}
