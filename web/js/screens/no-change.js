/* The professional's confirmation that the data on file is correct (#/nada-mudou): what
   concluding does, and a proof of address unless an approved address change already carried
   one. With requests open it is accepted too: the re-registration concludes when the last is
   approved. */
import { clearErrors, el, TEXT } from "../recadastro.js";
import { attachmentPicker } from "../attachments.js";
import { counted } from "../format.js";
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
  var view = screen("Confirmar meus dados");
  withMine(view, function (mine) {
    if (mine.concluded) {
      view.add(el("p", { class: "notice", text: "Seu recadastramento já está concluído: seus dados estão confirmados." }),
        el("p", {}, el("a", { href: "#/dados" }, "Voltar para Meus dados")));
      return;
    }
    if (mine.me.confirmed) {
      view.add(el("p", { class: "notice", text: T.alreadyConfirmed }),
        el("p", {}, el("a", { href: "#/solicitacoes" }, "Acompanhar minhas solicitações")));
      return;
    }
    var open = mine.inReview.length + mine.returned.length;
    view.add(
      el("p", { text: T.concludingExplained }),
      open ? el("p", { class: "notice" }, "Você tem " + counted(open, "solicitação aberta", "solicitações abertas") +
        ": seu recadastramento será concluído quando a última for aprovada. ", el("a", { href: "#/solicitacoes" }, "Ver minhas solicitações")) : null,
      el("p", {}, "Antes, confira tudo em ", el("a", { href: "#/dados" }, "Meus dados"), "."),
      mine.addressProven
        ? el("p", { class: "highlight highlight--proof", text: "Não é preciso anexar comprovante de endereço: a sua alteração de endereço, com comprovante, já foi aprovada." })
        : proofIntro(ADDRESS_PROOF),
      confirmationForm(mine, open));
  });
}

function confirmationForm(mine, open) {
  var picker = mine.addressProven ? null : attachmentPicker(ADDRESS_PROOF, { legend: "Comprovante de endereço" });
  var declaration = el("input", { type: "checkbox", id: "f-declaration", name: "declaration", required: true });
  var submit = button(T.confirmAction, { type: "submit", class: "button button--primary" });
  var form = el("form", { novalidate: true, class: "form" },
    errorBox(), picker ? picker.node : null,
    el("div", { class: "field field--check field--declaration" }, declaration,
      el("label", { for: "f-declaration" },
        open ? "Declaro que os dados do meu cadastro, com as alterações que pedi, estão corretos e atualizados"
          : "Declaro que os dados do meu cadastro estão corretos e atualizados",
        srOnly(" (obrigatório)"))),
    el("div", { class: "actions" }, submit, el("a", { href: "#/dados", class: "button button--link" }, "Voltar sem enviar")));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(form);
    if (!declaration.checked) {
      showApiError(form, { code: "client", message: TEXT.summary, fields: { declaration: T.declarationRequired } });
      return;
    }
    if (picker && !checkBeforeSending(form, picker, ADDRESS_PROOF, true)) return;
    setBusy(submit, true);
    announce("Enviando a confirmação…");
    var body = { kind: "no_change", upload_ids: picker ? picker.ids() : [] };
    call("/me/requests", { method: "POST", auth: true, body: body }).then(function (answer) {
      setBusy(submit, false);
      if (!answer.ok) return showRequestError(form, picker, answer);
      state.confirmation = { request: answer.data, resubmitted: false, openBefore: open, confirmed: true };
      go("#/enviado/" + encodeURIComponent(answer.data.protocol));
    });
  });
  return form;
}
