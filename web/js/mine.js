/* The professional's record and requests, and what keeps a group from being changed now. */
import { el } from "./recadastro.js";
import { findRegion, readMe, telHref } from "./contacts.js";
import { call } from "./session.js";
import { OPEN, REQUEST_STATUS } from "./statuses.js";

export function loadMine() {
  return Promise.all([
    readMe(),
    call("/me/requests?limit=100", { auth: true }),
  ]).then(function (answers) {
    var failed = answers.filter(function (answer) { return !answer.ok; })[0];
    if (failed) return { error: failed.data };
    var open = {};
    var anyOpen = null;
    answers[1].data.items.forEach(function (request) {
      if (!OPEN[request.status]) return;
      anyOpen = anyOpen || request;
      if (request.group && !open[request.group]) open[request.group] = request;
    });
    return { me: answers[0].data, requests: answers[1].data.items, open: open, anyOpen: anyOpen };
  });
}

/* Draws a screen from the record and requests once they are in, unless the person has moved
   on meanwhile; a failure to load shows in the screen instead. */
export function withMine(view, draw) {
  view.loading();
  loadMine().then(function (mine) {
    if (!view.alive()) return;
    if (mine.error) return view.failed(mine.error);
    view.loaded();
    draw(mine);
  });
}

export function blockedReason(mine, group) {
  if ((mine.me.locked_groups || []).indexOf(group) >= 0) {
    return {
      text: "Estes dados não podem mais ser alterados por aqui: sua carteira já está em produção. Procure a sua regional",
      locked: true,
      region: findRegion(mine.me.region),
    };
  }
  var open = mine.open[group];
  if (open) {
    return {
      text: "Já há uma solicitação em aberto para este grupo (protocolo " + open.protocol + ", " +
        REQUEST_STATUS[open.status].toLowerCase() + "). ",
      request: open,
    };
  }
  return null;
}

export function reasonNode(id, reason) {
  return el("p", { class: "blocked", id: id }, reason.text,
    reason.locked ? regionReach(reason.region) : null,
    reason.request ? el("a", { href: "#/solicitacoes/" + encodeURIComponent(reason.request.id) }, "Acompanhar a solicitação") : null);
}

/* " (<region>): telefone …, e-mail …." after "Procure a sua regional". */
function regionReach(region) {
  var c = region && region.contacts;
  if (!c) return ".";
  return el("span", {}, " (" + region.name + "): telefone ",
    el("a", { href: telHref(c.phone) }, c.phone), ", e-mail ",
    el("a", { href: "mailto:" + c.email }, c.email), ".");
}
