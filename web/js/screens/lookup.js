/* The public protocol lookup (#/protocolo[/<protocol>]), without signing in. */
import { api, clearErrors, el, formatInstant, TEXT } from "../recadastro.js";
import { groupTitle } from "../groups.js";
import { screen } from "../layout.js";
import { requestStatus, STATUS_EXPLAINED } from "../statuses.js";
import { T } from "../texts.js";
import { button, definitionList, errorBox, setBusy, setFieldError, showApiError, showFormMessage } from "../ui.js";

var CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{10}$/;

function normalizeProtocol(text) {
  var clean = String(text || "").toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return CROCKFORD.test(clean) ? clean.slice(0, 5) + "-" + clean.slice(5) : null;
}

export function viewLookup(protocol) {
  var view = screen("Consultar protocolo");
  var search = lookupForm(protocol);
  search.result = el("div", { class: "lookup-result" });
  search.view = view;
  search.form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(search.form);
    var normal = normalizeProtocol(search.input.value);
    if (!normal) {
      setFieldError(search.input, T.protocolFormat);
      search.input.focus();
      return;
    }
    // The address holds the protocol, so the result can be reloaded and shared.
    var target = "#/protocolo/" + normal;
    if (location.hash === target) lookup(search, normal);
    else location.hash = target;
  });
  view.add(
    el("p", { text: "Acompanhe um pedido pelo número do protocolo, sem precisar entrar. Nenhum dado pessoal é mostrado." }),
    search.form, search.result);
  if (protocol) {
    var normal = normalizeProtocol(protocol);
    if (normal) lookup(search, normal);
    else setFieldError(search.input, T.protocolFormat);
  }
}

/* The search form: {form, input, submit}. */
function lookupForm(protocol) {
  var input = el("input", {
    id: "f-protocol", name: "protocol", type: "text", autocomplete: "off", autocapitalize: "characters",
    spellcheck: "false", maxlength: "13", placeholder: "XXXXX-XXXXX", "aria-describedby": "f-protocol-dica",
    value: protocol || "",
  });
  input.addEventListener("input", function () {
    var upper = input.value.toUpperCase();
    if (upper !== input.value) input.value = upper;
  });
  var submit = button("Consultar", { type: "submit", class: "button button--primary" });
  var form = el("form", { novalidate: true, class: "form", role: "search", "aria-label": "Consulta de protocolo" },
    errorBox(),
    el("div", { class: "field" },
      el("label", { for: "f-protocol", text: "Número do protocolo" }),
      el("p", { class: "hint", id: "f-protocol-dica", text: "10 letras e números, como 763E9-Y2XCF. Está no e-mail e na tela de confirmação." }),
      input),
    el("div", { class: "actions" }, submit));
  return { form: form, input: input, submit: submit };
}

function lookup(search, normal) {
  var result = search.result;
  result.textContent = "";
  var loading = el("p", { class: "muted", role: "status", text: "Consultando…" });
  result.appendChild(loading);
  setBusy(search.submit, true, "Consultando…");
  api("/protocols/" + encodeURIComponent(normal)).then(function (answer) {
    if (!search.view.alive()) return;
    setBusy(search.submit, false);
    loading.remove();
    if (answer.ok) return showFound(result, answer.data);
    if (answer.status === 404) {
      showApiError(search.form, { code: answer.data.code, message: TEXT.summary, fields: { protocol: answer.data.message } });
    } else if (answer.status === 429) {
      showFormMessage(search.form, T.rateLimited);
    } else {
      showFormMessage(search.form, answer.data.message);
    }
  });
}

/* What anyone may know of a request: its status and dates, nothing personal. */
function showFound(result, found) {
  var heading = el("h2", { id: "resultado-titulo", tabindex: "-1" }, "Protocolo ", el("span", { class: "mono", text: found.protocol }));
  result.appendChild(el("section", { class: "card", "aria-labelledby": "resultado-titulo" },
    heading,
    el("p", { class: "status status--" + found.status, text: requestStatus(found) }),
    el("p", { text: found.kind === "no_change" && found.status === "approved"
      ? "A confirmação dos dados foi registrada." : STATUS_EXPLAINED[found.status] || "" }),
    definitionList([
      ["Pedido", found.kind === "no_change" ? "Confirmação dos dados" : "Alteração de " + groupTitle(found.group).toLowerCase()],
      ["Enviado em", formatInstant(found.created_at)],
      ["Última atualização", formatInstant(found.updated_at)],
    ])));
  heading.focus();
}
