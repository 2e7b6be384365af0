/* Recadastro: what the professionals' site and the staff page share. Plain JS, no build.
   The API's address is configuration: /config.js sets window.RECADASTRO_CONFIG.apiUrl. */
(function () {
  "use strict";

  var TIMEOUT_MS = 15000;
  var TEXT = {
    network: "Não foi possível falar com o servidor. Confira sua conexão e tente de novo.",
    timeout: "O servidor demorou a responder. Tente de novo em instantes.",
    unexpected: "Tivemos um problema inesperado. Tente de novo em instantes.",
    summary: "Confira os campos indicados abaixo.",
  };

  function apiUrl() {
    var config = window.RECADASTRO_CONFIG || {};
    if (typeof config.apiUrl !== "string" || !config.apiUrl) {
      throw new Error("RECADASTRO_CONFIG.apiUrl is not set");
    }
    return config.apiUrl.replace(/\/+$/, "");
  }

  /* Calls the API. Always resolves: {ok, status, data}, where a failure's data is the API's
     error shape {code, message, fields} in pt-BR, never a raw body or a stack trace, and
     retryAfter is the seconds a 429 asks to wait. */
  function api(path, options) {
    options = options || {};
    var headers = { Accept: "application/json" };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (options.token) headers.Authorization = "Bearer " + options.token;
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, options.timeout || TIMEOUT_MS);
    return fetch(apiUrl() + path, {
      method: options.method || "GET",
      headers: headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        var read = type.indexOf("json") >= 0 ? response.json() : response.text();
        return read.then(function (data) {
          var retryAfter = Number(response.headers.get("Retry-After")) || null;
          if (response.ok) return { ok: true, status: response.status, data: data };
          return { ok: false, status: response.status, data: errorShape(data), retryAfter: retryAfter };
        });
      })
      .catch(function (error) {
        var timedOut = error && error.name === "AbortError";
        return { ok: false, status: 0, data: { code: "network", message: timedOut ? TEXT.timeout : TEXT.network, fields: {} } };
      })
      .finally(function () { clearTimeout(timer); });
  }

  function errorShape(data) {
    if (data && typeof data === "object" && typeof data.message === "string") {
      return { code: data.code || "error", message: data.message, fields: data.fields || {} };
    }
    return { code: "unexpected", message: TEXT.unexpected, fields: {} };
  }

  /* el("p", {class: "x", text: "..."}, child, ...): a DOM element; attributes starting with
     "on" become listeners; text is always set as text, never as HTML. */
  function el(tag, attributes) {
    var node = document.createElement(tag);
    var attrs = attributes || {};
    Object.keys(attrs).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name.indexOf("on") === 0) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  /* Shows an API error on a form: each field's message next to it (aria-invalid,
     aria-describedby), the general message in the form's [data-errors] box, focus on it. */
  function showErrors(form, error) {
    clearErrors(form);
    var fields = error.fields || {};
    var unplaced = [];
    Object.keys(fields).forEach(function (name) {
      var input = findField(form, name);
      if (!input) { unplaced.push(fields[name]); return; }
      var id = (input.id || input.name) + "-erro";
      var message = el("p", { class: "field-error", id: id, text: fields[name] });
      var anchor = input.closest(".field") || input;
      anchor.appendChild(message);
      input.setAttribute("aria-invalid", "true");
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? described + " " + id : id);
    });
    var box = form.querySelector("[data-errors]");
    if (box) {
      var hasFields = Object.keys(fields).length > 0;
      box.textContent = "";
      box.appendChild(el("p", { text: error.message }));
      unplaced.forEach(function (text) { box.appendChild(el("p", { text: text })); });
      // The API's own invalid_input message already says to check the fields.
      if (hasFields && unplaced.length === 0 && error.code !== "invalid_input" && error.message !== TEXT.summary) {
        box.appendChild(el("p", { text: TEXT.summary }));
      }
      box.hidden = false;
      box.focus();
    }
  }

  /* "changes.street" -> [name="street"]; "upload_ids" and others by their own name. */
  function findField(form, name) {
    var candidates = [name, name.split(".").slice(1).join("."), name.split(".").pop()];
    for (var i = 0; i < candidates.length; i++) {
      if (!candidates[i]) continue;
      var input = form.querySelector('[name="' + candidates[i] + '"]');
      if (input) return input;
    }
    return null;
  }

  function clearErrors(form) {
    form.querySelectorAll(".field-error").forEach(function (node) {
      var input = node.parentNode.querySelector("[aria-invalid]");
      if (input) {
        input.removeAttribute("aria-invalid");
        var rest = (input.getAttribute("aria-describedby") || "")
          .split(" ").filter(function (id) { return id && id !== node.id; }).join(" ");
        if (rest) input.setAttribute("aria-describedby", rest);
        else input.removeAttribute("aria-describedby");
      }
      node.remove();
    });
    var box = form.querySelector("[data-errors]");
    if (box) { box.textContent = ""; box.hidden = true; }
  }

  /* CPF: digits only, check digits verified as the council's registry does. */
  function cpfDigits(text) { return String(text || "").replace(/\D/g, "").slice(0, 11); }

  function formatCpf(text) {
    var d = cpfDigits(text);
    return d.replace(/^(\d{3})(\d)/, "$1.$2").replace(/^(\d{3})\.(\d{3})(\d)/, "$1.$2.$3")
      .replace(/\.(\d{3})(\d{1,2})$/, ".$1-$2");
  }

  function validCpf(text) {
    var d = cpfDigits(text);
    if (d.length !== 11 || /^(\d)\1{10}$/.test(d)) return false;
    for (var size = 9; size <= 10; size++) {
      var sum = 0;
      for (var i = 0; i < size; i++) sum += Number(d[i]) * (size + 1 - i);
      var check = (sum * 10) % 11 % 10;
      if (check !== Number(d[size])) return false;
    }
    return true;
  }

  /* "2027-03-31" -> "31/03/2027" (no Date: no time-zone shift); ISO instants -> local time. */
  function formatDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return parts ? parts[3] + "/" + parts[2] + "/" + parts[1] : "";
  }

  function formatInstant(iso) {
    var when = new Date(iso);
    if (isNaN(when.getTime())) return "";
    return when.toLocaleString("pt-BR", { dateStyle: "short", timeStyle: "short" });
  }

  window.Recadastro = {
    api: api,
    el: el,
    showErrors: showErrors,
    clearErrors: clearErrors,
    cpfDigits: cpfDigits,
    formatCpf: formatCpf,
    validCpf: validCpf,
    formatDate: formatDate,
    formatInstant: formatInstant,
    TEXT: TEXT,
  };
})();
