/* The review of a request in analysis: claiming it, then the decision (approve, return or
   reject) with its reason. update(request, text) redraws the request's status after an
   answer; reload() draws the whole request again, as it is now. */

import { state } from "./state.js";
import { call } from "./api.js";
import { errorBox, errorNote, field } from "./dom.js";
import { TEXT } from "./texts.js";

var R = window.Recadastro;
var el = R.el;
var DONE = { approve: "aprovada", return: "devolvida ao profissional", reject: "rejeitada" };

export function drawReview(area, request, update, reload) {
  var me = state.session.user.username;
  var holder = request.assigned_to;
  area.appendChild(el("p", {
    text: !holder ? "Ninguém assumiu esta solicitação ainda."
      : holder === me ? "Você assumiu esta solicitação."
        : "Assumida por " + holder + ": só essa pessoa pode decidir.",
  }));
  var claimErrors = el("div");
  area.appendChild(claimErrors);
  if (!holder) area.appendChild(claimButton(request, claimErrors, update, reload));
  area.appendChild(decisionForm(request, update, reload));
}

function claimButton(request, claimErrors, update, reload) {
  var claim = el("button", { type: "button", class: "button", text: "Assumir" });
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
  return el("div", { class: "actions" }, claim);
}

function decisionForm(request, update, reload) {
  var reason = el("textarea", { name: "reason", rows: "4", maxlength: "1000" });
  var form = el("form", { class: "decision", novalidate: true, "aria-label": "Decisão" },
    errorBox(),
    field("Motivo", reason, "Obrigatório para devolver ou rejeitar: o profissional recebe este texto por e-mail. Opcional para aprovar."),
    el("div", { class: "actions" },
      el("button", { type: "submit", class: "button", name: "decision", value: "approve", text: "Aprovar" }),
      el("button", { type: "submit", class: "button button-secondary", name: "decision", value: "return", text: "Devolver para complementação" }),
      el("button", { type: "submit", class: "button button-danger", name: "decision", value: "reject", text: "Rejeitar" })));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var submitter = event.submitter || form.querySelector("button[value=approve]");
    decide(form, request, submitter.value, reason, { update: update, reload: reload });
  });
  return form;
}

function decide(form, request, decision, reason, after) {
  var buttons = form.querySelectorAll("button");
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
