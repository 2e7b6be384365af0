/* After sending (#/enviado/<protocol>): the protocol to copy and keep, and the truth of what
   happens next. A confirmation with nothing open concludes the re-registration; with requests
   open it concludes when the last is approved; a change (or a resubmission) is reviewed, and
   concludes nothing until the professional confirms their data. */
import { el, formatInstant } from "../recadastro.js";
import { screen } from "../layout.js";
import { loadMine } from "../mine.js";
import { call } from "../session.js";
import { state } from "../state.js";
import { REQUEST_STATUS } from "../statuses.js";
import { T } from "../texts.js";
import { button, definitionList, reviewTimeNote } from "../ui.js";

/* {title, lines, confirmLink, reviewed} for what was sent. */
function outcome(known) {
  var request = known.request;
  if (request.kind === "no_change" && !known.openBefore) {
    return {
      title: "Recadastramento concluído",
      lines: ["Seus dados foram confirmados e o seu recadastramento está concluído. A nova carteira é pedida com os dados do cadastro: você recebe um e-mail com os próximos passos.",
        T.receiptSent],
      reviewed: false,
    };
  }
  if (request.kind === "no_change") {
    return {
      title: "Confirmação registrada",
      lines: ["Confirmação registrada: seu recadastramento será concluído quando a última solicitação em análise for aprovada.", T.receiptSent],
      reviewed: true,
    };
  }
  return {
    title: known.resubmitted ? "Solicitação reenviada" : "Solicitação enviada",
    lines: [(known.resubmitted ? "Recebemos o reenvio da sua solicitação. " : "Recebemos sua solicitação. ") + T.receiptSent,
      known.confirmed ? "Você já confirmou seus dados: o recadastramento é concluído quando esta solicitação for aprovada."
        : T.onlyWhenConfirmed],
    confirmLink: !known.confirmed,
    reviewed: true,
  };
}

export function viewSent(protocol) {
  var known = state.confirmation && state.confirmation.request.protocol === protocol ? state.confirmation : null;
  if (known) return draw(screen(outcome(known).title), protocol, known);
  // The page was reloaded: the request and the record say what happened.
  var view = screen("Solicitação enviada");
  view.loading();
  Promise.all([call("/me/requests/" + encodeURIComponent(protocol), { auth: true }), loadMine()]).then(function (answers) {
    if (!view.alive()) return;
    if (!answers[0].ok) return view.failed(answers[0].data);
    if (answers[1].error) return view.failed(answers[1].error);
    view.loaded();
    var mine = answers[1];
    var request = answers[0].data;
    var found = {
      request: request, openBefore: mine.concluded ? 0 : 1, confirmed: mine.me.confirmed,
      resubmitted: (request.history || []).some(function (entry) { return entry.action === "resubmitted"; }),
    };
    var title = outcome(found).title;
    view.heading.textContent = title;
    document.title = title + " — Recadastramento";
    draw(view, protocol, found);
  });
}

function draw(view, protocol, known) {
  var next = outcome(known);
  var request = known.request;
  view.add(protocolBox(protocol));
  next.lines.forEach(function (line) { view.add(el("p", { text: line })); });
  if (next.reviewed) view.add(reviewTimeNote());
  view.add(
    definitionList([
      request.kind === "no_change" ? null : ["Situação", REQUEST_STATUS[request.status] || "Em análise"],
      ["Registrada em", formatInstant(request.updated_at)],
    ].filter(Boolean)),
    el("ul", { class: "link-list" },
      next.confirmLink ? el("li", {}, el("a", { href: "#/nada-mudou" }, T.confirmAction)) : null,
      el("li", {}, el("a", { href: "#/solicitacoes/" + encodeURIComponent(protocol) }, "Acompanhar em Minhas solicitações")),
      el("li", {}, el("a", { href: "#/dados" }, "Voltar para Meus dados"))));
}

/* The number, and a button that copies it (or selects it, where the clipboard is refused). */
function protocolBox(protocol) {
  var copyStatus = el("p", { class: "muted", role: "status" });
  var copy = button("Copiar número", { class: "button button--secondary button-secondary" });
  var number = el("p", { class: "protocol", id: "protocolo-numero", text: protocol });
  copy.addEventListener("click", function () {
    var done = function () { copyStatus.textContent = "Número " + protocol + " copiado."; };
    var fallback = function () {
      var range = document.createRange();
      range.selectNodeContents(number);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      copyStatus.textContent = "O número está selecionado: copie com Ctrl+C (ou toque e segure, no celular).";
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(protocol).then(done, fallback);
    else fallback();
  });
  return el("div", { class: "protocol-box" },
    el("p", { class: "protocol-box__label", id: "protocolo-rotulo", text: "Número do protocolo" }),
    number, copy, copyStatus);
}
