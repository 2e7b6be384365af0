/* One request: who asked, the data on file beside the proposed values, the attachments shown
   inline, the review (claim, then approve, return or reject) and the history. */

import { state } from "../state.js";
import { begin, live, renameCrumb } from "../view.js";
import { regionName } from "../council.js";
import { call } from "../api.js";
import { definitions, errorNote, instant, loadingNote, section, tag } from "../dom.js";
import {
  actionText, actorText, byActor, documentLabel, fieldLabel, fileFormat, formatDocument, formatSize,
  groupLabel, valueNode,
} from "../values.js";
import { keepFocus } from "../focus-guard.js";
import { decisionBar, drawReview } from "../review.js";
import { GROUP_FIELDS, LABELS } from "../labels.js";
import { TEXT } from "../texts.js";

var el = window.Recadastro.el;

export function render(where, screen) {
  var title = screen.title + " " + where.arg;
  var body = begin(title, [[TEXT.queue, state.queue], [title]]);
  var id = state.current;
  var waiting = loadingNote();
  body.appendChild(waiting);
  call("/staff/requests/" + encodeURIComponent(where.arg)).then(function (answer) {
    if (!live(id)) return;
    waiting.remove();
    if (!answer.ok) {
      body.appendChild(errorNote(answer.data.message));
      return;
    }
    drawRequest(body, answer.data, function () { render(where, screen); });
  });
}

/* The request's data and attachments are drawn once; a claim or a decision redraws only its
   status, the review area, the bar and the history (the attachments stay: no new download, no
   flicker, and the PDF viewer is not loaded again). On a wide screen the data sits in a narrow
   column and the files take the rest of the width; the bar stays at the bottom of the window. */
function drawRequest(body, request, reload) {
  var screenId = state.current;
  var title = "Solicitação " + request.protocol;
  body.heading.textContent = title;
  renameCrumb(title);
  document.title = title + " — " + TEXT.appName;
  var recovering = request.kind === "access_recovery";
  var slots = {
    notice: el("div"), tags: el("div"), decision: el("section"), history: el("section"), bar: el("div"),
    files: null,
  };
  body.appendChild(slots.notice);
  body.appendChild(slots.tags);

  var layout = el("div", { class: "request-layout" });
  body.appendChild(layout);
  layout.appendChild(personSection(request));
  layout.appendChild(recovering ? recoverySection(request) : comparison(request));
  slots.files = recovering ? recoveryPhotos(request, reload) : filesSection(request, reload);
  layout.appendChild(slots.files);
  layout.appendChild(slots.decision);
  layout.appendChild(slots.history);
  body.appendChild(slots.bar);

  function update(current, text) {
    showNotice(slots.notice, text);
    slots.tags.textContent = "";
    slots.tags.appendChild(statusTags(current));
    var typed = slots.decision.querySelector("textarea[name=reason]");
    var review = decisionSection(current, update, reload);
    // A claim redraws the form: what was typed as the reason stays.
    var reason = review.section.querySelector("textarea[name=reason]");
    if (typed && reason) reason.value = typed.value;
    slots.decision = replace(slots.decision, review.section);
    slots.history = replace(slots.history, historySection(current));
    // Once decided, a recovery's photos are deleted: their links would lead nowhere.
    if (recovering && current.status !== "in_review" && current.status !== request.status) {
      slots.files = replace(slots.files, recoveryPhotos(current, reload));
    }
    slots.bar = replace(slots.bar, decisionBar(screenId, current, review.form, update, reload));
  }
  update(request, null);
}

function replace(old, fresh) {
  old.replaceWith(fresh);
  return fresh;
}

function personSection(request) {
  var who = request.professional || {};
  var documentNumber = who.document || request.document;
  var person = section("Profissional", "panel area-person");
  person.appendChild(definitions([
    ["Nome", who.name || "—"],
    [documentLabel(documentNumber), formatDocument(documentNumber)],
    ["Registro", who.registration_number || "—"],
    ["Regional", who.region ? who.region + " — " + regionName(who.region) : "—"],
    ["Recebida em", instant(request.created_at)],
  ].concat(request.signed_in ? [["Enviada com", signedInText(request.signed_in)]] : [])));
  person.appendChild(el("p", {}, el("a", { href: "#/profissional/" + encodeURIComponent(documentNumber), text: "Ver o cadastro completo" })));
  return person;
}

/* How the professional had signed in when sending it: "conta gov.br, nível prata" or
   "código por e-mail" (gov.br's levels bronze, silver, gold in words). */
var GOVBR_LEVELS = { bronze: "bronze", silver: "prata", gold: "ouro" };

function signedInText(signedIn) {
  if (signedIn.method !== "govbr") return "código por e-mail";
  var level = GOVBR_LEVELS[signedIn.level];
  return "conta gov.br" + (level ? ", nível " + level : "");
}

function filesSection(request, reload) {
  var files = section("Anexos", "panel area-files");
  if (!request.attachments.length) files.appendChild(el("p", { class: "muted", text: "Nenhum anexo." }));
  request.attachments.forEach(function (attachment) { files.appendChild(attachmentView(attachment)); });
  if (request.attachments.length) {
    var refresh = el("button", { type: "button", class: "button button-secondary", text: "Gerar novos links" });
    refresh.addEventListener("click", reload);
    files.appendChild(el("p", { class: "hint links-hint" }, "Os links valem por 5 minutos. ", refresh));
  }
  return files;
}

/* ---------- what a claim or a decision redraws ---------- */

function showNotice(slot, text) {
  slot.textContent = "";
  if (!text) return;
  var done = el("div", { class: "alert alert-success notice", role: "status", tabindex: "-1" }, el("p", { text: text }));
  slot.appendChild(done);
  done.focus();
}

function statusTags(current) {
  var tags = el("p", { class: "tags" },
    tag(LABELS.requestStatus[current.status] || "Situação desconhecida", "status"),
    " ", tag(groupLabel(current)));
  if (current.stalled) tags.appendChild(tag("Parada: em análise há mais dias que o prazo", "stalled"));
  return tags;
}

function decisionSection(current, update, reload) {
  var review = section(current.status === "in_review" ? "Análise" : "Decisão", "panel area-decision");
  var form = null;
  if (current.status === "in_review") form = drawReview(review, current, update, reload);
  else {
    review.appendChild(definitions([
      ["Situação", LABELS.requestStatus[current.status] || "Situação desconhecida"],
      current.assigned_to ? ["Por", actorText(current.assigned_to)] : null,
      current.reason ? ["Motivo", current.reason] : null,
      ["Atualizada em", instant(current.updated_at)],
    ]));
  }
  return { section: review, form: form };
}

function historySection(current) {
  var history = section("Histórico", "panel area-history");
  var list = el("ol", { class: "history" });
  (current.history || []).forEach(function (entry) {
    var item = el("li", {}, instant(entry.at), " — ",
      el("strong", { text: actionText(entry.action) }),
      " " + byActor(entry.actor) + (entry.method ? ", com " + signedInText(entry) : ""));
    if (entry.reason) item.appendChild(el("p", { class: "reason", text: "Motivo: " + entry.reason }));
    list.appendChild(item);
  });
  history.appendChild(list);
  return history;
}

/* ---------- the data: on file and proposed ---------- */

function comparison(request) {
  var area = section("Dados: no cadastro e proposto", "panel area-compare");
  if (request.kind === "no_change" || !request.changes) {
    area.appendChild(el("p", { text: "O profissional declarou que os dados do cadastro estão corretos, com o comprovante anexado." }));
    return area;
  }
  var differences = request.differences || [];
  var changedCount = 0;
  var rows = el("tbody");
  comparedFields(request).forEach(function (name) {
    var changed = differences.indexOf(name) >= 0;
    if (changed) changedCount += 1;
    rows.appendChild(compareRow(request, name, changed));
  });
  var caption = groupLabel(request) + ": " + changedCount +
    (changedCount === 1 ? " campo alterado" : " campos alterados") + ", marcados com “alterado”";
  area.appendChild(compareTable(caption, rows));
  if (request.note) {
    area.appendChild(el("p", { class: "note" }, el("strong", { text: "Observação do profissional: " }), request.note));
  }
  return area;
}

/* The group's fields in their usual order, then any other the request or the record holds. */
function comparedFields(request) {
  var names = (GROUP_FIELDS[request.group] || []).slice();
  Object.keys(request.current || {}).concat(Object.keys(request.changes || {})).forEach(function (name) {
    if (names.indexOf(name) < 0) names.push(name);
  });
  return names;
}

function compareRow(request, name, changed) {
  var current = request.current || {};
  var changes = request.changes || {};
  var proposed = Object.prototype.hasOwnProperty.call(changes, name)
    ? valueNode(name, changes[name], request.group)
    : el("span", { class: "muted", text: "sem alteração" });
  var head = el("th", { scope: "row" }, fieldLabel(name, request.group));
  if (changed) head.appendChild(el("span", { class: "tag tag-changed", text: "alterado" }));
  return el("tr", { class: changed ? "changed" : null },
    head, el("td", {}, valueNode(name, current[name], request.group)), el("td", { class: "proposed" }, proposed));
}

function compareTable(caption, rows) {
  return el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Comparação: no cadastro e proposto" },
    el("table", { class: "compare" },
      el("caption", { text: caption }),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "Campo" }),
        el("th", { scope: "col", text: "No cadastro" }),
        el("th", { scope: "col", text: "Proposto" }))),
      rows));
}

/* ---------- attachments ---------- */

function attachmentView(attachment) {
  var kind = LABELS.attachmentKind[attachment.kind] || "Documento";
  var type = attachment.content_type || "";
  var format = fileFormat(type);
  var box = el("article", { class: "attachment" },
    el("h3", {}, kind + ": ", el("span", { class: "attachment-name", text: attachment.filename })),
    el("p", { class: "muted attachment-facts", text: (format ? format + ", " : "") + formatSize(attachment.size) }));
  var link = el("a", { href: attachment.download_url, target: "_blank", rel: "noopener", download: attachment.filename },
    "Baixar " + attachment.filename, el("span", { class: "sr-only", text: " (abre em outra aba)" }));
  if (type === "application/pdf") {
    // Fitted to the width, without the thumbnails: the page readable as it opens. (A fragment
    // never reaches the server, so the signed link stays as signed.)
    box.appendChild(keepFocus(el("iframe", {
      class: "attachment-view", src: attachment.download_url + "#view=FitH&navpanes=0",
      title: "Anexo " + attachment.filename + " (" + kind.toLowerCase() + ")",
    })));
  } else if (type.indexOf("image/") === 0) {
    box.appendChild(el("img", {
      class: "attachment-image", src: attachment.download_url,
      alt: kind + " anexado pelo profissional: " + attachment.filename,
    }));
  } else {
    box.appendChild(el("p", { class: "muted", text: "Este tipo de arquivo não pode ser mostrado aqui: baixe-o para ver." }));
  }
  box.appendChild(el("p", { class: "attachment-download" }, link));
  return box;
}

/* ---------- an access recovery: the new address, the answers, the two photos ---------- */

var RECOVERY_ANSWERS = [
  ["registration_number", "Número de registro"], ["birth_date", "Data de nascimento"], ["mother_name", "Nome da mãe"],
];

/* The answers never sign anyone in: the reviewer reads which matched the registry, in words. */
function recoverySection(request) {
  var recovery = request.recovery || {};
  var answers = recovery.answers || {};
  var area = section("Recuperação de acesso", "panel area-compare recovery-detail");
  area.appendChild(el("p", { text: "O profissional diz não ter mais acesso ao e-mail do cadastro e pede para trocá-lo. " +
    "Confira as respostas e as fotos: aprovar torna o novo e-mail o de acesso e encerra as sessões abertas." }));
  area.appendChild(definitions([["Novo e-mail", recovery.new_email || "—"]]));
  var rows = el("tbody");
  RECOVERY_ANSWERS.forEach(function (pair) {
    var matched = answers[pair[0]] === true;
    rows.appendChild(el("tr", { class: matched ? null : "changed" },
      el("th", { scope: "row", text: pair[1] }),
      el("td", {}, el("span", { class: "tag " + (matched ? "tag-match" : "tag-changed"), text: matched ? "confere" : "não confere" }))));
  });
  area.appendChild(el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Respostas comparadas ao cadastro" },
    el("table", { class: "compare recovery-answers" },
      el("caption", { text: "Respostas comparadas ao cadastro" }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Pergunta" }), el("th", { scope: "col", text: "Resposta" }))),
      rows)));
  return area;
}

/* The document and the selfie side by side; after the decision, the note that they are gone. */
function recoveryPhotos(request, reload) {
  var files = section("Fotos", "panel area-files");
  var recovery = request.recovery || {};
  if (request.status !== "in_review" && (!request.attachments.length || recovery.photos_deleted !== undefined)) {
    files.appendChild(el("p", { class: "notice", text: "Fotos apagadas após a decisão." }));
    return files;
  }
  if (!request.attachments.length) {
    files.appendChild(el("p", { class: "muted", text: "Nenhuma foto." }));
    return files;
  }
  var row = el("div", { class: "recovery-photos" });
  // Side by side where they fit, one under the other on a narrow screen (admin.css is not this
  // change's to edit; CSSOM styles pass the page's Content-Security-Policy).
  row.style.display = "grid";
  row.style.gridTemplateColumns = "repeat(auto-fit, minmax(16rem, 1fr))";
  row.style.gap = "1rem";
  row.style.alignItems = "start";
  request.attachments.forEach(function (attachment) { row.appendChild(attachmentView(attachment)); });
  files.appendChild(row);
  var refresh = el("button", { type: "button", class: "button button-secondary", text: "Gerar novos links" });
  refresh.addEventListener("click", reload);
  files.appendChild(el("p", { class: "hint links-hint" }, "Os links valem por 5 minutos. As fotos são apagadas após a decisão. ", refresh));
  return files;
}
