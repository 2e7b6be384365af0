/* Access recovery, for whom the e-mail on file no longer works (#/recuperar): the answers and a
   new e-mail, then the code sent to that address (#/recuperar/codigo), then a photo of an
   identity document and one holding it (#/recuperar/fotos), then the protocol
   (#/recuperar/enviado). The answers sign no one in: the regional decides. The code gives a
   recovery-only token, kept apart from the session (its own key in sessionStorage), so the
   page never takes it for a signed-in person and "Meus dados" never shows. */
import { api, clearErrors, cpfDigits, el, formatCpf, TEXT, validCpf } from "../recadastro.js";
import { digits, formatSize } from "../format.js";
import { screen } from "../layout.js";
import { go } from "../navigation.js";
import { readStore } from "../session.js";
import { T } from "../texts.js";
import { announce, button, clearFieldError, errorBox, setBusy, setFieldError, showApiError, showFormMessage } from "../ui.js";

var RECOVERY_KEY = "recadastro.recuperacao";
var MAX_BYTES = 20971520;
var IMAGE_TYPES = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", heic: "image/heic", heif: "image/heif", webp: "image/webp" };

function pending() { return readStore(RECOVERY_KEY) || {}; }
function keep(data) { sessionStorage.setItem(RECOVERY_KEY, JSON.stringify(data)); }

function recoveryToken() {
  var saved = pending();
  if (!saved.token) return null;
  if (saved.expires_at && Date.parse(saved.expires_at) <= Date.now()) return null;
  return saved.token;
}

function textField(name, label, hint, attrs) {
  var id = "f-" + name;
  var base = { id: id, name: name, type: "text", required: true, spellcheck: "false" };
  Object.keys(attrs || {}).forEach(function (key) { base[key] = attrs[key]; });
  if (hint) base["aria-describedby"] = id + "-dica";
  var input = el("input", base);
  var node = el("div", { class: "field" },
    el("label", { for: id, text: label }),
    hint ? el("p", { class: "hint", id: id + "-dica", text: hint }) : null,
    input);
  return { node: node, input: input };
}

/* "dd/mm/aaaa" as typed, to "aaaa-mm-dd"; null if it is no date of the calendar. */
export function isoDate(text) {
  var found = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(String(text || "").trim());
  if (!found) return null;
  var day = Number(found[1]), month = Number(found[2]), year = Number(found[3]);
  var date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return found[3] + "-" + found[2] + "-" + found[1];
}

function maskDate(text) {
  var d = digits(text).slice(0, 8);
  if (d.length > 4) return d.slice(0, 2) + "/" + d.slice(2, 4) + "/" + d.slice(4);
  if (d.length > 2) return d.slice(0, 2) + "/" + d.slice(2);
  return d;
}

/* ---------- 1. the answers and the new e-mail ---------- */

export function viewRecovery() {
  var view = screen("Recuperar o acesso");
  var f = {
    document: textField("document", "CPF", "Só os números: os pontos e o traço aparecem sozinhos.",
      { inputmode: "numeric", maxlength: "14", placeholder: "000.000.000-00", autocomplete: "off" }),
    registration_number: textField("registration_number", "Número de registro no conselho", "Como está na sua carteira profissional.", { autocomplete: "off" }),
    birth_date: textField("birth_date", "Data de nascimento", "Dia, mês e ano: dd/mm/aaaa.",
      { inputmode: "numeric", maxlength: "10", placeholder: "dd/mm/aaaa", autocomplete: "bday" }),
    mother_name: textField("mother_name", "Nome completo da sua mãe", null, { autocomplete: "off", spellcheck: "true" }),
    new_email: textField("new_email", "Novo e-mail", "Um endereço que você usa hoje: o código vai para ele.", { type: "email", autocomplete: "email", inputmode: "email" }),
    confirm_email: textField("confirm_email", "Repita o novo e-mail", null, { type: "email", autocomplete: "email", inputmode: "email" }),
  };
  f.document.input.addEventListener("input", function () {
    var formatted = formatCpf(f.document.input.value);
    if (formatted !== f.document.input.value) f.document.input.value = formatted;
  });
  f.birth_date.input.addEventListener("input", function () {
    var masked = maskDate(f.birth_date.input.value);
    if (masked !== f.birth_date.input.value) f.birth_date.input.value = masked;
  });
  var submit = button("Receber código no novo e-mail", { type: "submit", class: "button button--primary" });
  var form = el("form", { novalidate: true, class: "form" }, errorBox());
  Object.keys(f).forEach(function (key) { form.appendChild(f[key].node); });
  form.appendChild(el("div", { class: "actions" }, submit));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    askRecovery(form, f, submit);
  });
  view.add(
    el("p", { text: T.recoveryIntro }),
    el("ol", { class: "steps recovery-steps" },
      el("li", { text: "Você responde às perguntas abaixo e informa um novo e-mail." }),
      el("li", { text: "Enviamos um código para o novo e-mail, para confirmar que ele é seu." }),
      el("li", { text: "Você envia uma foto do seu documento de identidade e uma foto sua segurando o documento." }),
      el("li", { text: "A sua regional confere e decide. A resposta chega no novo e-mail." })),
    el("p", { class: "muted", text: T.recoveryNotSignIn }),
    form,
    el("p", {}, "Lembrou o acesso? ", el("a", { href: "#/entrar" }, "Voltar para Entrar"), "."));
}

function askRecovery(form, f, submit) {
  clearErrors(form);
  Object.keys(f).forEach(function (key) { clearFieldError(f[key].input); });
  var fields = {};
  var cpf = cpfDigits(f.document.input.value);
  if (!validCpf(cpf)) fields.document = cpf.length === 11 ? T.cpfInvalid : T.cpfLength;
  if (!f.registration_number.input.value.trim()) fields.registration_number = "Informe o número de registro.";
  var birth = isoDate(f.birth_date.input.value);
  if (!birth) fields.birth_date = "Informe a data de nascimento como dd/mm/aaaa, por exemplo 25/03/1980.";
  if (!f.mother_name.input.value.trim()) fields.mother_name = "Informe o nome da sua mãe.";
  var email = f.new_email.input.value.trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fields.new_email = "Informe um e-mail válido, como nome@exemplo.com.br.";
  else if (email.toLowerCase() !== f.confirm_email.input.value.trim().toLowerCase()) fields.confirm_email = "Os dois e-mails não são iguais: confira.";
  // One summary on top, each message beside its field, focus on the first (lib.js's markup).
  if (Object.keys(fields).length) return showApiError(form, { code: "client", message: TEXT.summary, fields: fields });
  setBusy(submit, true, "Enviando…");
  var body = {
    document: cpf, registration_number: f.registration_number.input.value.trim(), birth_date: birth,
    mother_name: f.mother_name.input.value.trim(), new_email: email,
  };
  api("/auth/recovery", { method: "POST", body: body }).then(function (answer) {
    setBusy(submit, false);
    if (answer.ok) {
      keep({ document: cpf, masked_email: answer.data.masked_email });
      go("#/recuperar/codigo");
      return;
    }
    showApiError(form, answer.data);
  });
}

/* ---------- 2. the code sent to the new address ---------- */

export function viewRecoveryCode() {
  var saved = pending();
  if (!saved.document) {
    location.replace("#/recuperar");
    return;
  }
  var view = screen("Digite o código");
  var input = el("input", {
    id: "f-code", name: "code", type: "text", inputmode: "numeric", autocomplete: "one-time-code",
    maxlength: "6", required: true, spellcheck: "false", "aria-describedby": "f-code-dica",
  });
  input.addEventListener("input", function () {
    var clean = digits(input.value).slice(0, 6);
    if (clean !== input.value) input.value = clean;
  });
  var submit = button("Confirmar código", { type: "submit", class: "button button--primary" });
  var form = el("form", { novalidate: true, class: "form" }, errorBox(),
    el("div", { class: "field" },
      el("label", { for: "f-code", text: "Código de confirmação" }),
      el("p", { class: "hint", id: "f-code-dica", text: "Os 6 números do e-mail, para o CPF " + formatCpf(saved.document) + "." }),
      input),
    el("div", { class: "actions" }, submit));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(form);
    clearFieldError(input);
    var code = digits(input.value);
    if (code.length !== 6) {
      setFieldError(input, T.codeFormat);
      input.focus();
      return;
    }
    setBusy(submit, true, "Conferindo…");
    api("/auth/recovery/session", { method: "POST", body: { document: saved.document, code: code } }).then(function (answer) {
      setBusy(submit, false);
      if (answer.ok) {
        saved.token = answer.data.token;
        saved.expires_at = answer.data.expires_at;
        keep(saved);
        announce("Código confirmado.");
        go("#/recuperar/fotos");
        return;
      }
      var error = answer.data;
      if (answer.status === 401) error = { code: error.code, message: TEXT.summary, fields: { code: error.message } };
      showApiError(form, error);
    });
  });
  view.add(
    el("p", { role: "status", class: "notice" }, "Se o CPF está no cadastro, enviamos um código para ",
      el("strong", { text: saved.masked_email }), ". Ele vale por 10 minutos; veja também a caixa de spam."),
    form,
    el("p", {}, el("a", { href: "#/recuperar" }, "Corrigir as respostas ou o e-mail")));
}

/* ---------- 3. the two photos ---------- */

function photoCheck(file) {
  var dot = file.name.lastIndexOf(".");
  var ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : "";
  var type = String(file.type || "").toLowerCase();
  var byType = Object.keys(IMAGE_TYPES).some(function (key) { return IMAGE_TYPES[key] === type; });
  if (!byType && !IMAGE_TYPES[ext]) return { error: T.recoveryPhotoType(file.name) };
  if (file.size === 0) return { error: T.fileEmpty(file.name) };
  if (file.size > MAX_BYTES) return { error: T.fileTooBig(file.name, file.size) };
  return { contentType: byType ? type : IMAGE_TYPES[ext] };
}

/* One photo: its file control (the camera on phones), progress, and the upload id once sent. */
function photoField(kind, label, hint, action, capture) {
  var id = "f-" + kind;
  // The browser's own control speaks the browser's language ("Choose File"): it is visually
  // hidden (still focusable) under a label drawn as a button, as attachments.js does.
  var input = el("input", {
    type: "file", id: id, name: kind, accept: "image/*", capture: capture, class: "file-control__input",
    "aria-labelledby": id + "-rotulo", "aria-describedby": id + "-dica",
  });
  var pick = el("label", { for: id, class: "button button--secondary button-secondary file-control__button", text: action });
  var bar = el("progress", { max: "100", value: "0", "aria-label": "Envio: " + label, hidden: true });
  var done = el("p", { class: "hint recovery-photo__done", role: "status" });
  var photo = { kind: kind, input: input, uploadId: null, busy: false };
  photo.node = el("div", { class: "field recovery-photo" },
    el("label", { for: id, id: id + "-rotulo", text: label }),
    el("p", { class: "hint", id: id + "-dica", text: hint }),
    el("div", { class: "file-control__buttons" }, input, pick), bar, done);
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    clearFieldError(input);
    photo.uploadId = null;
    done.textContent = "";
    if (!file) return;
    var check = photoCheck(file);
    if (check.error) {
      setFieldError(input, check.error);
      announce(check.error);
      return;
    }
    photo.busy = true;
    bar.hidden = false;
    bar.value = 0;
    upload(kind, file, check.contentType, function (fraction) { bar.value = Math.round(fraction * 100); }).then(function (result) {
      photo.busy = false;
      if (!result.ok) {
        bar.hidden = true;
        setFieldError(input, result.message);
        announce(result.message);
        return;
      }
      bar.value = 100;
      photo.uploadId = result.uploadId;
      // The summary of a refused send goes once no field is at fault any more.
      var form = input.form;
      var box = form && form.querySelector("[data-errors]");
      if (box && !form.querySelector(".field-error")) box.hidden = true;
      done.textContent = "Enviada: " + file.name + " (" + formatSize(file.size) + ").";
      pick.textContent = "Trocar foto";
    });
  });
  return photo;
}

/* The API grants the upload with the recovery token, then the file goes straight to storage. */
function upload(kind, file, contentType, onProgress) {
  return api("/me/uploads", {
    method: "POST", token: recoveryToken(),
    body: { filename: file.name, content_type: contentType, size: file.size, kind: kind },
  }).then(function (answer) {
    if (!answer.ok) {
      if (answer.status === 401) return { ok: false, message: T.recoveryExpired };
      var fields = answer.data.fields || {};
      var texts = Object.keys(fields).map(function (key) { return fields[key]; });
      return { ok: false, message: "Arquivo " + file.name + ": " + (texts.join(" ") || answer.data.message) };
    }
    var grant = answer.data;
    return new Promise(function (resolve) {
      var form = new FormData();
      Object.keys(grant.fields).forEach(function (name) { form.append(name, grant.fields[name]); });
      form.append("file", file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", grant.url);
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable && event.total) onProgress(event.loaded / event.total);
      });
      xhr.addEventListener("load", function () {
        resolve(xhr.status >= 200 && xhr.status < 300
          ? { ok: true, uploadId: grant.upload_id } : { ok: false, message: T.uploadFailed(file.name) });
      });
      xhr.addEventListener("error", function () { resolve({ ok: false, message: T.uploadFailed(file.name) }); });
      xhr.send(form);
    });
  });
}

export function viewRecoveryPhotos() {
  if (!recoveryToken()) {
    location.replace("#/recuperar");
    return;
  }
  var view = screen("Envie as fotos");
  var identity = photoField("identity_document", "Foto do documento de identidade",
    "RG, CNH ou carteira do conselho, com a foto e os dados legíveis. Imagem JPG, PNG, HEIC ou WEBP, até 20 MB.",
    "Escolher foto", null);
  // The selfie opens the phone's front camera.
  var selfie = photoField("selfie_with_document", "Foto sua segurando o documento",
    "Seu rosto e o documento aparecendo juntos, sem óculos escuros nem boné.", "Tirar foto", "user");
  var submit = button("Enviar pedido", { type: "submit", class: "button button--primary" });
  var form = el("form", { novalidate: true, class: "form" }, errorBox(), identity.node, selfie.node,
    el("div", { class: "actions" }, submit));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendRequest(form, identity, selfie, submit);
  });
  view.add(el("p", { text: T.recoveryPhotosIntro }), form);
}

function sendRequest(form, identity, selfie, submit) {
  clearErrors(form);
  if (identity.busy || selfie.busy) return showFormMessage(form, T.uploadBusy);
  var missing = [identity, selfie].filter(function (photo) { return !photo.uploadId; });
  if (missing.length) {
    var fields = {};
    missing.forEach(function (photo) { fields[photo.kind] = "Envie esta foto."; });
    return showApiError(form, { code: "client", message: TEXT.summary, fields: fields });
  }
  setBusy(submit, true, "Enviando pedido…");
  api("/me/recovery", { method: "POST", token: recoveryToken(), body: { upload_ids: [identity.uploadId, selfie.uploadId] } })
    .then(function (answer) {
      setBusy(submit, false);
      if (answer.ok) {
        keep({ protocol: answer.data.protocol });
        announce("Pedido enviado.");
        go("#/recuperar/enviado");
        return;
      }
      if (answer.status === 409) return showFormMessage(form, T.recoveryOpen);
      if (answer.status === 401) return showFormMessage(form, T.recoveryExpired);
      showApiError(form, answer.data);
    });
}

/* ---------- 4. the protocol ---------- */

export function viewRecoverySent() {
  var saved = pending();
  if (!saved.protocol) {
    location.replace("#/recuperar");
    return;
  }
  var view = screen("Pedido enviado");
  view.add(
    el("div", { class: "protocol-box" },
      el("p", { class: "protocol-box__label", id: "protocolo-rotulo", text: "Número do protocolo" }),
      el("p", { class: "protocol", id: "protocolo-numero", text: saved.protocol })),
    el("p", { text: "Guarde este número. O que acontece agora:" }),
    el("ul", {},
      el("li", { text: "A sua regional confere as suas respostas e as fotos." }),
      el("li", { text: "A resposta chega no novo e-mail. Se o pedido for aprovado, você entra com o CPF e recebe o código nesse e-mail." }),
      el("li", { text: "As fotos são apagadas assim que a regional decide." })),
    el("ul", { class: "link-list" },
      el("li", {}, el("a", { href: "#/protocolo/" + encodeURIComponent(saved.protocol) }, "Acompanhar pelo número do protocolo")),
      el("li", {}, el("a", { href: "#/entrar" }, "Voltar para Entrar"))));
}
