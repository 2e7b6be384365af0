/* Signing in: the CPF (#/entrar), then the code sent by e-mail (#/entrar/codigo). */
import { clearErrors, cpfDigits, el, formatCpf, TEXT, validCpf } from "../recadastro.js";
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
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    askForCode(form, input, submit);
  });
  view.add(noticeBox(),
    el("p", { text: "Para conferir e atualizar seu cadastro, informe seu CPF. Enviaremos um código de acesso ao e-mail que está no cadastro do conselho." }),
    form,
    el("p", { class: "muted", text: "Não tem mais acesso ao e-mail do cadastro? Procure a sua regional." }),
    el("p", {}, "Quer só acompanhar um pedido? ", el("a", { href: "#/protocolo" }, "Consulte pelo número do protocolo"), "."));
}

function askForCode(form, input, submit) {
  clearErrors(form);
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
  var again = button("Enviar um novo código", { class: "button button--secondary" });
  again.addEventListener("click", function () { sendNewCode(pending, code, again, sent); });
  view.add(sent, code.form,
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
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    openSession(pending, form, input, submit);
  });
  return { form: form, input: input };
}

function openSession(pending, form, input, submit) {
  clearErrors(form);
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
    if (answer.status === 401) error = { code: error.code, message: TEXT.summary, fields: { code: error.message } };
    showApiError(form, error);
  });
}

function sendNewCode(pending, code, again, sent) {
  clearErrors(code.form);
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
    showApiError(code.form, answer.data);
  });
}
