/* "Minhas solicitações" (#/solicitacoes) and one request (#/solicitacoes/<id>): status,
   what was asked, history, and the resubmit and cancel actions. */
import { el, formatInstant } from "../recadastro.js";
import { formatPhone } from "../format.js";
import { choiceLabel, display, GROUPS, PROOF, requestTitle } from "../groups.js";
import { screen } from "../layout.js";
import { call } from "../session.js";
import { HISTORY_ACTION, OPEN, requestStatus } from "../statuses.js";
import { T } from "../texts.js";
import { announce, button, definitionList, reviewTimeNote, setBusy, srOnly } from "../ui.js";

function changeRows(request) {
  var def = GROUPS[request.group];
  if (!def || !request.changes) return null;
  if (def.list) {
    var items = request.changes[def.list.key] || [];
    return el("div", {},
      el("h3", { text: "Lista pedida" }),
      items.length ? definitionList(items.map(function (item) {
        var value = item[def.list.value];
        return [choiceLabel(def.list.choices, item.type), def.list.type === "phone" ? formatPhone(value) : value];
      })) : el("p", { class: "muted", text: "Lista vazia." }));
  }
  var rows = def.fields.filter(function (field) { return field.name in request.changes; }).map(function (field) {
    var before = display(field, (request.current || {})[field.name]) || T.notInformed;
    var after = display(field, request.changes[field.name]) || T.notInformed;
    return [field.shown || field.label, el("span", {}, el("span", { class: "before" }, before), " → ", el("strong", { text: after }))];
  });
  return el("div", {}, el("h3", { text: "O que foi pedido" }), definitionList(rows));
}

/* Each file the professional sent opens in a new tab through a 5-minute link. The tab is opened
   on the click itself (a tab opened after the API answers would be blocked as a pop-up), then
   sent to the link; if the browser still blocks it, the link is shown to be followed by hand. */
function openAttachment(request, file, control, status) {
  var tab = window.open("", "_blank");
  if (tab) tab.opener = null;
  status.textContent = "";
  control.disabled = true; // not setBusy: it would show the name's hidden words when restored
  var path = "/me/requests/" + encodeURIComponent(request.id) + "/attachments/" + encodeURIComponent(file.upload_id);
  call(path, { auth: true }).then(function (answer) {
    control.disabled = false;
    if (!answer.ok) {
      if (tab) tab.close();
      status.appendChild(el("span", { class: "error", role: "alert", text: answer.data.message }));
      return;
    }
    if (tab) {
      tab.location.href = answer.data.download_url;
      return;
    }
    status.appendChild(el("a", { href: answer.data.download_url, target: "_blank", rel: "noopener" },
      "Abrir " + file.filename, srOnly(" (link válido por 5 minutos, abre em nova aba)")));
  });
}

function attachmentList(request) {
  var list = el("ul", { class: "attachments-sent" });
  request.attachments.forEach(function (file) {
    var status = el("span", { class: "attachments-sent__status" });
    var open = button(file.filename, { class: "button button--link", "data-upload": file.upload_id });
    open.appendChild(srOnly(" (abrir o anexo em nova aba)"));
    open.addEventListener("click", function () { openAttachment(request, file, open, status); });
    var kind = PROOF[file.kind] ? " — " + PROOF[file.kind].label : "";
    list.appendChild(el("li", {}, open, kind, " ", status));
  });
  return el("div", {}, el("h3", { text: "Anexos" }),
    el("p", { class: "hint", text: "Toque no nome do arquivo para abri-lo em uma nova aba." }), list);
}

function historyAction(request, entry) {
  if (request.kind === "no_change" && entry.action === "submitted") return "Confirmação enviada";
  if (request.kind === "no_change" && entry.action === "approved") return "Confirmação registrada";
  return HISTORY_ACTION[entry.action] || "Atualização";
}

function historyList(request) {
  var list = el("ol", { class: "history" });
  (request.history || []).forEach(function (entry) {
    var who = entry.actor === "profissional" ? "Você" : entry.actor === "sistema" ? "Sistema" : "Equipe da regional";
    list.appendChild(el("li", {},
      el("span", { class: "history__when", text: formatInstant(entry.at) }), " — ",
      el("strong", { text: historyAction(request, entry) }), " (" + who + ")",
      entry.reason ? el("span", { class: "history__reason", text: "Motivo: " + entry.reason }) : null));
  });
  return el("div", {}, el("h3", { text: "Histórico" }), list);
}

function requestCard(request, headingLevel, onChange) {
  var headingId = "solicitacao-" + request.id;
  var heading = el(headingLevel, { id: headingId, tabindex: "-1", text: requestTitle(request) });
  var card = el("article", { class: "request", "aria-labelledby": headingId },
    heading,
    el("p", { class: "status status--" + request.status, text: requestStatus(request) }),
    definitionList([
      ["Protocolo", el("span", { class: "mono", text: request.protocol })],
      ["Enviada em", formatInstant(request.created_at)],
      ["Última atualização", formatInstant(request.updated_at)],
    ]));
  if (request.reason) {
    card.appendChild(el("div", { class: "reason" },
      el("p", {}, el("strong", { text: request.status === "approved" ? "Observação da equipe:" : "Motivo informado pela equipe:" })),
      el("p", { text: request.reason })));
  }
  if (request.status === "returned") {
    card.appendChild(el("p", { text: "A equipe pediu complementação: corrija o que foi pedido ou anexe o documento e reenvie. " +
      "Para concluir o recadastramento, confirme seus dados de novo quando estiver tudo certo." }));
  }
  if (request.status === "rejected") {
    card.appendChild(el("p", { text: "Para concluir o recadastramento, confirme seus dados de novo quando estiver tudo certo." }));
  }
  var rows = changeRows(request);
  if (rows) card.appendChild(rows);
  if ((request.attachments || []).length) card.appendChild(attachmentList(request));
  if (request.note) card.appendChild(el("p", {}, el("strong", { text: "Sua observação: " }), request.note));
  card.appendChild(historyList(request));
  var actions = el("div", { class: "actions" });
  if (request.status === "returned") {
    actions.appendChild(el("a", { class: "button button--primary", href: "#/reenviar/" + encodeURIComponent(request.id) },
      "Reenviar", srOnly(" a solicitação " + request.protocol)));
  }
  if (OPEN[request.status]) {
    var cancel = button("Cancelar solicitação", { class: "button button--danger button-danger" });
    cancel.appendChild(srOnly(" " + request.protocol));
    cancel.addEventListener("click", function () { confirmCancel(request, card, actions, headingLevel, onChange); });
    actions.appendChild(cancel);
  }
  if (actions.childNodes.length) card.appendChild(actions);
  return card;
}

function confirmCancel(request, card, actions, headingLevel, onChange) {
  var questionId = "cancelar-" + request.id;
  var error = el("p", { class: "error", role: "alert" });
  var yes = button("Sim, cancelar solicitação", { class: "button button--danger button-danger" });
  var no = button("Manter solicitação", { class: "button button--secondary button-secondary" });
  var question = el("p", { id: questionId, tabindex: "-1" },
    el("strong", { text: "Cancelar a solicitação " + request.protocol + "?" }),
    " Ela deixa de ser analisada e não pode ser reaberta; se precisar, faça um novo pedido depois.");
  var panel = el("div", { class: "confirm", role: "group", "aria-labelledby": questionId }, question,
    el("div", { class: "actions" }, yes, no), error);
  actions.replaceWith(panel);
  question.focus();
  no.addEventListener("click", function () {
    panel.replaceWith(actions);
    actions.querySelector(".button--danger").focus();
  });
  yes.addEventListener("click", function () {
    setBusy(yes, true, "Cancelando…");
    call("/me/requests/" + encodeURIComponent(request.id) + "/cancel", { method: "POST", auth: true }).then(function (answer) {
      setBusy(yes, false);
      if (!answer.ok) {
        error.textContent = answer.data.message;
        return;
      }
      var fresh = requestCard(answer.data, headingLevel, onChange);
      card.replaceWith(fresh);
      fresh.querySelector(headingLevel).focus();
      announce("Solicitação " + request.protocol + " cancelada.");
      if (onChange) onChange(answer.data);
    });
  });
}

export function viewRequests() {
  var view = screen("Minhas solicitações");
  view.loading();
  var list = el("ul", { class: "request-list" });
  var more = button("Mostrar mais antigas", { class: "button button--secondary button-secondary" });
  var cursor = null;

  function load(focusFirstNew) {
    var path = "/me/requests?limit=25" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
    return call(path, { auth: true }).then(function (answer) {
      if (!view.alive()) return;
      if (!answer.ok) return view.failed(answer.data);
      view.loaded();
      var items = answer.data.items;
      if (!items.length && !list.childNodes.length) {
        view.add(el("p", {}, "Você ainda não fez solicitações. ", el("a", { href: "#/dados" }, "Confira seus dados"), "."));
        return;
      }
      var first = null;
      items.forEach(function (request) {
        var item = el("li", {}, requestCard(request, "h2"));
        first = first || item;
        list.appendChild(item);
      });
      cursor = answer.data.next_cursor;
      more.hidden = !cursor;
      if (focusFirstNew && first) first.querySelector("h2").focus();
    });
  }

  more.addEventListener("click", function () { load(true); });
  more.hidden = true;
  view.add(el("p", { text: "Seus pedidos, do mais recente ao mais antigo. O resultado de cada análise também chega por e-mail." }),
    reviewTimeNote(), list, more);
  load(false);
}

export function viewRequest(id) {
  var view = screen("Solicitação " + id);
  view.loading();
  call("/me/requests/" + encodeURIComponent(id), { auth: true }).then(function (answer) {
    if (!view.alive()) return;
    if (!answer.ok) return view.failed(answer.data);
    view.loaded();
    view.add(requestCard(answer.data, "h2"),
      answer.data.status === "in_review" ? reviewTimeNote() : null,
      el("p", {}, el("a", { href: "#/solicitacoes" }, "Ver todas as minhas solicitações")));
  });
}
