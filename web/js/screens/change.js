/* A change request for one group of data (#/alterar/<group>), with its proof. */
import { clearErrors, el } from "../recadastro.js";
import { attachmentPicker } from "../attachments.js";
import { groupEditor } from "../group-editor.js";
import { GROUPS } from "../groups.js";
import { screen } from "../layout.js";
import { blockedReason, withMine, reasonNode } from "../mine.js";
import { go } from "../navigation.js";
import { checkBeforeSending, noteField, proofIntro, showRequestError } from "../request-form.js";
import { call } from "../session.js";
import { state } from "../state.js";
import { T } from "../texts.js";
import { announce, button, errorBox, setBusy, showFormMessage } from "../ui.js";
import { viewNotFound } from "./not-found.js";

export function viewChange(group) {
  var def = GROUPS[group];
  if (!def) return viewNotFound();
  var view = screen("Alterar " + def.title.toLowerCase());
  withMine(view, function (mine) {
    var reason = blockedReason(mine, group);
    if (reason) {
      view.add(reasonNode("alterar-motivo", reason), el("p", {}, el("a", { href: "#/dados" }, "Voltar para Meus dados")));
      return;
    }
    view.add(
      el("p", { text: "Os dados abaixo são os do seu cadastro. Corrija o que mudou: o que você não alterar continua como está. A equipe da sua regional confere o pedido com o comprovante." }),
      concludingNote(mine.me.confirmed),
      proofIntro(def.proof), changeForm(group, mine.me.data[group], mine.me.confirmed));
  });
}

/* A change alone concludes nothing: the professional's confirmation does. */
function concludingNote(confirmed) {
  if (confirmed) {
    return el("p", { class: "notice", text: "Você já confirmou seus dados: o recadastramento é concluído quando esta alteração for aprovada." });
  }
  return el("p", { class: "notice" }, T.onlyWhenConfirmed + " Ao confirmar, a nova carteira é pedida com os dados do cadastro. ",
    el("a", { href: "#/nada-mudou" }, "Confirmar meus dados"));
}

/* The group's fields with the values on file, the proof and a note; sent when something changed. */
function changeForm(group, current, confirmed) {
  var def = GROUPS[group];
  var editor = groupEditor(group, current);
  var picker = attachmentPicker(def.proof);
  var submit = button("Enviar solicitação", { type: "submit", class: "button button--primary" });
  var form = el("form", { novalidate: true, class: "form" },
    errorBox(), editor.node, picker.node, noteField(""),
    el("div", { class: "actions" }, submit, el("a", { href: "#/dados", class: "button button--link" }, "Voltar sem enviar")));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(form);
    var changes = editor.changes(form, current);
    if (!changes) return showFormMessage(form, T.nothingChanged);
    if (!checkBeforeSending(form, picker, def.proof, true)) return;
    var body = { kind: "change", group: group, changes: changes, upload_ids: picker.ids() };
    var note = form.elements.namedItem("note").value.trim();
    if (note) body.note = note;
    setBusy(submit, true);
    announce("Enviando a solicitação…");
    call("/me/requests", { method: "POST", auth: true, body: body }).then(function (answer) {
      setBusy(submit, false);
      if (!answer.ok) return showRequestError(form, picker, answer);
      state.confirmation = { request: answer.data, resubmitted: false, confirmed: confirmed };
      go("#/enviado/" + encodeURIComponent(answer.data.protocol));
    });
  });
  return form;
}
