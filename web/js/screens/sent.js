/* The confirmation after sending (#/enviado/<protocol>): the protocol, to copy and keep. */
import { el, formatInstant } from "../recadastro.js";
import { screen } from "../layout.js";
import { state } from "../state.js";
import { REQUEST_STATUS } from "../statuses.js";
import { button, definitionList } from "../ui.js";

export function viewSent(protocol) {
  var known = state.confirmation && state.confirmation.request.protocol === protocol ? state.confirmation : null;
  var title = known && known.resubmitted ? "Solicitação reenviada"
    : known && known.request.kind === "no_change" ? "Declaração registrada" : "Solicitação enviada";
  var view = screen(title);
  var request = known ? known.request : null;
  var next = !request ? "Guarde este número para acompanhar a solicitação."
    : request.kind === "no_change" ? "Seus dados foram confirmados e o seu recadastramento está concluído. Você vai receber um e-mail sobre a nova carteira."
      : "A equipe da sua regional vai analisar o pedido e o comprovante. Você recebe um e-mail quando houver uma decisão.";
  view.add(
    protocolBox(protocol),
    el("p", { text: next }),
    request ? definitionList([
      ["Situação", REQUEST_STATUS[request.status] || request.status],
      ["Registrada em", formatInstant(request.updated_at)],
    ]) : null,
    el("ul", { class: "link-list" },
      el("li", {}, el("a", { href: "#/solicitacoes/" + encodeURIComponent(protocol) }, "Acompanhar em Minhas solicitações")),
      el("li", {}, el("a", { href: "#/dados" }, "Voltar para Meus dados"))));
}

/* The number, and a button that copies it (or selects it, where the clipboard is refused). */
function protocolBox(protocol) {
  var copyStatus = el("p", { class: "muted", role: "status" });
  var copy = button("Copiar número", { class: "button button--secondary" });
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
