/* The dashboard: the requests and the professionals counted by status, for the council or a
   region, and the last 30 days in a chart. */

import { state } from "../state.js";
import { begin, live } from "../view.js";
import { isAdmin } from "../session.js";
import { campaignReady, canPickRegion, regionName, regionOptions } from "../council.js";
import { call } from "../api.js";
import { go } from "../router.js";
import { errorNote, field, loadingNote, section, select } from "../dom.js";
import { dailyChart } from "../daily-chart.js";
import { LABELS } from "../labels.js";

var el = window.Recadastro.el;

export function render(where, screen) {
  var body = begin(screen.title);
  var id = state.current;
  var region = where.query.get("region") || "";
  var form = el("form", { class: "filters", novalidate: true, "aria-label": "Regional do painel" });
  body.appendChild(form);
  campaignReady.then(function () {
    if (live(id)) regionPicker(form, region);
  });
  body.appendChild(el("p", { class: "muted", text: "Os números vêm de contadores atualizados a cada evento: podem atrasar alguns segundos." }));
  var waiting = loadingNote();
  body.appendChild(waiting);
  call("/staff/dashboard" + (region ? "?region=" + encodeURIComponent(region) : "")).then(function (answer) {
    if (!live(id)) return;
    waiting.remove();
    if (!answer.ok) {
      body.appendChild(errorNote(answer.data.message));
      return;
    }
    drawBoard(body, answer.data, region);
  });
}

function regionPicker(form, region) {
  if (!canPickRegion()) {
    var code = state.session.user.regions[0];
    form.appendChild(el("p", { text: "Regional: " + code + " — " + regionName(code) }));
    return;
  }
  var regionSelect = select("region", regionOptions(isAdmin() ? "Todo o conselho" : "Todas as minhas"), region);
  form.appendChild(field("Regional", regionSelect));
  form.appendChild(el("div", { class: "actions" }, el("button", { type: "submit", class: "button", text: "Mostrar" })));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    go("#/painel" + (regionSelect.value ? "?region=" + encodeURIComponent(regionSelect.value) : ""));
  });
}

function drawBoard(body, board, region) {
  var requests = section("Solicitações");
  requests.appendChild(stats([
    ["Em análise", board.requests.in_review, "#/fila" + (region ? "?region=" + region : "")],
    ["Paradas", board.requests.stalled, "#/fila?stalled=true" + (region ? "&region=" + region : "")],
    ["Devolvidas", board.requests.returned],
    ["Aprovadas", board.requests.approved],
    ["Rejeitadas", board.requests.rejected],
    ["Canceladas", board.requests.cancelled],
  ]));
  body.appendChild(requests);
  var people = section("Profissionais");
  var counts = board.professionals;
  people.appendChild(stats([["Total", counts.total]].concat(Object.keys(LABELS.professionalStatus).map(function (key) {
    return [LABELS.professionalStatus[key], counts[key]];
  }))));
  body.appendChild(people);
  body.appendChild(dailyChart(board.daily || []));
}

function stats(items) {
  var list = el("dl", { class: "stats" });
  items.forEach(function (item) {
    var number = String(item[1] === undefined ? 0 : item[1]);
    list.appendChild(el("div", { class: "stat" },
      el("dt", { text: item[0] }),
      el("dd", {}, number, item[2] ? el("a", { class: "stat-link", href: item[2] }, "ver na fila",
        el("span", { class: "sr-only", text: " (" + item[0].toLowerCase() + ")" })) : null)));
  });
  return list;
}
