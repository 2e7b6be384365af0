/* The "nada mudou" declaration (#/nada-mudou), with a proof of address. */
import { clearErrors, el, TEXT } from "../recadastro.js";
import { attachmentPicker } from "../attachments.js";
import { ADDRESS_PROOF } from "../groups.js";
import { screen } from "../layout.js";
import { withMine } from "../mine.js";
import { go } from "../navigation.js";
import { checkBeforeSending, proofIntro, showRequestError } from "../request-form.js";
import { call } from "../session.js";
import { state } from "../state.js";
import { T } from "../texts.js";
import { announce, button, errorBox, setBusy, showApiError, srOnly } from "../ui.js";

export function viewNoChange() {
  var view = screen("Nada mudou");
  withMine(view, function (mine) {
    if (mine.anyOpen) {
      view.add(el("p", { class: "blocked" },
        "Você tem solicitações em aberto: aguarde a análise delas antes de declarar que nada mudou. ",
        el("a", { href: "#/solicitacoes" }, "Ver minhas solicitações")));
      return;
    }
    view.add(
      el("p", { text: "Se todos os dados do seu cadastro estão corretos, declare que nada mudou. A declaração vale na hora e conclui o seu recadastramento." }),
      el("p", {}, "Antes, confira tudo em ", el("a", { href: "#/dados" }, "Meus dados"), "."),
      proofIntro(ADDRESS_PROOF), declarationForm());
  });
}

function declarationForm() {
  var picker = attachmentPicker(ADDRESS_PROOF, { inputLabel: "Escolha o comprovante de endereço" });
  var declaration = el("input", { type: "checkbox", id: "f-declaration", name: "declaration", required: true });
  var submit = button("Enviar declaração", { type: "submit", class: "button button--primary" });
  var form = el("form", { novalidate: true, class: "form" },
    errorBox(), picker.node,
    el("div", { class: "field field--check field--declaration" }, declaration,
      el("label", { for: "f-declaration" }, "Declaro não haver nenhuma alteração nos dados constantes em meu cadastro", srOnly(" (obrigatório)"))),
    el("div", { class: "actions" }, submit, el("a", { href: "#/dados", class: "button button--link" }, "Voltar sem enviar")));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(form);
    if (!declaration.checked) {
      showApiError(form, { code: "client", message: TEXT.summary, fields: { declaration: T.declarationRequired } });
      return;
    }
    if (!checkBeforeSending(form, picker, ADDRESS_PROOF, true)) return;
    setBusy(submit, true);
    announce("Enviando a declaração…");
    call("/me/requests", { method: "POST", auth: true, body: { kind: "no_change", upload_ids: picker.ids() } }).then(function (answer) {
      setBusy(submit, false);
      if (!answer.ok) return showRequestError(form, picker, answer);
      state.confirmation = { request: answer.data, resubmitted: false };
      go("#/enviado/" + encodeURIComponent(answer.data.protocol));
    });
  });
  return form;
}
