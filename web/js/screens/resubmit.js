/* Resubmitting a request returned for more information (#/reenviar/<id>). */
import { clearErrors, el } from "../recadastro.js";
import { attachmentPicker } from "../attachments.js";
import { groupEditor } from "../group-editor.js";
import { GROUPS, requestTitle } from "../groups.js";
import { screen } from "../layout.js";
import { loadMine } from "../mine.js";
import { go } from "../navigation.js";
import { checkBeforeSending, noteField, showRequestError } from "../request-form.js";
import { call } from "../session.js";
import { state } from "../state.js";
import { requestStatus } from "../statuses.js";
import { T } from "../texts.js";
import { button, errorBox, setBusy, showFormMessage } from "../ui.js";

export function viewResubmit(id) {
  var view = screen("Reenviar solicitação");
  view.loading();
  Promise.all([call("/me/requests/" + encodeURIComponent(id), { auth: true }), loadMine()]).then(function (results) {
    if (!view.alive()) return;
    var answer = results[0];
    var mine = results[1];
    if (!answer.ok) return view.failed(answer.data);
    if (mine.error) return view.failed(mine.error);
    view.loaded();
    var request = answer.data;
    if (request.status !== "returned" || !GROUPS[request.group]) {
      view.add(el("p", { class: "blocked", text: "Só é possível reenviar uma solicitação devolvida para complementação. Esta está: " + requestStatus(request).toLowerCase() + "." }),
        el("p", {}, el("a", { href: "#/solicitacoes/" + encodeURIComponent(id) }, "Ver a solicitação")));
      return;
    }
    var form = resubmitForm(id, request, mine.me.data[request.group], mine.me.confirmed);
    view.add(
      el("p", {}, requestTitle(request) + " — protocolo ", el("span", { class: "mono", text: request.protocol })),
      el("div", { class: "reason" },
        el("p", {}, el("strong", { text: "O que a equipe pediu:" })),
        el("p", { text: request.reason || "Complementar a solicitação." })),
      el("p", { text: "Corrija os dados abaixo se for preciso e anexe o que foi pedido. " + sentBefore(request) }),
      form);
  });
}

function sentBefore(request) {
  var names = (request.attachments || []).map(function (file) { return file.filename; });
  return names.length ? "Os anexos já enviados continuam na solicitação: " + names.join(", ") + "."
    : "A solicitação ainda não tem anexos.";
}

/* The group's form with the request's changes over the values on file; new attachments are
   optional, the ones sent before stay with the request. */
function resubmitForm(id, request, onFile, confirmed) {
  var def = GROUPS[request.group];
  var shown;
  if (def.list) shown = (request.changes && request.changes[def.list.key]) || onFile;
  else shown = Object.assign({}, onFile || {}, request.changes || {});
  var editor = groupEditor(request.group, shown);
  var picker = attachmentPicker(def.proof, { legend: "Novos anexos (opcional)" });
  var submit = button("Reenviar solicitação", { type: "submit", class: "button button--primary" });
  var form = el("form", { novalidate: true, class: "form" },
    errorBox(), editor.node, picker.node, noteField(request.note),
    el("div", { class: "actions" }, submit, el("a", { href: "#/solicitacoes", class: "button button--link" }, "Voltar sem enviar")));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(form);
    var changes = editor.changes(form, onFile);
    if (!changes) return showFormMessage(form, T.nothingChanged);
    if (!checkBeforeSending(form, picker, def.proof, false)) return;
    var note = form.elements.namedItem("note").value.trim();
    var body = { changes: changes, upload_ids: picker.ids(), note: note || null };
    setBusy(submit, true);
    call("/me/requests/" + encodeURIComponent(id) + "/resubmit", { method: "POST", auth: true, body: body }).then(function (result) {
      setBusy(submit, false);
      if (!result.ok) return showRequestError(form, picker, result);
      state.confirmation = { request: result.data, resubmitted: true, confirmed: confirmed };
      go("#/enviado/" + encodeURIComponent(result.data.protocol));
    });
  });
  return form;
}
