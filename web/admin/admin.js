/* Recadastro, the staff page (/admin/): reviewers work the queue of their regions, national admins
   everything plus the campaign settings and the card vendor's failures. Plain JS, no build; the
   API's address comes from /config.js, the calls and helpers from /lib.js (window.Recadastro).
   Screens are hash routes, so the browser's back button works: #/fila, #/solicitacao/<id>,
   #/painel, #/profissional/<cpf>, #/campanha, #/cartoes. */
(function () {
  "use strict";

  var R = window.Recadastro;
  var el = R.el;
  var STORAGE_KEY = "recadastro.equipe.sessao";
  var PAGE_SIZE = 25;

  /* Every text of this page, in one place. */
  var TEXT = {
    appName: "Recadastro — Equipe",
    loading: "Carregando…",
    signInTitle: "Entrar na área da equipe",
    signInIntro: "Use o usuário e a senha da sua conta de revisor(a) regional ou da administração nacional.",
    signedOut: "Você saiu. Até a próxima!",
    expired: "Sua sessão terminou.",
    required: "Campo obrigatório.",
    checkFields: R.TEXT.summary,
    waitSeconds: function (seconds) { return "Tente de novo em " + seconds + (seconds === 1 ? " segundo." : " segundos."); },
    roles: { admin: "Administração nacional", reviewer: "Revisor(a)" },
    allRegions: "todas as regionais",
    notFoundTitle: "Página não encontrada",
    notFound: "Este endereço não corresponde a nenhuma tela da equipe.",
    conflictHelp: {
      claimed_by_other: "Outra pessoa da equipe assumiu esta solicitação: só ela pode decidir. Recarregue para ver quem.",
      stale_version: "Alguém agiu nesta solicitação enquanto você a analisava (ou o profissional a alterou). Recarregue, confira os dados de novo e decida.",
      request_changed: "A solicitação ou o cadastro do profissional mudou ao mesmo tempo (outra decisão, talvez). Recarregue para ver a situação atual.",
      not_in_review: "Ela já foi decidida por alguém ou cancelada pelo profissional. Recarregue para ver a situação atual.",
      group_locked: "A carteira deste profissional já está em produção: estes dados não podem mais ser aprovados por aqui.",
    },
    reload: "Recarregar solicitação",
  };

  var LABELS = {
    requestStatus: {
      in_review: "Em análise", returned: "Devolvida", approved: "Aprovada",
      rejected: "Rejeitada", cancelled: "Cancelada",
    },
    groups: {
      personal: "Dados pessoais", filiation: "Filiação", birthplace: "Naturalidade",
      documents: "Documentos", address: "Endereço", phones: "Telefones", emails: "E-mails",
    },
    fields: {
      name: "Nome", social_name: "Nome social", birth_date: "Data de nascimento",
      marital_status: "Estado civil", sex: "Sexo", blood_type: "Tipo sanguíneo", race: "Raça/cor",
      mother_name: "Nome da mãe", mother_absent: "Mãe ausente no registro", father_name: "Nome do pai",
      uf: "UF", city: "Cidade", rg_number: "RG", rg_issuer: "Órgão emissor do RG", rg_uf: "UF do RG",
      rg_issued_on: "Emissão do RG", voter_id: "Título de eleitor", voter_zone: "Zona eleitoral",
      voter_section: "Seção eleitoral", ctps_number: "CTPS", ctps_series: "Série da CTPS",
      military_certificate: "Certificado militar", cep: "CEP", district: "Bairro",
      street: "Logradouro", number: "Número", complement: "Complemento",
      phones: "Telefones", emails: "E-mails",
    },
    choices: {
      solteiro: "Solteiro(a)", casado: "Casado(a)", divorciado: "Divorciado(a)",
      separado: "Separado(a)", viuvo: "Viúvo(a)", uniao_estavel: "União estável",
      feminino: "Feminino", masculino: "Masculino", branca: "Branca", preta: "Preta",
      parda: "Parda", amarela: "Amarela", indigena: "Indígena", nao_declarada: "Não declarada",
      celular: "Celular", residencial: "Residencial", comercial: "Comercial",
      pessoal: "Pessoal", profissional: "Profissional",
    },
    professionalStatus: {
      not_started: "Não iniciado", in_progress: "Em andamento", updated: "Atualizado",
      card_requested: "Carteira solicitada", card_in_production: "Carteira em produção",
      card_shipped: "Carteira enviada",
    },
    cardStatus: {
      pending: "Aguardando envio ao fornecedor", failed: "Falhou", requested: "Aguardando biometria",
      enrolled: "Biometria feita", in_production: "Em produção", shipped: "Enviada",
    },
    attachmentKind: {
      proof_of_address: "Comprovante de endereço", identity_document: "Documento de identidade",
      civil_certificate: "Certidão civil", other: "Outro documento",
    },
    actions: {
      submitted: "Enviada", claimed: "Assumida", approved: "Aprovada", rejected: "Rejeitada",
      returned: "Devolvida para complementação", resubmitted: "Reenviada", cancelled: "Cancelada",
      viewed_request: "Abriu a solicitação", viewed_professional: "Consultou o cadastro",
      card_order_retried: "Reenviou o pedido da carteira", campaign_updated: "Alterou a campanha",
      card_enrollment_completed: "Biometria concluída (fornecedor)",
      card_in_production: "Carteira em produção (fornecedor)",
      card_shipped: "Carteira enviada (fornecedor)",
    },
    actors: { profissional: "o profissional", sistema: "o sistema", vendor: "o fornecedor" },
  };
  var GROUP_FIELDS = {
    personal: ["name", "social_name", "birth_date", "marital_status", "sex", "blood_type", "race"],
    filiation: ["mother_name", "mother_absent", "father_name"],
    birthplace: ["uf", "city"],
    documents: ["rg_number", "rg_issuer", "rg_uf", "rg_issued_on", "voter_id", "voter_zone",
      "voter_section", "ctps_number", "ctps_series", "military_certificate"],
    address: ["cep", "street", "number", "complement", "district", "city", "uf"],
    phones: ["phones"],
    emails: ["emails"],
  };
  var SCREENS = {
    fila: { title: "Fila de solicitações", render: renderQueue },
    solicitacao: { title: "Solicitação", render: renderRequest },
    painel: { title: "Painel", render: renderDashboard },
    profissional: { title: "Consultar profissional", render: renderProfessional },
    campanha: { title: "Campanha", render: renderCampaign },
    cartoes: { title: "Falhas nos pedidos de carteira", render: renderFailures },
  };

  var state = {
    session: null,
    notice: null, // {text, alert} shown once on the sign-in screen
    after: null, // the screen asked for before signing in
    campaign: null,
    current: 0, // bumps on every screen drawn: late answers of an old screen are dropped
    focusNext: null,
  };
  var view = document.querySelector("[data-view]");
  var campaignReady = R.api("/campaign").then(function (answer) {
    if (answer.ok) {
      state.campaign = answer.data;
      document.querySelectorAll("[data-council]").forEach(function (node) {
        node.textContent = answer.data.council;
      });
    }
    return state.campaign;
  });

  /* ---------- session ---------- */

  function loadSession() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
    } catch (ignored) { /* a damaged entry counts as signed out */ }
    if (saved && saved.token && saved.user && Date.parse(saved.expires_at) > Date.now()) return saved;
    if (saved) state.notice = { text: TEXT.expired + " Entre novamente para continuar.", alert: true };
    sessionStorage.removeItem(STORAGE_KEY);
    return null;
  }

  function saveSession(session) {
    state.session = session;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    updateChrome();
  }

  function signOut(notice) {
    state.session = null;
    state.notice = notice;
    sessionStorage.removeItem(STORAGE_KEY);
    updateChrome();
  }

  function isAdmin() {
    return Boolean(state.session && state.session.user.role === "admin");
  }

  /* A staff call: the token goes along, and a 401 ends the session and goes back to sign-in
     (the promise of that call never settles, so the screen that asked stops there). */
  function call(path, options) {
    options = options || {};
    options.token = state.session && state.session.token;
    return R.api(path, options).then(function (answer) {
      if (answer.status === 401) {
        state.after = location.hash;
        signOut({ text: TEXT.expired + " " + answer.data.message, alert: true });
        route();
        return new Promise(function () {});
      }
      return answer;
    });
  }

  /* ---------- page chrome and routing ---------- */

  function updateChrome() {
    var session = state.session;
    var who = document.querySelector("[data-who]");
    var nav = document.querySelector("[data-nav]");
    who.hidden = !session;
    nav.hidden = !session;
    document.querySelectorAll("[data-admin-only]").forEach(function (node) {
      node.hidden = !isAdmin();
    });
    if (!session) return;
    var user = session.user;
    document.querySelector("[data-who-name]").textContent = user.name + " (" + user.username + ")";
    var regions = user.role === "admin" ? TEXT.allRegions
      : (user.regions.length === 1 ? "regional " : "regionais ") + user.regions.join(", ");
    document.querySelector("[data-who-detail]").textContent =
      (TEXT.roles[user.role] || user.role) + " · " + regions;
  }

  function parseHash() {
    var raw = location.hash.replace(/^#\/?/, "");
    var mark = raw.indexOf("?");
    var path = mark >= 0 ? raw.slice(0, mark) : raw;
    var parts = path.split("/").filter(Boolean).map(function (part) {
      try { return decodeURIComponent(part); } catch (ignored) { return part; }
    });
    return {
      name: parts[0] || "fila",
      arg: parts[1] || "",
      query: new URLSearchParams(mark >= 0 ? raw.slice(mark + 1) : ""),
    };
  }

  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  function route() {
    var where = parseHash();
    if (!state.session) {
      if (where.name !== "entrar" && location.hash) state.after = location.hash;
      renderSignIn();
      markNav(null);
      return;
    }
    if (where.name === "entrar") {
      location.replace("#/fila");
      return;
    }
    var screen = Object.prototype.hasOwnProperty.call(SCREENS, where.name) ? SCREENS[where.name] : null;
    markNav(screen ? where.name : null);
    if (!screen) {
      var body = begin(TEXT.notFoundTitle);
      body.appendChild(el("p", { text: TEXT.notFound }));
      body.appendChild(el("p", {}, el("a", { href: "#/fila", text: "Ir para a fila" })));
      return;
    }
    screen.render(where, screen);
  }

  function markNav(name) {
    document.querySelectorAll("[data-route]").forEach(function (link) {
      if (link.getAttribute("data-route") === name) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  /* Clears the view for a new screen: its h1 (focused, so screen readers announce the change,
     unless the screen asked to focus something else) and the title of the tab. Bumps
     state.current, so answers that come back for an older screen are dropped (see live()). */
  function begin(title) {
    state.current += 1;
    document.title = title + " — " + TEXT.appName;
    view.textContent = "";
    var heading = el("h1", { tabindex: "-1", text: title });
    view.appendChild(heading);
    view.focusTarget = state.focusNext;
    state.focusNext = null;
    if (!view.focusTarget) heading.focus();
    view.heading = heading;
    return view;
  }

  function live(id) { return id === state.current; }

  /* ---------- small builders ---------- */

  function loadingNote() {
    return el("p", { class: "muted", role: "status", "data-loading": true, text: TEXT.loading });
  }

  function errorNote(message) {
    return el("div", { class: "error", role: "alert" }, el("p", { text: message }));
  }

  function errorBox() {
    return el("div", { class: "error", "data-errors": true, tabindex: "-1", hidden: true });
  }

  var uid = 0;
  function field(label, control, hint) {
    uid += 1;
    var id = control.id || "campo-" + uid;
    control.id = id;
    var wrapper = el("div", { class: "field" }, el("label", { for: id, text: label }));
    if (hint) {
      var hintId = id + "-dica";
      wrapper.appendChild(el("p", { class: "hint", id: hintId, text: hint }));
      control.setAttribute("aria-describedby", hintId);
    }
    wrapper.appendChild(control);
    return wrapper;
  }

  function checkField(label, control) {
    uid += 1;
    control.id = control.id || "campo-" + uid;
    return el("div", { class: "field field-check" }, control, el("label", { for: control.id, text: label }));
  }

  function select(name, options, chosen) {
    var node = el("select", { name: name });
    options.forEach(function (option) {
      node.appendChild(el("option", { value: option[0], text: option[1], selected: option[0] === chosen }));
    });
    return node;
  }

  function section(title, className) {
    uid += 1;
    var id = "secao-" + uid;
    return el("section", { class: className || "panel", "aria-labelledby": id }, el("h2", { id: id, text: title }));
  }

  function definitions(pairs) {
    var list = el("dl", { class: "facts" });
    pairs.forEach(function (pair) {
      if (!pair) return;
      list.appendChild(el("div", {}, el("dt", { text: pair[0] }), el("dd", {}, asNode(pair[1]))));
    });
    return list;
  }

  function asNode(value) {
    if (value instanceof Node) return value;
    return document.createTextNode(value === null || value === undefined ? "" : String(value));
  }

  /* A data table that becomes a stack of cards at phone width (the roles keep it a table for
     screen readers whatever the CSS does to it). columns: [[key, header]]; rows: [{key: node}]. */
  function dataTable(caption, columns, rows, className) {
    var head = el("tr", { role: "row" });
    columns.forEach(function (column) {
      head.appendChild(el("th", { scope: "col", role: "columnheader", text: column[1] }));
    });
    var body = el("tbody", { role: "rowgroup" });
    rows.forEach(function (row) { body.appendChild(tableRow(columns, row)); });
    return el("table", { class: "data-table " + (className || ""), role: "table" },
      el("caption", { text: caption }),
      el("thead", { role: "rowgroup" }, head),
      body);
  }

  function tableRow(columns, row) {
    var tr = el("tr", { role: "row" });
    columns.forEach(function (column, index) {
      var cell = el(index === 0 ? "th" : "td", {
        role: index === 0 ? "rowheader" : "cell",
        scope: index === 0 ? "row" : null,
        "data-label": column[1],
      }, asNode(row[column[0]]));
      tr.appendChild(cell);
    });
    return tr;
  }

  function tag(text, kind) {
    return el("span", { class: "tag" + (kind ? " tag-" + kind : ""), text: text });
  }

  function formatDocument(value) {
    var text = String(value || "");
    if (/^\d{11}$/.test(text)) return R.formatCpf(text);
    if (/^[0-9A-Z]{14}$/.test(text)) {
      return text.replace(/^(..)(...)(...)(....)(..)$/, "$1.$2.$3/$4-$5");
    }
    return text;
  }

  function formatSize(bytes) {
    if (bytes < 1024) return bytes + (bytes === 1 ? " byte" : " bytes");
    if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + " KB";
    return (bytes / 1024 / 1024).toLocaleString("pt-BR", { maximumFractionDigits: 1 }) + " MB";
  }

  function instant(iso) {
    return el("time", { datetime: iso, text: R.formatInstant(iso) });
  }

  function age(iso) {
    var days = Math.floor((Date.now() - Date.parse(iso)) / 86400000);
    var text = days <= 0 ? "hoje" : days === 1 ? "há 1 dia" : "há " + days + " dias";
    return el("time", { datetime: iso, title: R.formatInstant(iso), text: text });
  }

  function regionName(code) {
    var regions = (state.campaign && state.campaign.regions) || [];
    for (var i = 0; i < regions.length; i++) if (regions[i].code === code) return regions[i].name;
    return code;
  }

  /* The regions one may filter by: every one for admins, their own for reviewers. */
  function regionOptions(allLabel) {
    var user = state.session.user;
    var codes = isAdmin()
      ? ((state.campaign && state.campaign.regions) || []).map(function (region) { return region.code; })
      : user.regions;
    return [["", allLabel]].concat(codes.map(function (code) {
      var name = regionName(code);
      return [code, name === code ? code : code + " — " + name];
    }));
  }

  function canPickRegion() {
    return isAdmin() || state.session.user.regions.length > 1;
  }

  function actorText(actor) {
    if (LABELS.actors[actor]) return LABELS.actors[actor];
    if (state.session && actor === state.session.user.username) return actor + " (você)";
    return actor;
  }

  function groupLabel(request) {
    if (request.kind === "no_change") return "Sem alteração (declaração)";
    return LABELS.groups[request.group] || request.group;
  }

  /* ---------- values on file ---------- */

  function isEmpty(value) {
    return value === null || value === undefined || value === "" ||
      (Array.isArray(value) && value.length === 0);
  }

  function formatPhone(number) {
    var digits = String(number || "");
    if (digits.length === 11) return "(" + digits.slice(0, 2) + ") " + digits.slice(2, 7) + "-" + digits.slice(7);
    if (digits.length === 10) return "(" + digits.slice(0, 2) + ") " + digits.slice(2, 6) + "-" + digits.slice(6);
    return digits;
  }

  function valueNode(name, value) {
    if (isEmpty(value)) return el("span", { class: "muted", text: "não informado" });
    if (Array.isArray(value)) {
      var list = el("ul", { class: "plain-list" });
      value.forEach(function (item) {
        var type = LABELS.choices[item.type] || item.type || "";
        var text = item.number !== undefined ? formatPhone(item.number) : item.address;
        list.appendChild(el("li", { text: (type ? type + ": " : "") + text }));
      });
      return list;
    }
    if (typeof value === "boolean") return document.createTextNode(value ? "Sim" : "Não");
    var text = String(value);
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text = R.formatDate(text);
    else if (name === "cep" && /^\d{8}$/.test(text)) text = text.slice(0, 5) + "-" + text.slice(5);
    else if (LABELS.choices[text]) text = LABELS.choices[text];
    return document.createTextNode(text);
  }

  function fieldLabel(name) {
    return LABELS.fields[name] || name;
  }

  /* ---------- sign-in ---------- */

  function renderSignIn() {
    var body = begin(TEXT.signInTitle);
    body.appendChild(el("p", { text: TEXT.signInIntro }));
    if (state.notice) {
      body.appendChild(el("div", { class: state.notice.alert ? "error" : "notice", role: state.notice.alert ? "alert" : "status" },
        el("p", { text: state.notice.text })));
      state.notice = null;
    }
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
    });
    body.appendChild(form);
  }

  /* ---------- the queue ---------- */

  function renderQueue(where, screen) {
    var body = begin(screen.title);
    var id = state.current;
    var query = where.query;
    var status = query.get("status") || "in_review";
    var group = query.get("group") || "";
    var stalled = query.get("stalled") === "true";
    var region = query.get("region") || "";

    var statusSelect = select("status", Object.keys(LABELS.requestStatus).map(function (key) {
      return [key, LABELS.requestStatus[key]];
    }), status);
    var groupSelect = select("group", [["", "Todos os grupos"]].concat(Object.keys(LABELS.groups).map(function (key) {
      return [key, LABELS.groups[key]];
    })), group);
    var stalledBox = el("input", { type: "checkbox", name: "stalled", checked: stalled });
    var stalledWrap = checkField("Somente paradas (em análise há mais dias que o prazo da campanha)", stalledBox);
    var form = el("form", { class: "filters", novalidate: true, "aria-label": "Filtros da fila" },
      errorBox(),
      field("Situação", statusSelect),
      field("Grupo de dados", groupSelect),
      stalledWrap);
    var regionSelect = null;
    campaignReady.then(function () {
      if (!live(id) || !canPickRegion()) return;
      regionSelect = select("region", regionOptions(isAdmin() ? "Todas as regionais" : "Todas as minhas"), region);
      form.insertBefore(field("Regional", regionSelect), stalledWrap);
    });
    form.appendChild(el("div", { class: "actions" }, el("button", { type: "submit", class: "button", text: "Filtrar" })));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams();
      if (statusSelect.value !== "in_review") params.set("status", statusSelect.value);
      if (groupSelect.value) params.set("group", groupSelect.value);
      if (regionSelect && regionSelect.value) params.set("region", regionSelect.value);
      if (stalledBox.checked) params.set("stalled", "true");
      var text = params.toString();
      state.focusNext = "results";
      go("#/fila" + (text ? "?" + text : ""));
    });
    body.appendChild(form);

    var summary = el("p", { class: "summary", role: "status", tabindex: "-1" });
    var results = el("div", { class: "results" });
    var more = el("button", { type: "button", class: "button button-secondary", text: "Mais solicitações", hidden: true });
    var problems = el("div");
    body.appendChild(summary);
    body.appendChild(problems);
    body.appendChild(results);
    body.appendChild(el("div", { class: "actions" }, more));
    var focusResults = view.focusTarget === "results";

    var shown = 0;
    var table = null;
    var columns = [
      ["protocol", "Protocolo"], ["group", "Grupo"], ["region", "Regional"],
      ["since", "Recebida"], ["assigned", "Com quem"], ["stalled", "Parada?"],
    ];

    function params(cursor) {
      var search = new URLSearchParams({ status: status, limit: String(PAGE_SIZE) });
      if (group) search.set("group", group);
      if (region) search.set("region", region);
      if (stalled) search.set("stalled", "true");
      if (cursor) search.set("cursor", cursor);
      return "/staff/requests?" + search.toString();
    }

    /* Filters may leave a page short, even empty, with more behind it: follow the cursor a few
       times until something shows or the end. */
    function load(cursor, tries) {
      more.disabled = true;
      summary.textContent = TEXT.loading;
      return call(params(cursor)).then(function (answer) {
        if (!live(id)) return;
        more.disabled = false;
        if (!answer.ok) {
          summary.textContent = "";
          problems.textContent = "";
          problems.appendChild(errorNote(answer.data.message));
          more.hidden = true;
          return;
        }
        var items = answer.data.items || [];
        var next = answer.data.next_cursor;
        if (items.length === 0 && next && tries < 10) return load(next, tries + 1);
        if (items.length && !table) {
          table = dataTable("Solicitações " + (LABELS.requestStatus[status] || status).toLowerCase() +
            ", das mais antigas às mais novas", columns, [], "queue-table");
          results.appendChild(table);
        }
        items.forEach(function (item) {
          table.tBodies[0].appendChild(tableRow(columns, queueRow(item)));
        });
        shown += items.length;
        summary.textContent = shown === 0
          ? "Nenhuma solicitação encontrada com estes filtros."
          : shown + (shown === 1 ? " solicitação mostrada" : " solicitações mostradas") +
            (next ? "; há mais." : ".");
        more.hidden = !next;
        more.onclick = function () { load(next, 0); };
      });
    }

    load(null, 0).then(function () {
      if (live(id) && focusResults) summary.focus();
    });
  }

  function queueRow(item) {
    var since = item.created_at;
    (item.history || []).forEach(function (entry) {
      if (entry.action === "resubmitted") since = entry.at;
    });
    var me = state.session.user.username;
    return {
      protocol: el("a", { href: "#/solicitacao/" + encodeURIComponent(item.id), text: item.protocol }),
      group: groupLabel(item),
      region: item.region || "",
      since: age(since),
      assigned: item.assigned_to
        ? (item.assigned_to === me ? "Você" : item.assigned_to)
        : el("span", { class: "muted", text: "Ninguém" }),
      stalled: item.stalled ? tag("⚠ Parada", "stalled") : el("span", { class: "muted", text: "Não" }),
    };
  }

  /* ---------- one request ---------- */

  function renderRequest(where, screen) {
    var body = begin(screen.title + " " + where.arg);
    var id = state.current;
    body.insertBefore(el("p", { class: "back" }, el("a", { href: "#/fila", text: "← Voltar à fila" })), body.firstChild);
    var waiting = loadingNote();
    body.appendChild(waiting);
    call("/staff/requests/" + encodeURIComponent(where.arg)).then(function (answer) {
      if (!live(id)) return;
      waiting.remove();
      if (!answer.ok) {
        body.appendChild(errorNote(answer.data.message));
        return;
      }
      drawRequest(body, answer.data, where, screen);
    });
  }

  /* The request's data and attachments are drawn once; a claim or a decision redraws only its
     status, the review area and the history (the attachments stay: no new download, no
     flicker, and the PDF viewer is not loaded again). */
  function drawRequest(body, request, where, screen) {
    body.heading.textContent = "Solicitação " + request.protocol;
    document.title = "Solicitação " + request.protocol + " — " + TEXT.appName;
    var noticeSlot = el("div");
    var tagsSlot = el("div");
    body.appendChild(noticeSlot);
    body.appendChild(tagsSlot);

    var layout = el("div", { class: "request-layout" });
    body.appendChild(layout);

    var who = request.professional || {};
    var person = section("Profissional", "panel area-person");
    person.appendChild(definitions([
      ["Nome", who.name || "—"],
      ["CPF/CNPJ", formatDocument(who.document)],
      ["Registro", who.registration_number || "—"],
      ["Regional", who.region ? who.region + " — " + regionName(who.region) : "—"],
      ["Recebida em", instant(request.created_at)],
    ]));
    person.appendChild(el("p", {}, el("a", { href: "#/profissional/" + encodeURIComponent(who.document), text: "Ver o cadastro completo" })));
    layout.appendChild(person);

    layout.appendChild(comparison(request));

    var files = section("Anexos", "panel area-files");
    if (!request.attachments.length) files.appendChild(el("p", { class: "muted", text: "Nenhum anexo." }));
    request.attachments.forEach(function (attachment) { files.appendChild(attachmentView(attachment)); });
    if (request.attachments.length) {
      var refresh = el("button", { type: "button", class: "button button-secondary", text: "Gerar novos links" });
      refresh.addEventListener("click", function () { renderRequest(where, screen); });
      files.appendChild(el("p", { class: "hint" }, "Os links valem por 5 minutos. ", refresh));
    }
    layout.appendChild(files);

    var decisionArea = el("section");
    var historyArea = el("section");
    layout.appendChild(decisionArea);
    layout.appendChild(historyArea);

    function update(current, text) {
      noticeSlot.textContent = "";
      if (text) {
        var done = el("div", { class: "notice", role: "status", tabindex: "-1" }, el("p", { text: text }));
        noticeSlot.appendChild(done);
        done.focus();
      }
      var tags = el("p", { class: "tags" },
        tag(LABELS.requestStatus[current.status] || current.status, "status"),
        " ", tag(groupLabel(current)));
      if (current.stalled) tags.appendChild(tag("⚠ Parada", "stalled"));
      tagsSlot.textContent = "";
      tagsSlot.appendChild(tags);

      var review = section(current.status === "in_review" ? "Análise" : "Decisão", "panel area-decision");
      if (current.status === "in_review") drawReview(review, current, where, screen, update);
      else {
        review.appendChild(definitions([
          ["Situação", LABELS.requestStatus[current.status] || current.status],
          current.assigned_to ? ["Por", actorText(current.assigned_to)] : null,
          current.reason ? ["Motivo", current.reason] : null,
          ["Atualizada em", instant(current.updated_at)],
        ]));
      }
      decisionArea.replaceWith(review);
      decisionArea = review;

      var history = section("Histórico", "panel area-history");
      var list = el("ol", { class: "history" });
      (current.history || []).forEach(function (entry) {
        var item = el("li", {}, instant(entry.at), " — ",
          el("strong", { text: LABELS.actions[entry.action] || entry.action }),
          " por " + actorText(entry.actor));
        if (entry.reason) item.appendChild(el("p", { class: "reason", text: "Motivo: " + entry.reason }));
        list.appendChild(item);
      });
      history.appendChild(list);
      historyArea.replaceWith(history);
      historyArea = history;
    }
    update(request, null);
  }

  function comparison(request) {
    var area = section("Dados: no cadastro e proposto", "panel area-compare");
    if (request.kind === "no_change" || !request.changes) {
      area.appendChild(el("p", { text: "O profissional declarou que os dados do cadastro estão corretos, com o comprovante anexado." }));
      return area;
    }
    var current = request.current || {};
    var changes = request.changes || {};
    var differences = request.differences || [];
    var names = (GROUP_FIELDS[request.group] || []).slice();
    Object.keys(current).concat(Object.keys(changes)).forEach(function (name) {
      if (names.indexOf(name) < 0) names.push(name);
    });
    var changedCount = 0;
    var rows = el("tbody");
    names.forEach(function (name) {
      var changed = differences.indexOf(name) >= 0;
      if (changed) changedCount += 1;
      var proposed = Object.prototype.hasOwnProperty.call(changes, name)
        ? valueNode(name, changes[name])
        : el("span", { class: "muted", text: "sem alteração" });
      var head = el("th", { scope: "row" }, fieldLabel(name));
      if (changed) head.appendChild(el("span", { class: "tag tag-changed", text: "alterado" }));
      rows.appendChild(el("tr", { class: changed ? "changed" : null },
        head, el("td", {}, valueNode(name, current[name])), el("td", { class: "proposed" }, proposed)));
    });
    var caption = groupLabel(request) + ": " + changedCount +
      (changedCount === 1 ? " campo alterado" : " campos alterados") + ", marcados com “alterado”";
    area.appendChild(el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Comparação: no cadastro e proposto" },
      el("table", { class: "compare" },
        el("caption", { text: caption }),
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", text: "Campo" }),
          el("th", { scope: "col", text: "No cadastro" }),
          el("th", { scope: "col", text: "Proposto" }))),
        rows)));
    if (request.note) {
      area.appendChild(el("p", { class: "note" }, el("strong", { text: "Observação do profissional: " }), request.note));
    }
    return area;
  }

  function attachmentView(attachment) {
    var kind = LABELS.attachmentKind[attachment.kind] || attachment.kind;
    var type = attachment.content_type || "";
    var box = el("article", { class: "attachment" },
      el("h3", { text: attachment.filename }),
      el("p", { class: "muted", text: kind + " · " + type + " · " + formatSize(attachment.size) }));
    var link = el("a", { href: attachment.download_url, target: "_blank", rel: "noopener", download: attachment.filename },
      "Baixar " + attachment.filename, el("span", { class: "visually-hidden", text: " (abre em outra aba)" }));
    if (type === "application/pdf") {
      box.appendChild(keepFocus(el("iframe", {
        class: "attachment-view", src: attachment.download_url, inert: true,
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
    box.appendChild(el("p", {}, link));
    return box;
  }

  /* Chromium's PDF viewer takes the focus once it has loaded, scrolling the page to it: a
     reviewer typing a reason, or reading the data, would be thrown to the attachment. Focus
     that moves into a viewer with no pointer over it and no Tab just pressed goes back where
     it was, and so does the scroll. (The page only sees its window lose the focus.) */
  var focusGuard = { before: null, scrollX: 0, scrollY: 0, tabAt: 0, pointerOver: false };
  document.addEventListener("focusin", function (event) { focusGuard.before = event.target; });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Tab") focusGuard.tabAt = Date.now();
  }, true);
  /* Scroll events come a frame late: at the moment of the theft these still hold the place
     the reviewer was reading. */
  window.addEventListener("scroll", function () {
    var hold = focusGuard.hold;
    if (hold && Date.now() < hold.until && (window.scrollX !== hold.x || window.scrollY !== hold.y)) {
      window.scrollTo(hold.x, hold.y);
      return;
    }
    focusGuard.scrollX = window.scrollX;
    focusGuard.scrollY = window.scrollY;
  }, { passive: true });
  window.addEventListener("blur", function () {
    var x = focusGuard.scrollX;
    var y = focusGuard.scrollY;
    var before = focusGuard.before;
    setTimeout(function () {
      var viewer = document.activeElement;
      if (!viewer || !viewer.classList || !viewer.classList.contains("attachment-view")) return;
      if (focusGuard.pointerOver || Date.now() - focusGuard.tabAt < 1000) return;
      var back = before && before !== viewer && document.contains(before) ? before : view.heading;
      if (back && back.focus) back.focus({ preventScroll: true });
      window.scrollTo(x, y);
      // The viewer may scroll itself into view a moment later: hold the place briefly.
      focusGuard.hold = { x: x, y: y, until: Date.now() + 400 };
    }, 0);
  });

  function keepFocus(viewer) {
    viewer.addEventListener("mouseenter", function () { focusGuard.pointerOver = true; });
    viewer.addEventListener("mouseleave", function () { focusGuard.pointerOver = false; });
    return viewer;
  }

  function drawReview(area, request, where, screen, update) {
    var me = state.session.user.username;
    var holder = request.assigned_to;
    var claimNote = el("p", {
      text: !holder ? "Ninguém assumiu esta solicitação ainda."
        : holder === me ? "Você assumiu esta solicitação."
          : "Assumida por " + holder + ": só essa pessoa pode decidir.",
    });
    area.appendChild(claimNote);
    var claimErrors = el("div");
    area.appendChild(claimErrors);
    if (!holder) {
      var claim = el("button", { type: "button", class: "button", text: "Assumir" });
      claim.addEventListener("click", function () {
        claim.disabled = true;
        call("/staff/requests/" + encodeURIComponent(request.id) + "/claim", { method: "POST" }).then(function (answer) {
          claim.disabled = false;
          if (answer.ok) {
            update(answer.data, "Você assumiu a solicitação " + request.protocol + ".");
            return;
          }
          claimErrors.textContent = "";
          var box = errorNote(answer.data.message);
          explain(box, answer, where, screen);
          claimErrors.appendChild(box);
        });
      });
      area.appendChild(el("div", { class: "actions" }, claim));
    }

    var reason = el("textarea", { name: "reason", rows: "4", maxlength: "1000" });
    var form = el("form", { class: "decision", novalidate: true, "aria-label": "Decisão" },
      errorBox(),
      field("Motivo", reason, "Obrigatório para devolver ou rejeitar: o profissional recebe este texto por e-mail. Opcional para aprovar."),
      el("div", { class: "actions" },
        el("button", { type: "submit", class: "button", name: "decision", value: "approve", text: "Aprovar" }),
        el("button", { type: "submit", class: "button button-secondary", name: "decision", value: "return", text: "Devolver para complementação" }),
        el("button", { type: "submit", class: "button button-danger", name: "decision", value: "reject", text: "Rejeitar" })));
    var done = { approve: "aprovada", return: "devolvida ao profissional", reject: "rejeitada" };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var submitter = event.submitter || form.querySelector("button[value=approve]");
      var decision = submitter.value;
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (button) { button.disabled = true; });
      var payload = { decision: decision, version: request.version };
      if (reason.value.trim() || decision !== "approve") payload.reason = reason.value;
      call("/staff/requests/" + encodeURIComponent(request.id) + "/decision", { method: "POST", body: payload })
        .then(function (answer) {
          buttons.forEach(function (button) { button.disabled = false; });
          if (answer.ok) {
            update(answer.data, "Solicitação " + request.protocol + " " + done[decision] + ".");
            return;
          }
          R.showErrors(form, answer.data);
          if (answer.status === 409) explain(form.querySelector("[data-errors]"), answer, where, screen);
        });
    });
    area.appendChild(form);
  }

  /* A 409 in words, with a way to see the request as it is now. */
  function explain(box, answer, where, screen) {
    var help = TEXT.conflictHelp[answer.data.code];
    if (help) box.appendChild(el("p", { text: help }));
    if (answer.status === 409) {
      var again = el("button", { type: "button", class: "button button-secondary", text: TEXT.reload });
      again.addEventListener("click", function () { renderRequest(where, screen); });
      box.appendChild(el("p", {}, again));
    }
  }

  /* ---------- dashboard ---------- */

  function renderDashboard(where, screen) {
    var body = begin(screen.title);
    var id = state.current;
    var region = where.query.get("region") || "";
    var form = el("form", { class: "filters", novalidate: true, "aria-label": "Regional do painel" });
    body.appendChild(form);
    campaignReady.then(function () {
      if (!live(id)) return;
      if (canPickRegion()) {
        var regionSelect = select("region", regionOptions(isAdmin() ? "Todo o conselho" : "Todas as minhas"), region);
        form.appendChild(field("Regional", regionSelect));
        form.appendChild(el("div", { class: "actions" }, el("button", { type: "submit", class: "button", text: "Mostrar" })));
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          go("#/painel" + (regionSelect.value ? "?region=" + encodeURIComponent(regionSelect.value) : ""));
        });
      } else {
        var code = state.session.user.regions[0];
        form.appendChild(el("p", { text: "Regional: " + code + " — " + regionName(code) }));
      }
    });
    body.appendChild(el("p", { class: "muted", text: "Os números vêm de contadores atualizados a cada evento: podem atrasar alguns segundos." }));
    var waiting = loadingNote();
    body.appendChild(waiting);
    call("/staff/dashboard" + (region ? "?region=" + encodeURIComponent(region) : "")).then(function (answer) {
      if (!live(id)) return;
      waiting.remove();
      if (!answer.ok) {
        body.appendChild(errorNote(answer.data.message));
        return;
      }
      var board = answer.data;
      var requests = section("Solicitações");
      requests.appendChild(stats([
        ["Em análise", board.requests.in_review, "#/fila" + (region ? "?region=" + region : "")],
        ["Paradas", board.requests.stalled, "#/fila?stalled=true" + (region ? "&region=" + region : "")],
        ["Devolvidas", board.requests.returned],
        ["Aprovadas", board.requests.approved],
        ["Rejeitadas", board.requests.rejected],
        ["Canceladas", board.requests.cancelled],
      ]));
      body.appendChild(requests);
      var people = section("Profissionais");
      var counts = board.professionals;
      people.appendChild(stats([["Total", counts.total]].concat(Object.keys(LABELS.professionalStatus).map(function (key) {
        return [LABELS.professionalStatus[key], counts[key]];
      }))));
      body.appendChild(people);
      body.appendChild(dailyChart(board.daily || []));
    });
  }

  function stats(items) {
    var list = el("dl", { class: "stats" });
    items.forEach(function (item) {
      var number = String(item[1] === undefined ? 0 : item[1]);
      list.appendChild(el("div", { class: "stat" },
        el("dt", { text: item[0] }),
        el("dd", {}, number, item[2] ? el("a", { class: "stat-link", href: item[2] }, "ver na fila",
          el("span", { class: "visually-hidden", text: " (" + item[0].toLowerCase() + ")" })) : null)));
    });
    return list;
  }

  /* Bars drawn as inline SVG: received (solid) and decided (striped), so the two series differ
     by more than their colour; the same numbers follow as a table. */
  function dailyChart(days) {
    var area = section("Últimos 30 dias");
    var ns = "http://www.w3.org/2000/svg";
    function svg(tag, attributes, text) {
      var node = document.createElementNS(ns, tag);
      Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
      if (text !== undefined) node.textContent = text;
      return node;
    }
    var submitted = 0;
    var decided = 0;
    var top = 1;
    days.forEach(function (day) {
      submitted += day.submitted;
      decided += day.decided;
      top = Math.max(top, day.submitted, day.decided);
    });
    var step = top <= 4 ? 1 : Math.ceil(top / 4);
    top = step * Math.ceil(top / step);
    var width = 640;
    var height = 260;
    var left = 40;
    var right = 24;
    var topPad = 12;
    var bottom = 36;
    var plotW = width - left - right;
    var plotH = height - topPad - bottom;
    var slot = plotW / Math.max(days.length, 1);
    var bar = Math.max(2, slot * 0.36);
    uid += 1;
    var titleId = "grafico-" + uid;
    var descId = "grafico-desc-" + uid;
    var first = days.length ? R.formatDate(days[0].date) : "";
    var last = days.length ? R.formatDate(days[days.length - 1].date) : "";
    var chart = svg("svg", {
      viewBox: "0 0 " + width + " " + height, role: "img", "aria-labelledby": titleId + " " + descId,
      class: "chart", focusable: "false",
    });
    chart.appendChild(svg("title", { id: titleId }, "Solicitações recebidas e decididas por dia"));
    chart.appendChild(svg("desc", { id: descId },
      "De " + first + " a " + last + ": " + submitted + " recebidas e " + decided +
      " decididas. Os números de cada dia estão na tabela a seguir."));
    var defs = svg("defs");
    var pattern = svg("pattern", { id: "listras-" + uid, width: "6", height: "6", patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    pattern.appendChild(svg("rect", { width: "6", height: "6", fill: "#ffffff" }));
    pattern.appendChild(svg("rect", { width: "3", height: "6", fill: "#a84300" }));
    defs.appendChild(pattern);
    chart.appendChild(defs);
    for (var value = 0; value <= top; value += step) {
      var y = topPad + plotH - (value / top) * plotH;
      chart.appendChild(svg("line", { x1: left, x2: width - right, y1: y, y2: y, class: "grid" }));
      chart.appendChild(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "axis" }, String(value)));
    }
    days.forEach(function (day, index) {
      var x = left + index * slot + (slot - 2 * bar) / 2;
      var hS = (day.submitted / top) * plotH;
      var hD = (day.decided / top) * plotH;
      chart.appendChild(svg("rect", { x: x, y: topPad + plotH - hS, width: bar, height: hS, fill: "#0b4a7d" }));
      chart.appendChild(svg("rect", {
        x: x + bar, y: topPad + plotH - hD, width: bar, height: hD,
        fill: "url(#listras-" + uid + ")", stroke: "#a84300", "stroke-width": hD ? 1 : 0,
      }));
      if (index % 5 === 0 || index === days.length - 1) {
        chart.appendChild(svg("text", { x: left + index * slot + slot / 2, y: height - bottom + 18, "text-anchor": "middle", class: "axis" },
          R.formatDate(day.date).slice(0, 5)));
      }
    });
    chart.appendChild(svg("line", { x1: left, x2: width - right, y1: topPad + plotH, y2: topPad + plotH, class: "baseline" }));
    area.appendChild(el("div", { class: "chart-scroll", tabindex: "0", role: "group", "aria-label": "Gráfico dos últimos 30 dias (role para os lados em telas estreitas)" }, chart));

    var legend = el("ul", { class: "legend" },
      el("li", {}, el("span", { class: "swatch swatch-solid", "aria-hidden": "true" }), "Recebidas (barras cheias): " + submitted),
      el("li", {}, el("span", { class: "swatch swatch-striped", "aria-hidden": "true" }), "Decididas (barras listradas): " + decided));
    area.appendChild(legend);

    var rows = days.slice().reverse().map(function (day) {
      return { date: R.formatDate(day.date), submitted: String(day.submitted), decided: String(day.decided) };
    });
    var details = el("details", { class: "chart-data" },
      el("summary", { text: "Ver os números por dia (tabela)" }),
      dataTable("Solicitações por dia, da mais recente à mais antiga",
        [["date", "Dia"], ["submitted", "Recebidas"], ["decided", "Decididas"]], rows, "compact-table"));
    area.appendChild(details);
    return area;
  }

  /* ---------- a professional ---------- */

  function renderProfessional(where, screen) {
    var body = begin(screen.title);
    var id = state.current;
    var documentInput = el("input", {
      name: "document", inputmode: "numeric", autocomplete: "off", value: where.arg ? formatDocument(where.arg) : "",
    });
    var form = el("form", { class: "filters", novalidate: true, role: "search", "aria-label": "Consultar profissional por CPF" },
      errorBox(),
      field("CPF", documentInput, "Com ou sem pontos e traço."),
      el("div", { class: "actions" }, el("button", { type: "submit", class: "button", text: "Consultar" })));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = documentInput.value.replace(/[\s./-]/g, "").toUpperCase();
      if (!typed) {
        R.showErrors(form, { message: TEXT.checkFields, fields: { document: TEXT.required } });
        return;
      }
      go("#/profissional/" + encodeURIComponent(typed));
    });
    body.appendChild(form);
    if (!where.arg) return;
    var waiting = loadingNote();
    body.appendChild(waiting);
    call("/staff/professionals/" + encodeURIComponent(where.arg)).then(function (answer) {
      if (!live(id)) return;
      waiting.remove();
      if (!answer.ok) {
        R.showErrors(form, answer.data);
        return;
      }
      drawProfessional(body, answer.data, where, screen);
    });
  }

  function drawProfessional(body, record, where, screen) {
    var professional = record.professional;
    var data = professional.data || {};
    var name = (data.personal && data.personal.name) || formatDocument(professional.document);
    document.title = name + " — " + TEXT.appName;

    var summary = section(name, "panel");
    summary.appendChild(definitions([
      ["CPF/CNPJ", formatDocument(professional.document)],
      ["Registro", professional.registration_number],
      ["Regional", professional.region + " — " + regionName(professional.region)],
      ["Situação no recadastramento", el("strong", { "data-professional-status": professional.status, text: LABELS.professionalStatus[professional.status] || professional.status })],
      ["Taxa da carteira", professional.fee_required ? "Sim (após o prazo)" : "Não"],
      professional.locked_groups && professional.locked_groups.length
        ? ["Grupos travados", professional.locked_groups.map(function (g) { return LABELS.groups[g] || g; }).join(", ")] : null,
    ]));
    body.appendChild(summary);

    var onFile = section("Dados no cadastro", "panel");
    var groups = el("div", { class: "groups" });
    Object.keys(GROUP_FIELDS).forEach(function (group) {
      var values = data[group];
      var block = el("div", { class: "group" }, el("h3", { text: LABELS.groups[group] }));
      if (group === "phones" || group === "emails") block.appendChild(valueNode(group, values));
      else {
        block.appendChild(definitions(GROUP_FIELDS[group].map(function (field) {
          return [fieldLabel(field), valueNode(field, values ? values[field] : null)];
        })));
      }
      groups.appendChild(block);
    });
    onFile.appendChild(groups);
    body.appendChild(onFile);

    var requests = section("Solicitações", "panel");
    if (!record.requests.length) requests.appendChild(el("p", { class: "muted", text: "Nenhuma solicitação." }));
    else {
      requests.appendChild(dataTable("Solicitações do profissional, das mais novas às mais antigas",
        [["protocol", "Protocolo"], ["group", "Grupo"], ["status", "Situação"], ["created", "Recebida em"], ["updated", "Atualizada em"]],
        record.requests.map(function (request) {
          return {
            protocol: el("a", { href: "#/solicitacao/" + encodeURIComponent(request.id), text: request.protocol }),
            group: groupLabel(request),
            status: LABELS.requestStatus[request.status] || request.status,
            created: instant(request.created_at),
            updated: instant(request.updated_at),
          };
        })));
    }
    body.appendChild(requests);

    body.appendChild(cardOrder(record.card_order, professional, where, screen));

    var audit = section("Trilha de auditoria", "panel");
    audit.appendChild(el("p", { class: "muted", text: "Quem leu ou mudou os dados deste profissional, dos eventos mais novos aos mais antigos. Esta consulta também fica registrada." }));
    if (!record.audit.length) audit.appendChild(el("p", { class: "muted", text: "Nenhum evento registrado." }));
    else {
      audit.appendChild(dataTable("Trilha de auditoria",
        [["at", "Quando"], ["actor", "Quem"], ["action", "O quê"], ["target", "Sobre"], ["ip", "Endereço IP"]],
        record.audit.map(function (event) {
          return {
            at: instant(event.at),
            actor: actorText(event.actor),
            action: LABELS.actions[event.action] || event.action,
            target: event.target ? el("a", { href: "#/solicitacao/" + encodeURIComponent(event.target), text: event.target }) : "—",
            ip: event.ip || "—",
          };
        }), "audit-table"));
    }
    body.appendChild(audit);
  }

  function cardOrder(order, professional, where, screen) {
    var area = section("Pedido da carteira", "panel");
    if (!order) {
      area.appendChild(el("p", { class: "muted", text: "Nenhum pedido de carteira ainda: ele é feito quando o cadastro fica atualizado." }));
      return area;
    }
    area.appendChild(definitions([
      ["Situação", LABELS.cardStatus[order.status] || order.status],
      ["Tentativas com falha", String(order.attempts || 0)],
      order.error ? ["Último erro", vendorError(order.error)] : null,
      order.enrollment_url ? ["Biometria", el("a", { href: order.enrollment_url, target: "_blank", rel: "noopener", text: "Link de cadastro biométrico" })] : null,
      order.updated_at ? ["Atualizado em", instant(order.updated_at)] : null,
      ["Pedido", order.order_id],
    ]));
    if (order.status === "failed" && isAdmin()) {
      var result = el("div", { role: "status" });
      var retry = el("button", { type: "button", class: "button", text: "Reenviar pedido" });
      retry.addEventListener("click", function () {
        retryOrder(professional.document, retry, result);
      });
      area.appendChild(el("div", { class: "actions" }, retry));
      area.appendChild(result);
    }
    return area;
  }

  function retryOrder(documentNumber, button, result) {
    button.disabled = true;
    result.textContent = "";
    call("/staff/professionals/" + encodeURIComponent(documentNumber) + "/card-order/retry", { method: "POST" })
      .then(function (answer) {
        if (answer.ok) {
          result.className = "notice";
          result.appendChild(el("p", { text: "Pedido reenviado: o fornecedor o recebe em alguns segundos." }));
          button.replaceWith(el("span", { text: "Reenviado" }));
          return;
        }
        button.disabled = false;
        result.className = "error";
        result.appendChild(el("p", { text: answer.data.message }));
      });
  }

  /* The vendor's last error in words: "HTTP 503: {...}" becomes its status and the texts of
     its answer, never the raw body. */
  function vendorError(text) {
    if (!text) return "—";
    var match = /^HTTP (\d{3}):\s*([\s\S]*)$/.exec(String(text));
    if (!match) return String(text);
    var status = Number(match[1]);
    var detail = match[2];
    try {
      var body = JSON.parse(detail);
      var texts = [];
      (function collect(value) {
        if (typeof value === "string") texts.push(value);
        else if (value && typeof value === "object") Object.keys(value).forEach(function (key) { collect(value[key]); });
      })(body);
      detail = texts.join("; ");
    } catch (ignored) { /* not JSON: shown as it came */ }
    var kind = status >= 500 ? "falha no fornecedor" : "pedido recusado pelo fornecedor";
    return "Resposta " + status + " (" + kind + ")" + (detail ? ": " + detail : "");
  }

  /* ---------- campaign settings ---------- */

  function renderCampaign(where, screen) {
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
    var deadline = el("input", { type: "date", name: "deadline", value: settings.deadline });
    var reminders = el("input", { name: "reminder_days", inputmode: "numeric", value: (settings.reminder_days || []).join(", ") });
    var stall = el("input", { type: "number", name: "stall_days", min: "1", max: "90", inputmode: "numeric", value: String(settings.stall_days) });
    var fee = el("input", { type: "checkbox", name: "fee_after_deadline", checked: Boolean(settings.fee_after_deadline) });
    var saved = el("div", { role: "status" });
    var button = el("button", { type: "submit", class: "button", text: "Salvar" });
    var form = el("form", { class: "panel form-narrow", novalidate: true, "aria-label": "Configurações da campanha" },
      errorBox(),
      field("Prazo final", deadline, "O último dia do recadastramento; não pode ficar no passado."),
      field("Dias de lembrete", reminders, "Quantos dias antes do prazo os profissionais recebem lembretes, separados por vírgula (exemplo: 30, 7, 1)."),
      field("Dias até uma solicitação ficar parada", stall, "De 1 a 90 dias em análise."),
      checkField("Cobrar taxa nos pedidos de carteira feitos após o prazo", fee),
      el("div", { class: "actions" }, button),
      saved);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      saved.textContent = "";
      saved.className = "";
      var payload = {
        deadline: deadline.value || null,
        reminder_days: reminders.value.split(/[\s,;]+/).filter(Boolean).map(number),
        stall_days: stall.value.trim() === "" ? null : number(stall.value.trim()),
        fee_after_deadline: fee.checked,
      };
      button.disabled = true;
      call("/staff/campaign", { method: "PUT", body: payload }).then(function (answer) {
        button.disabled = false;
        if (!answer.ok) {
          R.showErrors(form, oneFieldPerInput(answer.data, payload.reminder_days));
          return;
        }
        R.clearErrors(form);
        deadline.value = answer.data.deadline;
        reminders.value = (answer.data.reminder_days || []).join(", ");
        stall.value = String(answer.data.stall_days);
        fee.checked = Boolean(answer.data.fee_after_deadline);
        saved.className = "notice";
        saved.appendChild(el("p", { text: "Configurações salvas: valem a partir de agora." }));
      });
    });
    return form;
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

  /* ---------- card vendor failures ---------- */

  function renderFailures(where, screen) {
    var body = begin(screen.title);
    var id = state.current;
    body.appendChild(el("p", { class: "muted", text: "Pedidos de carteira que o fornecedor recusou ou que falharam em todas as tentativas. Depois de resolver a causa, reenvie." }));
    var outcome = el("div", { role: "status", class: "outcome" });
    body.appendChild(outcome);
    var waiting = loadingNote();
    body.appendChild(waiting);
    call("/staff/card-orders/failed").then(function (answer) {
      if (!live(id)) return;
      waiting.remove();
      if (!answer.ok) {
        body.appendChild(errorNote(answer.data.message));
        return;
      }
      var items = answer.data.items || [];
      if (!items.length) {
        body.appendChild(el("p", { class: "notice", text: "Nenhuma falha no momento: todos os pedidos chegaram ao fornecedor." }));
        return;
      }
      body.appendChild(dataTable("Pedidos de carteira com falha",
        [["who", "Profissional"], ["region", "Regional"], ["error", "Erro"], ["attempts", "Tentativas"], ["when", "Última tentativa"], ["action", "Ação"]],
        items.map(function (item) {
          var order = item.card_order || {};
          var retry = el("button", { type: "button", class: "button button-secondary", text: "Reenviar", "aria-label": "Reenviar o pedido de " + item.name });
          var cell = el("span", {}, retry);
          retry.addEventListener("click", function () {
            outcome.textContent = "";
            retryOrder(item.document, retry, outcome);
          });
          return {
            who: el("span", {},
              el("a", { href: "#/profissional/" + encodeURIComponent(item.document), text: item.name }),
              el("br"), formatDocument(item.document) + " · " + item.registration_number),
            region: item.region,
            error: vendorError(order.error),
            attempts: String(order.attempts || 0),
            when: order.updated_at ? instant(order.updated_at) : "—",
            action: cell,
          };
        }), "failures-table"));
    });
  }

  /* ---------- start ---------- */

  document.querySelector("[data-sign-out]").addEventListener("click", function () {
    signOut({ text: TEXT.signedOut, alert: false });
    state.after = null;
    go("#/entrar");
  });
  window.addEventListener("hashchange", route);
  state.session = loadSession();
  updateChrome();
  route();
})();
