/* Signing in (#/entrar): with the gov.br account (where the stage has gov.br) or with the CPF,
   then the code sent by e-mail (#/entrar/codigo). Coming back from gov.br, the same screen
   trades the ticket for a session or explains why the sign-in did not happen. */
import { clearErrors, cpfDigits, el, formatCpf, TEXT, validCpf } from "../recadastro.js";
import { regionHelp } from "../contacts.js";
import { digits } from "../format.js";
import { screen, noticeBox } from "../layout.js";
import { go } from "../navigation.js";
import { call, keepSession, readStore, SIGNIN_KEY } from "../session.js";
import { state } from "../state.js";
import { T } from "../texts.js";
import { announce, button, errorBox, setBusy, setFieldError, showApiError } from "../ui.js";

export function viewSignIn() {
  var back = state.govbrReturn;
  state.govbrReturn = null;
  if (back && back.ticket) {
    tradeTicket(back.ticket);
    return;
  }
  drawSignIn(back && back.error ? (T.govbrErrors[back.error] || T.govbrFailed) : null,
    !!back && back.error === "not_in_registry");
}

/* The ticket gov.br's return brought, traded for the site's own session (it works once, for
   two minutes), then "Meus dados". */
function tradeTicket(ticket) {
  var view = screen("Entrar");
  view.add(el("p", { class: "notice", role: "status", text: T.govbrEntering }));
  call("/auth/govbr/session", { method: "POST", body: { ticket: ticket } }).then(function (answer) {
    if (!view.alive()) return;
    if (answer.ok) {
      keepSession(answer.data);
      sessionStorage.removeItem(SIGNIN_KEY);
      announce("Você entrou.");
      go("#/dados");
      return;
    }
    drawSignIn(answer.status === 401 ? T.govbrTicketExpired : answer.data.message, false);
  });
}

/* The sign-in screen; `problem` is why a gov.br sign-in did not happen (shown on top), and
   `deadEnd` adds the regional's contacts (a CPF the council does not have). */
function drawSignIn(problem, deadEnd) {
  var view = screen("Entrar");
  var input = el("input", {
    id: "f-document", name: "document", type: "text", inputmode: "numeric", autocomplete: "username",
    maxlength: "14", placeholder: "000.000.000-00", required: true, "aria-describedby": "f-document-dica",
    spellcheck: "false",
  });
  input.addEventListener("input", function () {
    var formatted = formatCpf(input.value);
    if (formatted !== input.value) input.value = formatted;
  });
  var submit = button("Receber código", { type: "submit", class: "button button--primary" });
  var form = el("form", { novalidate: true, class: "form" },
    errorBox(),
    el("div", { class: "field" },
      el("label", { for: "f-document", text: "CPF" }),
      el("p", { class: "hint", id: "f-document-dica", text: "Só os números: os pontos e o traço aparecem sozinhos." }),
      input),
    el("div", { class: "actions" }, submit));
  var help = el("div", {});
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    askForCode(form, input, submit, help);
  });
  view.add(noticeBox(), govbrProblem(problem, deadEnd), govbrSignIn(view),
    el("p", { text: "Para conferir e atualizar seu cadastro, informe seu CPF. Enviaremos um código de acesso ao e-mail que está no cadastro do conselho." }),
    form, help,
    el("p", {}, el("a", { href: "#/recuperar" }, "Não tenho mais acesso a este e-mail")),
    el("p", { class: "muted" }, "A sua regional também atualiza o e-mail para você: ",
      el("a", { href: "#/duvidas" }, "veja o que levar e os contatos"), "."),
    el("p", {}, "Quer só acompanhar um pedido? ", el("a", { href: "#/protocolo" }, "Consulte pelo número do protocolo"), "."));
}

/* Why the sign-in with gov.br did not happen, and what to do; for a CPF the council does not
   have, the regional's contacts (chosen by state, once the campaign's regions are in). */
function govbrProblem(problem, deadEnd) {
  if (!problem) return null;
  var box = el("div", { class: "govbr-problem" },
    el("div", { class: "error-summary", role: "alert" }, el("p", { text: problem })));
  if (deadEnd) {
    Promise.resolve(state.campaignLoaded).then(function () { box.appendChild(regionHelp("govbr-regional")); });
  }
  return box;
}

/* "Entrar com gov.br", as gov.br's design system draws its external sign-in button, and an
   "ou" before the code form; only where the stage has gov.br (GET /campaign says so). */
function govbrSignIn(view) {
  var slot = el("div", { class: "govbr-slot" });
  Promise.resolve(state.campaignLoaded).then(function () {
    if (!view.alive() || !state.campaign || !state.campaign.govbr_sign_in) return;
    var start = el("button", { type: "button", class: "govbr-button" },
      "Entrar com ", el("strong", { class: "govbr-button__brand", text: "gov.br" }));
    var status = el("p", { class: "hint", role: "status" });
    var problem = el("div", {});
    start.addEventListener("click", function () { startGovbr(start, status, problem); });
    slot.appendChild(el("div", { class: "govbr-sign-in" },
      el("p", { text: "Tem conta gov.br? Entre com ela: você não precisa de código por e-mail." }),
      start, status, problem));
    slot.appendChild(el("p", { class: "divider" }, el("span", { text: "ou" })));
  });
  return slot;
}

/* To gov.br's sign-in page; it sends the person back to this screen. */
function startGovbr(start, status, problem) {
  start.disabled = true;
  problem.textContent = "";
  status.textContent = "Abrindo o gov.br…";
  // Back from gov.br with the browser's button, the page may come back as it was left.
  window.addEventListener("pageshow", function () { start.disabled = false; status.textContent = ""; }, { once: true });
  call("/auth/govbr/start", { method: "POST", body: {} }).then(function (answer) {
    if (answer.ok) {
      location.assign(answer.data.authorize_url);
      return;
    }
    start.disabled = false;
    status.textContent = "";
    problem.appendChild(el("div", { class: "error-summary", role: "alert" }, el("p", { text: answer.data.message })));
  });
}

/* Where the site cannot take the person further (the API's message says "procure sua regional"):
   the regional's contacts right there, chosen by state since the region is not known yet. */
var DEAD_ENDS = { not_in_registry: true, no_email_on_file: true, sign_in_locked: true, email_bouncing: true };

function showDeadEnd(help, error) {
  help.textContent = "";
  if (error && DEAD_ENDS[error.code]) help.appendChild(regionHelp("entrar-regional"));
}

function askForCode(form, input, submit, help) {
  clearErrors(form);
  showDeadEnd(help, null);
  var cpf = cpfDigits(input.value);
  if (!validCpf(cpf)) {
    setFieldError(input, cpf.length === 11 ? T.cpfInvalid : T.cpfLength);
    input.focus();
    announce(cpf.length === 11 ? T.cpfInvalid : T.cpfLength);
    return;
  }
  setBusy(submit, true, "Enviando código…");
  call("/auth/code", { method: "POST", body: { document: cpf } }).then(function (answer) {
    setBusy(submit, false);
    if (answer.ok) {
      sessionStorage.setItem(SIGNIN_KEY, JSON.stringify({ document: cpf, masked_email: answer.data.masked_email }));
      go("#/entrar/codigo");
      return;
    }
    var error = answer.data;
    showDeadEnd(help, error);
    if (error.code === "not_in_registry") error = { code: error.code, message: TEXT.summary, fields: { document: error.message } };
    showApiError(form, error);
  });
}

export function viewCode() {
  var pending = readStore(SIGNIN_KEY);
  if (!pending || !pending.document) {
    location.replace("#/entrar");
    return;
  }
  var view = screen("Digite o código");
  var sent = el("p", { role: "status", class: "notice" },
    "Enviamos um código para ", el("strong", { text: pending.masked_email }),
    ". Ele vale por 10 minutos. Se não o encontrar, veja também a caixa de spam.");
  var code = codeForm(pending);
  var again = button("Enviar um novo código", { class: "button button--secondary button-secondary" });
  again.addEventListener("click", function () { sendNewCode(pending, code, again, sent); });
  view.add(sent, code.form, code.help,
    el("div", { class: "actions actions--secondary" }, again,
      el("a", { href: "#/entrar", class: "button button--link" }, "Usar outro CPF")));
}

/* The code's form: {form, input}; sending it opens the session. */
function codeForm(pending) {
  var input = el("input", {
    id: "f-code", name: "code", type: "text", inputmode: "numeric", autocomplete: "one-time-code",
    maxlength: "6", pattern: "[0-9]{6}", required: true, spellcheck: "false", "aria-describedby": "f-code-dica",
  });
  input.addEventListener("input", function () {
    var clean = digits(input.value).slice(0, 6);
    if (clean !== input.value) input.value = clean;
  });
  var submit = button("Entrar", { type: "submit", class: "button button--primary" });
  var form = el("form", { novalidate: true, class: "form" },
    errorBox(),
    el("div", { class: "field" },
      el("label", { for: "f-code", text: "Código de acesso" }),
      el("p", { class: "hint", id: "f-code-dica", text: "Os 6 números do e-mail, para o CPF " + formatCpf(pending.document) + "." }),
      input),
    el("div", { class: "actions" }, submit));
  var help = el("div", {});
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    openSession(pending, form, input, submit, help);
  });
  return { form: form, input: input, help: help };
}

function openSession(pending, form, input, submit, help) {
  clearErrors(form);
  showDeadEnd(help, null);
  var code = digits(input.value);
  if (code.length !== 6) {
    setFieldError(input, T.codeFormat);
    input.focus();
    return;
  }
  setBusy(submit, true, "Entrando…");
  call("/auth/session", { method: "POST", body: { document: pending.document, code: code } }).then(function (answer) {
    setBusy(submit, false);
    if (answer.ok) {
      keepSession(answer.data);
      sessionStorage.removeItem(SIGNIN_KEY);
      announce("Você entrou.");
      go("#/dados");
      return;
    }
    var error = answer.data;
    showDeadEnd(help, error);
    if (answer.status === 401) error = { code: error.code, message: TEXT.summary, fields: { code: error.message } };
    showApiError(form, error);
  });
}

function sendNewCode(pending, code, again, sent) {
  clearErrors(code.form);
  showDeadEnd(code.help, null);
  setBusy(again, true, "Enviando…");
  call("/auth/code", { method: "POST", body: { document: pending.document } }).then(function (answer) {
    setBusy(again, false);
    if (answer.ok) {
      pending.masked_email = answer.data.masked_email;
      sessionStorage.setItem(SIGNIN_KEY, JSON.stringify(pending));
      sent.textContent = "Enviamos um novo código para " + answer.data.masked_email + ". Use o mais recente: ele vale por 10 minutos.";
      code.input.value = "";
      code.input.focus();
      return;
    }
    showDeadEnd(code.help, answer.data);
    showApiError(code.form, answer.data);
  });
}
