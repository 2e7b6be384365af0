/* The card vendor's failures (admins only): the orders it refused or that failed every try,
   each with a button to send it again. */

import { state } from "../state.js";
import { begin, live } from "../view.js";
import { call } from "../api.js";
import { dataTable, errorNote, instant, loadingNote } from "../dom.js";
import { documentLabel, formatDocument } from "../values.js";
import { retryOrder, vendorError } from "../card-order.js";

var el = window.Recadastro.el;

export function render(where, screen) {
  var body = begin(screen.title);
  var id = state.current;
  body.appendChild(el("p", { class: "muted", text: "Pedidos de carteira que o fornecedor recusou ou que falharam em todas as tentativas. Depois de resolver a causa, reenvie." }));
  var outcome = el("div", { role: "status", class: "outcome" });
  body.appendChild(outcome);
  var waiting = loadingNote();
  body.appendChild(waiting);
  call("/staff/card-orders/failed").then(function (answer) {
    if (!live(id)) return;
    waiting.remove();
    if (!answer.ok) {
      body.appendChild(errorNote(answer.data.message));
      return;
    }
    var items = answer.data.items || [];
    if (!items.length) {
      body.appendChild(el("p", { class: "notice", text: "Nenhuma falha no momento: todos os pedidos chegaram ao fornecedor." }));
      return;
    }
    body.appendChild(dataTable("Pedidos de carteira com falha",
      [["who", "Profissional"], ["region", "Regional"], ["error", "Erro"], ["attempts", "Tentativas"], ["when", "Última tentativa"], ["action", "Ação"]],
      items.map(function (item) { return failureRow(item, outcome); }), "failures-table"));
  });
}

function failureRow(item, outcome) {
  var order = item.card_order || {};
  var retry = el("button", { type: "button", class: "button button-secondary", text: "Reenviar", "aria-label": "Reenviar o pedido de " + item.name });
  var cell = el("span", {}, retry);
  retry.addEventListener("click", function () {
    outcome.textContent = "";
    retryOrder(item.document, retry, outcome);
  });
  return {
    who: el("span", {},
      el("a", { href: "#/profissional/" + encodeURIComponent(item.document), text: item.name }),
      el("br"), documentLabel(item.document) + " " + formatDocument(item.document) + " · Registro " + item.registration_number),
    region: item.region,
    error: vendorError(order.error),
    attempts: String(order.attempts || 0),
    when: order.updated_at ? instant(order.updated_at) : "—",
    action: cell,
  };
}
