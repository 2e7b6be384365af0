/* A professional's record, looked up by CPF: the summary, the data on file, their requests,
   the card order (a failed one can be sent again by an admin) and the audit trail. */

import { state } from "../state.js";
import { begin, live, renameCrumb } from "../view.js";
import { isAdmin } from "../session.js";
import { regionName } from "../council.js";
import { call } from "../api.js";
import { go } from "../router.js";
import { dataTable, definitions, errorBox, field, instant, loadingNote, section } from "../dom.js";
import { actionText, actorText, documentLabel, fieldLabel, formatDocument, groupLabel, valueNode } from "../values.js";
import { retryOrder, vendorError } from "../card-order.js";
import { GROUP_FIELDS, LABELS } from "../labels.js";
import { TEXT } from "../texts.js";

var R = window.Recadastro;
var el = R.el;

export function render(where, screen) {
  var body = begin(screen.title, where.arg
    ? [["Profissional", "#/profissional"], [formatDocument(where.arg)]] : [["Profissional"]]);
  var id = state.current;
  var form = searchForm(where.arg);
  body.appendChild(form);
  if (!where.arg) return;
  var waiting = loadingNote();
  body.appendChild(waiting);
  call("/staff/professionals/" + encodeURIComponent(where.arg)).then(function (answer) {
    if (!live(id)) return;
    waiting.remove();
    if (!answer.ok) {
      R.showErrors(form, answer.data);
      return;
    }
    drawProfessional(body, answer.data);
  });
}

function searchForm(documentNumber) {
  var documentInput = el("input", {
    name: "document", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", value: documentNumber ? formatDocument(documentNumber) : "",
  });
  var form = el("form", { class: "filters", novalidate: true, role: "search", "aria-label": "Consultar profissional por CPF ou CNPJ" },
    errorBox(),
    field("CPF ou CNPJ", documentInput, "Com ou sem pontos, barra e traço."),
    el("div", { class: "actions" }, el("button", { type: "submit", class: "button", text: "Consultar" })));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var typed = documentInput.value.replace(/[\s./-]/g, "").toUpperCase();
    if (!typed) {
      R.showErrors(form, { message: TEXT.checkFields, fields: { document: TEXT.required } });
      return;
    }
    go("#/profissional/" + encodeURIComponent(typed));
  });
  return form;
}

function drawProfessional(body, record) {
  var professional = record.professional;
  var data = professional.data || {};
  var name = (data.personal && data.personal.name) || formatDocument(professional.document);
  document.title = name + " — " + TEXT.appName;
  renameCrumb(name);
  body.appendChild(summarySection(name, professional));
  body.appendChild(onFileSection(data));
  body.appendChild(requestsSection(record.requests));
  body.appendChild(cardOrder(record.card_order, professional));
  body.appendChild(auditSection(record.audit));
}

function summarySection(name, professional) {
  var summary = section(name, "panel");
  summary.appendChild(definitions([
    [documentLabel(professional.document), formatDocument(professional.document)],
    ["Registro", professional.registration_number],
    ["Regional", professional.region + " — " + regionName(professional.region)],
    ["Situação no recadastramento", el("strong", { "data-professional-status": professional.status, text: LABELS.professionalStatus[professional.status] || professional.status })],
    ["Taxa da carteira", professional.fee_required ? "Sim (após o prazo)" : "Não"],
    professional.locked_groups && professional.locked_groups.length
      ? ["Grupos travados", professional.locked_groups.map(function (g) { return LABELS.groups[g] || g; }).join(", ")] : null,
  ]));
  return summary;
}

function onFileSection(data) {
  var onFile = section("Dados no cadastro", "panel");
  var groups = el("div", { class: "groups" });
  Object.keys(GROUP_FIELDS).forEach(function (group) {
    var values = data[group];
    var block = el("div", { class: "group" }, el("h3", { text: LABELS.groups[group] }));
    if (group === "phones" || group === "emails") block.appendChild(valueNode(group, values, group));
    else {
      block.appendChild(definitions(GROUP_FIELDS[group].map(function (field) {
        return [fieldLabel(field, group), valueNode(field, values ? values[field] : null, group)];
      })));
    }
    groups.appendChild(block);
  });
  onFile.appendChild(groups);
  return onFile;
}

function requestsSection(requests) {
  var area = section("Solicitações", "panel");
  if (!requests.length) {
    area.appendChild(el("p", { class: "muted", text: "Nenhuma solicitação." }));
    return area;
  }
  area.appendChild(dataTable("Solicitações do profissional, das mais novas às mais antigas",
    [["protocol", "Protocolo"], ["group", "Grupo"], ["status", "Situação"], ["created", "Recebida em"], ["updated", "Atualizada em"]],
    requests.map(function (request) {
      return {
        protocol: el("a", { href: "#/solicitacao/" + encodeURIComponent(request.id), text: request.protocol }),
        group: groupLabel(request),
        status: LABELS.requestStatus[request.status] || "Situação desconhecida",
        created: instant(request.created_at),
        updated: instant(request.updated_at),
      };
    })));
  return area;
}

function cardOrder(order, professional) {
  var area = section("Pedido da carteira", "panel");
  if (!order) {
    area.appendChild(el("p", { class: "muted", text: "Nenhum pedido de carteira ainda: ele é feito quando o cadastro fica atualizado." }));
    return area;
  }
  area.appendChild(definitions([
    ["Situação", LABELS.cardStatus[order.status] || order.status],
    ["Tentativas com falha", String(order.attempts || 0)],
    order.error ? ["Último erro", vendorError(order.error)] : null,
    order.enrollment_url ? ["Biometria", el("a", { href: order.enrollment_url, target: "_blank", rel: "noopener", text: "Link de cadastro biométrico" })] : null,
    order.updated_at ? ["Atualizado em", instant(order.updated_at)] : null,
    ["Pedido", order.order_id],
  ]));
  if (order.status === "failed" && isAdmin()) {
    var result = el("div", { role: "status" });
    var retry = el("button", { type: "button", class: "button", text: "Reenviar pedido" });
    retry.addEventListener("click", function () {
      retryOrder(professional.document, retry, result);
    });
    area.appendChild(el("div", { class: "actions" }, retry));
    area.appendChild(result);
  }
  return area;
}

function auditSection(events) {
  var audit = section("Trilha de auditoria", "panel");
  audit.appendChild(el("p", { class: "muted", text: "Quem leu ou mudou os dados deste profissional, dos eventos mais novos aos mais antigos. Esta consulta também fica registrada." }));
  if (!events.length) {
    audit.appendChild(el("p", { class: "muted", text: "Nenhum evento registrado." }));
    return audit;
  }
  audit.appendChild(dataTable("Trilha de auditoria",
    [["at", "Quando"], ["actor", "Quem"], ["action", "O quê"], ["target", "Sobre"], ["ip", "Endereço IP"]],
    events.map(function (event) {
      return {
        at: instant(event.at),
        actor: actorText(event.actor),
        action: actionText(event.action),
        target: event.target ? el("a", { href: "#/solicitacao/" + encodeURIComponent(event.target), text: event.target }) : "—",
        ip: event.ip || "—",
      };
    }), "audit-table"));
  return audit;
}
