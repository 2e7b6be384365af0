/* Signing in: the CPF (#/entrar), then the code sent by e-mail (#/entrar/codigo). */
import { clearErrors, cpfDigits, el, formatCpf, TEXT, validCpf } from "../recadastro.js";
import { regionHelp } from "../contacts.js";
import { digits } from "../format.js";
import { screen, noticeBox } from "../layout.js";
import { go } from "../navigation.js";
import { call, readStore, SESSION_KEY, SIGNIN_KEY } from "../session.js";
import { T } from "../texts.js";
import { announce, button, errorBox, setBusy, setFieldError, showApiError } from "../ui.js";

export function viewSignIn() {
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
  view.add(noticeBox(),
    el("p", { text: "Para conferir e atualizar seu cadastro, informe seu CPF. Enviaremos um código de acesso ao e-mail que está no cadastro do conselho." }),
    form, help,
    el("p", { class: "muted" }, "Não tem mais acesso ao e-mail do cadastro? A sua regional atualiza para você: ",
      el("a", { href: "#/duvidas" }, "veja o que levar e os contatos"), "."),
    el("p", {}, "Quer só acompanhar um pedido? ", el("a", { href: "#/protocolo" }, "Consulte pelo número do protocolo"), "."));
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
      sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: answer.data.token, expires_at: answer.data.expires_at }));
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
