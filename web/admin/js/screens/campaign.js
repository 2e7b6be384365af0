/* The campaign settings: the deadline, the reminders, when a request counts as stalled and the
   fee after the deadline. Admins change them; reviewers only read them. */

import { state } from "../state.js";
import { begin, live } from "../view.js";
import { isAdmin } from "../session.js";
import { call } from "../api.js";
import { checkField, definitions, errorBox, errorNote, field, loadingNote } from "../dom.js";
import { TEXT } from "../texts.js";

var R = window.Recadastro;
var el = R.el;
/* The limits the server holds (chalicelib/domain/campaign.py, CampaignSettings), said the same
   way before sending and after: a field's error always names the range it takes. */
var LIMITS = { stallMin: 1, stallMax: 90, reminderMin: 0, reminderMax: 365, reminderCount: 10 };
var RANGES = {
  deadline: "Use uma data de hoje em diante, no formato dia/mês/ano (exemplo: 31/03/2027).",
  reminder_days: "Use até " + LIMITS.reminderCount + " números de " + LIMITS.reminderMin + " a " +
    LIMITS.reminderMax + " dias, separados por vírgula (exemplo: 30, 7, 1).",
  stall_days: "Use um número de " + LIMITS.stallMin + " a " + LIMITS.stallMax + " dias.",
};

export function render(where, screen) {
  var body = begin(screen.title);
  var id = state.current;
  var waiting = loadingNote();
  body.appendChild(waiting);
  call("/staff/campaign").then(function (answer) {
    if (!live(id)) return;
    waiting.remove();
    if (!answer.ok) {
      body.appendChild(errorNote(answer.data.message));
      return;
    }
    if (!isAdmin()) {
      body.appendChild(el("p", { class: "muted", text: "Somente a administração nacional pode alterar estas configurações." }));
      body.appendChild(definitions(campaignFacts(answer.data)));
      return;
    }
    body.appendChild(campaignForm(answer.data));
  });
}

function campaignFacts(settings) {
  return [
    ["Prazo final", R.formatDate(settings.deadline)],
    ["Lembretes", (settings.reminder_days || []).join(", ") + " dias antes do prazo"],
    ["Parada após", settings.stall_days + " dias em análise"],
    ["Taxa após o prazo", settings.fee_after_deadline ? "Sim" : "Não"],
  ];
}

function campaignForm(settings) {
  var inputs = {
    // Text, not type=date: the browser would show the date in its own language's order.
    deadline: el("input", {
      name: "deadline", inputmode: "numeric", autocomplete: "off", maxlength: "10",
      value: R.formatDate(settings.deadline),
    }),
    reminders: el("input", { name: "reminder_days", inputmode: "numeric", value: (settings.reminder_days || []).join(", ") }),
    stall: el("input", {
      type: "number", name: "stall_days", min: String(LIMITS.stallMin), max: String(LIMITS.stallMax),
      inputmode: "numeric", value: String(settings.stall_days),
    }),
    fee: el("input", { type: "checkbox", name: "fee_after_deadline", checked: Boolean(settings.fee_after_deadline) }),
  };
  var saved = el("div", { role: "status" });
  var button = el("button", { type: "submit", class: "button", text: "Salvar" });
  var form = el("form", { class: "panel form-narrow", novalidate: true, "aria-label": "Configurações da campanha" },
    errorBox(),
    field("Prazo final", inputs.deadline, "O último dia do recadastramento, em dia/mês/ano (exemplo: 31/03/2027); não pode ficar no passado."),
    field("Dias de lembrete", inputs.reminders, "Quantos dias antes do prazo os profissionais recebem lembretes: até " +
      LIMITS.reminderCount + " números de " + LIMITS.reminderMin + " a " + LIMITS.reminderMax + ", separados por vírgula (exemplo: 30, 7, 1)."),
    field("Dias até uma solicitação ficar parada", inputs.stall, "De " + LIMITS.stallMin + " a " + LIMITS.stallMax + " dias em análise."),
    checkField("Cobrar taxa nos pedidos de carteira feitos após o prazo", inputs.fee),
    el("div", { class: "actions" }, button),
    saved);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    saved.textContent = "";
    saved.className = "";
    save(form, inputs, button, saved);
  });
  return form;
}

function save(form, inputs, button, saved) {
  var payload = {
    deadline: isoDate(inputs.deadline.value),
    reminder_days: inputs.reminders.value.split(/[\s,;]+/).filter(Boolean).map(number),
    stall_days: inputs.stall.value.trim() === "" ? null : number(inputs.stall.value.trim()),
    fee_after_deadline: inputs.fee.checked,
  };
  var wrong = checked(payload);
  if (Object.keys(wrong).length) {
    R.showErrors(form, { code: "invalid_input", message: TEXT.checkFields, fields: wrong });
    return;
  }
  button.disabled = true;
  call("/staff/campaign", { method: "PUT", body: payload }).then(function (answer) {
    button.disabled = false;
    if (!answer.ok) {
      R.showErrors(form, withRanges(oneFieldPerInput(answer.data, payload.reminder_days)));
      return;
    }
    R.clearErrors(form);
    inputs.deadline.value = R.formatDate(answer.data.deadline);
    inputs.reminders.value = (answer.data.reminder_days || []).join(", ");
    inputs.stall.value = String(answer.data.stall_days);
    inputs.fee.checked = Boolean(answer.data.fee_after_deadline);
    saved.className = "notice";
    saved.appendChild(el("p", { text: "Configurações salvas: valem a partir de agora." }));
  });
}

/* The server's rules, checked before sending: each field at fault with the range it takes. */
function checked(payload) {
  var wrong = {};
  var today = new Date();
  var todayIso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
    String(today.getDate()).padStart(2, "0");
  if (!payload.deadline) wrong.deadline = RANGES.deadline;
  else if (payload.deadline < todayIso) wrong.deadline = "O prazo não pode ficar no passado. " + RANGES.deadline;
  var days = payload.reminder_days;
  if (days.length > LIMITS.reminderCount || days.some(function (day) {
    return typeof day !== "number" || day < LIMITS.reminderMin || day > LIMITS.reminderMax;
  })) wrong.reminder_days = RANGES.reminder_days;
  var stall = payload.stall_days;
  if (typeof stall !== "number" || stall < LIMITS.stallMin || stall > LIMITS.stallMax) wrong.stall_days = RANGES.stall_days;
  return wrong;
}

/* The server's own words for a field, followed by the range that field takes. */
function withRanges(error) {
  var fields = {};
  Object.keys(error.fields || {}).forEach(function (name) {
    var range = RANGES[name];
    var text = error.fields[name];
    fields[name] = range && text.indexOf(range) < 0 ? text + " " + range : text;
  });
  return { code: error.code, message: error.message, fields: fields };
}

/* "31/03/2027" -> "2027-03-31"; null when it is no such day. */
function isoDate(text) {
  var parts = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text || "");
  if (!parts) return null;
  var day = Number(parts[1]);
  var month = Number(parts[2]);
  var year = Number(parts[3]);
  var when = new Date(Date.UTC(year, month - 1, day));
  if (when.getUTCFullYear() !== year || when.getUTCMonth() !== month - 1 || when.getUTCDate() !== day) return null;
  return year + "-" + String(month).padStart(2, "0") + "-" + String(day).padStart(2, "0");
}

function number(text) {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/* "reminder_days.1" belongs to the one reminder_days input: say which value. */
function oneFieldPerInput(error, reminderDays) {
  var fields = {};
  Object.keys(error.fields || {}).forEach(function (name) {
    var match = /^reminder_days\.(\d+)$/.exec(name);
    if (!match) { fields[name] = error.fields[name]; return; }
    var text = "“" + reminderDays[Number(match[1])] + "”: " + error.fields[name];
    fields.reminder_days = fields.reminder_days ? fields.reminder_days + " " + text : text;
  });
  return { code: error.code, message: error.message, fields: fields };
}
