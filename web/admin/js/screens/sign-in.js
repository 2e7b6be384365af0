/* The sign-in screen: a username and a password, then the screen asked for before. */

import { state } from "../state.js";
import { begin } from "../view.js";
import { saveSession } from "../session.js";
import { go } from "../router.js";
import { errorBox, field } from "../dom.js";
import { TEXT } from "../texts.js";

var R = window.Recadastro;
var el = R.el;

export function render() {
  var body = begin(TEXT.signInTitle);
  body.appendChild(el("p", { text: TEXT.signInIntro }));
  if (state.notice) {
    body.appendChild(el("div", { class: state.notice.alert ? "error" : "notice", role: state.notice.alert ? "alert" : "status" },
      el("p", { text: state.notice.text })));
    state.notice = null;
  }
  body.appendChild(signInForm());
}

function signInForm() {
  var username = el("input", {
    name: "username", autocomplete: "username", autocapitalize: "none", spellcheck: "false", required: true,
  });
  var password = el("input", { name: "password", type: "password", autocomplete: "current-password", required: true });
  var button = el("button", { type: "submit", class: "button", text: "Entrar" });
  var form = el("form", { class: "panel form-narrow", novalidate: true, "aria-label": "Entrar" },
    errorBox(),
    field("Usuário", username),
    field("Senha", password),
    el("div", { class: "actions" }, button));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var missing = {};
    if (!username.value.trim()) missing.username = TEXT.required;
    if (!password.value) missing.password = TEXT.required;
    if (Object.keys(missing).length) {
      R.showErrors(form, { message: TEXT.checkFields, fields: missing });
      return;
    }
    signIn(form, button, username, password);
  });
  return form;
}

function signIn(form, button, username, password) {
  button.disabled = true;
  R.api("/staff/session", { method: "POST", body: { username: username.value.trim(), password: password.value } })
    .then(function (answer) {
      button.disabled = false;
      if (!answer.ok) {
        var error = answer.data;
        if (answer.status === 429 && answer.retryAfter) {
          error = { code: error.code, message: error.message + " " + TEXT.waitSeconds(answer.retryAfter), fields: error.fields };
        }
        R.showErrors(form, error);
        password.value = "";
        return;
      }
      R.clearErrors(form);
      saveSession(answer.data);
      var next = state.after && state.after !== "#/entrar" ? state.after : "#/fila";
      state.after = null;
      go(next);
    });
}
