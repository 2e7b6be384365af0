/* What the request forms share (change, confirmation, resubmit): the proof asked for, the
   note, the checks before sending and the API's refusal shown on the form. */
import { el, showErrors, TEXT } from "./recadastro.js";
import { regionHelp } from "./contacts.js";
import { PROOF, proofText } from "./groups.js";
import { T } from "./texts.js";
import { showApiError, showFormMessage } from "./ui.js";

/* An answer of POST /me/requests (or resubmit) that failed, shown on the form. */
export function showRequestError(form, picker, answer) {
  var error = answer.data;
  if (answer.status === 422 || answer.status === 413) {
    var kept = error.code === "proof_required" || error.code === "too_many_attachments";
    if (!kept && picker) picker.drop(error.message);
    var extra = kept ? "" : " Escolha o arquivo de novo ou outro arquivo.";
    showApiError(form, { code: error.code, message: TEXT.summary, fields: { upload_ids: error.message + extra } });
    return;
  }
  if (answer.status === 409) {
    showErrors(form, error);
    var box = form.querySelector("[data-errors]");
    box.appendChild(el("p", {}, el("a", { href: "#/solicitacoes" }, "Ver minhas solicitações")));
    // The card went into production meanwhile: only the regional can change these data now.
    if (error.code === "group_locked") box.appendChild(regionHelp("regional-bloqueio"));
    return;
  }
  showApiError(form, error);
}

export function proofIntro(kinds) {
  return el("div", { class: "highlight highlight--proof" },
    el("p", {}, el("strong", { text: "Comprovante exigido: " }), proofText(kinds) + "."),
    // The accepted formats are said once, next to the file control.
    el("p", { class: "hint", text: kinds.map(function (kind) { return PROOF[kind].hint; }).join(" ") }));
}

export function noteField(value) {
  return el("div", { class: "field" },
    el("label", { for: "f-note", text: "Observação para a equipe (opcional)" }),
    el("p", { class: "hint", id: "f-note-dica", text: "Até 1000 caracteres." }),
    el("textarea", { id: "f-note", name: "note", rows: "3", maxlength: "1000", "aria-describedby": "f-note-dica" }, value || ""));
}

export function checkBeforeSending(form, picker, kinds, required) {
  if (picker.busy()) {
    showFormMessage(form, T.uploadBusy);
    return false;
  }
  if (required && !picker.count()) {
    showApiError(form, { code: "client", message: TEXT.summary, fields: { upload_ids: T.proofMissing(proofText(kinds)) } });
    return false;
  }
  return true;
}
