/* The professional's record and requests, and what keeps a group from being changed now. */
import { el } from "./recadastro.js";
import { findRegion, readMe, telHref } from "./contacts.js";
import { call } from "./session.js";
import { DONE, OPEN, REQUEST_STATUS } from "./statuses.js";

export function loadMine() {
  return Promise.all([
    readMe(),
    call("/me/requests?limit=100", { auth: true }),
  ]).then(function (answers) {
    var failed = answers.filter(function (answer) { return !answer.ok; })[0];
    if (failed) return { error: failed.data };
    return sortMine(answers[0].data, answers[1].data.items);
  });
}

/* The record and the requests, and what the screens ask of them: the open requests (by group
   and counted), whether an approved address change carried its proof (then the confirmation
   asks for none), and whether a confirmation was undone by a request returned or rejected
   after it. */
function sortMine(me, requests) {
  var mine = {
    me: me, requests: requests, open: {}, anyOpen: null, inReview: [], returned: [],
    approvedGroups: {}, addressProven: false, confirmationUndone: false,
  };
  var lastConfirmation = null;
  requests.forEach(function (request) {
    if (request.status === "in_review") mine.inReview.push(request);
    if (request.status === "returned") mine.returned.push(request);
    if (OPEN[request.status]) {
      mine.anyOpen = mine.anyOpen || request;
      if (request.group && !mine.open[request.group]) mine.open[request.group] = request;
    }
    if (request.kind === "no_change" && request.status === "approved" &&
      (!lastConfirmation || request.created_at > lastConfirmation.created_at)) lastConfirmation = request;
    if (request.kind === "change" && request.status === "approved") {
      mine.approvedGroups[request.group] = true;
      if (request.group === "address" && (request.attachments || []).some(isAddressProof)) mine.addressProven = true;
    }
  });
  // Once the card is ordered the campaign is done for them, whatever they ask for later.
  mine.concluded = me.status.indexOf("card_") === 0 || (!mine.anyOpen && (me.confirmed || !!DONE[me.status]));
  mine.confirmationUndone = !me.confirmed && !!lastConfirmation && requests.some(function (request) {
    // Timestamps have whole seconds: a decision in the same second as the confirmation counts.
    return (request.status === "returned" || request.status === "rejected") && request.updated_at >= lastConfirmation.created_at;
  });
  return mine;
}

function isAddressProof(file) { return file.kind === "proof_of_address"; }

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
