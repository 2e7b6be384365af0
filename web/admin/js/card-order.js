/* What the professional's record and the failures screen share about a card order: sending a
   failed one again, and the vendor's error in words. */

import { call } from "./api.js";

var el = window.Recadastro.el;

export function retryOrder(documentNumber, button, result) {
  button.disabled = true;
  result.textContent = "";
  call("/staff/professionals/" + encodeURIComponent(documentNumber) + "/card-order/retry", { method: "POST" })
    .then(function (answer) {
      if (answer.ok) {
        result.className = "notice";
        result.appendChild(el("p", { text: "Pedido reenviado: o fornecedor o recebe em alguns segundos." }));
        button.replaceWith(el("span", { text: "Reenviado" }));
        return;
      }
      button.disabled = false;
      result.className = "error";
      result.appendChild(el("p", { text: answer.data.message }));
    });
}

/* The vendor's last error in words: "HTTP 503: {...}" becomes its status and the texts of
   its answer, never the raw body. */
export function vendorError(text) {
  if (!text) return "—";
  var match = /^HTTP (\d{3}):\s*([\s\S]*)$/.exec(String(text));
  if (!match) return String(text);
  var status = Number(match[1]);
  var detail = match[2];
  try {
    var body = JSON.parse(detail);
    var texts = [];
    (function collect(value) {
      if (typeof value === "string") texts.push(value);
      else if (value && typeof value === "object") Object.keys(value).forEach(function (key) { collect(value[key]); });
    })(body);
    detail = texts.join("; ");
  } catch (ignored) { /* not JSON: shown as it came */ }
  var kind = status >= 500 ? "falha no fornecedor" : "pedido recusado pelo fornecedor";
  return "Resposta " + status + " (" + kind + ")" + (detail ? ": " + detail : "");
}
