/* The queue: the requests of one's regions, filtered by status, kind, data group, region and
   stalled, oldest first, a page at a time. The filters live in the hash (#/fila?status=…), so
   a filtered queue can be bookmarked and the back button undoes a filter; the last one seen is
   remembered (state.queue), so "Próxima solicitação" follows it. */

import { state } from "../state.js";
import { begin, live, view } from "../view.js";
import { isAdmin } from "../session.js";
import { campaignReady, canPickRegion, regionName, regionOptions } from "../council.js";
import { call } from "../api.js";
import { go } from "../router.js";
import { age, checkField, dataTable, errorBox, errorNote, field, select, tableRow, tag } from "../dom.js";
import { readFilters, requestsPath } from "../queue-filters.js";
import { documentLabel, formatDocument, groupLabel } from "../values.js";
import { LABELS } from "../labels.js";
import { TEXT } from "../texts.js";

var el = window.Recadastro.el;
/* The queue's kinds (the API's `kind` filter): a change, a confirmation, an access recovery. */
var KINDS = [["", "Todas"], ["change", "Alterações"], ["no_change", "Confirmações"], ["access_recovery", "Recuperação de acesso"]];
var COLUMNS = [
  ["protocol", "Protocolo"], ["who", "Profissional"], ["group", "Grupo"], ["region", "Regional"],
  ["since", "Recebida"], ["assigned", "Com quem"], ["stalled", "Prazo de análise"],
];

export function render(where, screen) {
  var body = begin(screen.title, [[TEXT.queue]]);
  var id = state.current;
  state.queue = location.hash || "#/fila";
  var filters = readFilters(where.query);
  body.appendChild(filterForm(filters, id));

  var list = {
    filters: filters,
    id: id,
    summary: el("p", { class: "summary", role: "status", tabindex: "-1" }),
    problems: el("div"),
    results: el("div", { class: "results" }),
    more: el("button", { type: "button", class: "button button-secondary", text: "Mais solicitações", hidden: true }),
    shown: 0,
    table: null,
  };
  body.appendChild(list.summary);
  body.appendChild(list.problems);
  body.appendChild(list.results);
  body.appendChild(el("div", { class: "actions" }, list.more));
  var focusResults = view.focusTarget === "results";

  load(list, null, 0).then(function () {
    if (live(id) && focusResults) list.summary.focus();
  });
}

/* ---------- the filters ---------- */

function filterForm(filters, id) {
  var controls = {
    status: select("status", Object.keys(LABELS.requestStatus).map(function (key) {
      return [key, LABELS.requestStatus[key]];
    }), filters.status),
    group: select("group", [["", "Todos os grupos"]].concat(Object.keys(LABELS.groups).map(function (key) {
      return [key, LABELS.groups[key]];
    })), filters.group),
    kind: select("kind", KINDS, filters.kind),
    region: null, // only for those with more than one region, once the regions are known
    stalled: el("input", { type: "checkbox", name: "stalled", checked: filters.stalled }),
  };
  var stalledWrap = checkField("Somente paradas (em análise há mais dias que o prazo da campanha)", controls.stalled);
  var form = el("form", { class: "filters", novalidate: true, "aria-label": "Filtros da fila" },
    errorBox(),
    field("Situação", controls.status),
    field("Tipo", controls.kind),
    field("Grupo de dados", controls.group),
    stalledWrap);
  campaignReady.then(function () {
    if (!live(id) || !canPickRegion()) return;
    controls.region = select("region", regionOptions(isAdmin() ? "Todas as regionais" : "Todas as minhas"), filters.region);
    form.insertBefore(field("Regional", controls.region), stalledWrap);
  });
  form.appendChild(el("div", { class: "actions" }, el("button", { type: "submit", class: "button", text: "Filtrar" })));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    state.focusNext = "results";
    go(filterHash(controls));
  });
  return form;
}

function filterHash(controls) {
  var params = new URLSearchParams();
  if (controls.status.value !== "in_review") params.set("status", controls.status.value);
  if (controls.kind.value) params.set("kind", controls.kind.value);
  if (controls.group.value) params.set("group", controls.group.value);
  if (controls.region && controls.region.value) params.set("region", controls.region.value);
  if (controls.stalled.checked) params.set("stalled", "true");
  var text = params.toString();
  return "#/fila" + (text ? "?" + text : "");
}

/* ---------- the results, page by page ---------- */

/* Filters may leave a page short, even empty, with more behind it: follow the cursor a few
   times until something shows or the end. */
function load(list, cursor, tries) {
  list.more.disabled = true;
  list.summary.textContent = TEXT.loading;
  return call(requestsPath(list.filters, cursor)).then(function (answer) {
    if (!live(list.id)) return;
    list.more.disabled = false;
    if (!answer.ok) {
      list.summary.textContent = "";
      list.problems.textContent = "";
      list.problems.appendChild(errorNote(answer.data.message));
      list.more.hidden = true;
      return;
    }
    var items = answer.data.items || [];
    var next = answer.data.next_cursor;
    if (items.length === 0 && next && tries < 10) return load(list, next, tries + 1);
    addRows(list, items);
    list.shown += items.length;
    list.summary.textContent = summaryText(list.shown, next);
    list.more.hidden = !next;
    list.more.onclick = function () { load(list, next, 0); };
  });
}

function addRows(list, items) {
  if (items.length && !list.table) {
    var status = list.filters.status;
    list.table = dataTable("Solicitações " + (LABELS.requestStatus[status] || status).toLowerCase() +
      ", das mais antigas às mais novas", COLUMNS, [], "queue-table");
    list.results.appendChild(list.table);
  }
  items.forEach(function (item) {
    list.table.tBodies[0].appendChild(tableRow(COLUMNS, queueRow(item)));
  });
}

function summaryText(shown, next) {
  return shown === 0
    ? "Nenhuma solicitação encontrada com estes filtros."
    : shown + (shown === 1 ? " solicitação mostrada" : " solicitações mostradas") +
      (next ? "; há mais." : ".");
}

function queueRow(item) {
  var since = item.created_at;
  (item.history || []).forEach(function (entry) {
    if (entry.action === "resubmitted") since = entry.at;
  });
  var me = state.session.user.username;
  return {
    protocol: el("a", { href: "#/solicitacao/" + encodeURIComponent(item.id), text: item.protocol }),
    who: whoCell(item),
    group: groupLabel(item),
    region: item.region ? el("abbr", { title: regionName(item.region), text: item.region }) : "—",
    since: age(since),
    assigned: item.assigned_to
      ? (item.assigned_to === me ? el("strong", { text: "Com você" }) : item.assigned_to)
      : el("span", { class: "muted", text: "Ninguém" }),
    stalled: item.stalled ? tag("Parada", "stalled") : el("span", { class: "muted", text: "No prazo" }),
  };
}

/* The professional's name and registration number; the document until the API names them. */
function whoCell(item) {
  var who = item.professional || {};
  var documentText = item.document ? documentLabel(item.document) + " " + formatDocument(item.document) : "";
  if (!who.name) return el("span", { class: "who" }, documentText || "—");
  return el("span", { class: "who" },
    el("span", { class: "who-name", text: who.name }),
    el("span", { class: "who-detail", text: who.registration_number ? "Registro " + who.registration_number : documentText }));
}
