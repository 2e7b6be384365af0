/* Recadastro: the professionals' site (index.html), plain JS, no build. Hash routes:
   #/entrar, #/entrar/codigo, #/dados, #/alterar/<group>, #/nada-mudou, #/solicitacoes[/<id>],
   #/reenviar/<id>, #/enviado/<protocol>, #/protocolo[/<protocol>]. Talks to the API through
   /lib.js (window.Recadastro); the API's address comes from /config.js. */
(function () {
  "use strict";

  var root = document.getElementById("app");
  if (!root) return;
  if (!window.Recadastro || !window.RECADASTRO_CONFIG) {
    root.querySelector("p").textContent = "Não foi possível carregar o site agora. Recarregue a página em instantes.";
    return;
  }

  var R = window.Recadastro;
  var el = R.el;

  // ---------------------------------------------------------------- texts and field groups
  var MAX_BYTES = 20971520;
  var MAX_FILES = 10;
  var SESSION_KEY = "recadastro.sessao";
  var SIGNIN_KEY = "recadastro.entrada";
  var SITE = "Recadastramento";
  var OPEN = { in_review: true, returned: true };
  var DONE = { updated: true, card_requested: true, card_in_production: true, card_shipped: true };

  var T = {
    loading: "Carregando…",
    sessionEnded: "Sua sessão terminou. Entre novamente com seu CPF para continuar.",
    signInFirst: "Entre com seu CPF para continuar.",
    signedOut: "Você saiu. Até logo!",
    notInformed: "Não informado",
    cpfLength: "Informe os 11 dígitos do CPF.",
    cpfInvalid: "CPF inválido: confira os dígitos.",
    codeFormat: "Informe os 6 dígitos do código que enviamos por e-mail.",
    fileTypes: "PDF, DOC, DOCX, ODT, TXT ou imagem (JPG, PNG, HEIC, WEBP), até 20 MB cada.",
    fileType: function (name) {
      return "O arquivo " + name + " não é de um tipo aceito: envie PDF, DOC, DOCX, ODT, TXT ou imagem (JPG, PNG, HEIC, WEBP).";
    },
    fileEmpty: function (name) { return "O arquivo " + name + " está vazio."; },
    fileTooBig: function (name, size) {
      return "O arquivo " + name + " tem " + formatSize(size) + ": o limite é 20 MB por arquivo.";
    },
    tooManyFiles: "Anexe no máximo 10 arquivos por solicitação.",
    uploadFailed: function (name) {
      return "Não foi possível enviar o arquivo " + name + ". Confira sua conexão e tente de novo.";
    },
    uploadBusy: "Aguarde o envio do arquivo terminar.",
    proofMissing: function (proof) { return "Anexe o comprovante: " + proof + "."; },
    nothingChanged: "Nenhum dado difere do seu cadastro. Corrija ao menos um campo ou, se está tudo certo, use “Nada mudou”.",
    declarationRequired: "Marque a declaração para continuar.",
    protocolFormat: "Confira o número: são 10 letras e números, como 763E9-Y2XCF.",
    rateLimited: "Muitas consultas em pouco tempo a partir da sua conexão. Aguarde um minuto e tente de novo.",
  };

  var UFS = ["AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
    "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO"];

  var CHOICES = {
    uf: UFS.map(function (uf) { return [uf, uf]; }),
    marital_status: [["solteiro", "Solteiro(a)"], ["casado", "Casado(a)"], ["divorciado", "Divorciado(a)"],
      ["separado", "Separado(a)"], ["viuvo", "Viúvo(a)"], ["uniao_estavel", "União estável"]],
    sex: [["feminino", "Feminino"], ["masculino", "Masculino"]],
    blood_type: ["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"].map(function (t) { return [t, t]; }),
    race: [["branca", "Branca"], ["preta", "Preta"], ["parda", "Parda"], ["amarela", "Amarela"],
      ["indigena", "Indígena"], ["nao_declarada", "Prefiro não declarar"]],
    phone_type: [["celular", "Celular"], ["residencial", "Residencial"], ["comercial", "Comercial"]],
    email_type: [["pessoal", "Pessoal"], ["profissional", "Profissional"]],
  };

  var PROOF = {
    proof_of_address: {
      name: "comprovante de endereço",
      label: "Comprovante de endereço",
      hint: "Conta de luz, água, gás, telefone ou internet, ou extrato bancário, dos últimos 3 meses.",
    },
    identity_document: {
      name: "documento de identidade",
      label: "Documento de identidade",
      hint: "RG, CNH ou passaporte, legível, com frente e verso.",
    },
    civil_certificate: {
      name: "certidão civil",
      label: "Certidão civil",
      hint: "Certidão de nascimento ou de casamento (com averbação, se houver).",
    },
    other: { name: "outro documento", label: "Outro documento", hint: "" },
  };

  var ADDRESS_PROOF = ["proof_of_address"];
  var GROUP_ORDER = ["personal", "filiation", "birthplace", "documents", "address", "phones", "emails"];
  var GROUPS = {
    personal: {
      title: "Dados pessoais",
      proof: ["identity_document", "civil_certificate"],
      fields: [
        { name: "name", label: "Nome completo", max: 150, required: true, autocomplete: "name" },
        { name: "social_name", label: "Nome social", max: 150, hint: "Preencha só se você usa nome social." },
        { name: "birth_date", label: "Data de nascimento", type: "date", autocomplete: "bday" },
        { name: "marital_status", label: "Estado civil", choices: "marital_status" },
        { name: "sex", label: "Sexo", choices: "sex" },
        { name: "blood_type", label: "Tipo sanguíneo", choices: "blood_type" },
        { name: "race", label: "Raça/cor", choices: "race" },
      ],
    },
    filiation: {
      title: "Filiação",
      proof: ["identity_document", "civil_certificate"],
      fields: [
        { name: "mother_name", label: "Nome da mãe", max: 150 },
        { name: "mother_absent", label: "Não há nome da mãe no meu registro de nascimento", type: "checkbox" },
        { name: "father_name", label: "Nome do pai", max: 150 },
      ],
    },
    birthplace: {
      title: "Naturalidade",
      proof: ["identity_document"],
      fields: [
        { name: "uf", label: "Estado (UF) de nascimento", choices: "uf" },
        { name: "city", label: "Cidade de nascimento", max: 100 },
      ],
    },
    documents: {
      title: "Documentos",
      proof: ["identity_document"],
      fields: [
        { name: "rg_number", label: "Número do RG", max: 20 },
        { name: "rg_issuer", label: "Órgão emissor do RG", max: 20, hint: "Por exemplo: SSP." },
        { name: "rg_uf", label: "UF do RG", choices: "uf" },
        { name: "rg_issued_on", label: "Data de emissão do RG", type: "date" },
        { name: "voter_id", label: "Título de eleitor", max: 20 },
        { name: "voter_zone", label: "Zona eleitoral", max: 10 },
        { name: "voter_section", label: "Seção eleitoral", max: 10 },
        { name: "ctps_number", label: "Número da carteira de trabalho (CTPS)", max: 20 },
        { name: "ctps_series", label: "Série da CTPS", max: 10 },
        { name: "military_certificate", label: "Certificado de reservista", max: 30 },
      ],
    },
    address: {
      title: "Endereço",
      proof: ADDRESS_PROOF,
      fields: [
        { name: "cep", label: "CEP", type: "cep", autocomplete: "postal-code" },
        { name: "uf", label: "Estado (UF)", choices: "uf", autocomplete: "address-level1" },
        { name: "city", label: "Cidade", max: 100, autocomplete: "address-level2" },
        { name: "district", label: "Bairro", max: 100, autocomplete: "address-level3" },
        { name: "street", label: "Logradouro", max: 150, hint: "Rua, avenida, travessa…", autocomplete: "address-line1" },
        { name: "number", label: "Número", max: 20 },
        { name: "complement", label: "Complemento", max: 100, hint: "Apartamento, bloco, sala…", autocomplete: "address-line2" },
      ],
    },
    phones: {
      title: "Telefones",
      proof: ADDRESS_PROOF,
      list: { key: "phones", value: "number", label: "Telefone", valueLabel: "Número com DDD",
        choices: "phone_type", type: "phone", empty: "Nenhum telefone no cadastro." },
    },
    emails: {
      title: "E-mails",
      proof: ADDRESS_PROOF,
      list: { key: "emails", value: "address", label: "E-mail", valueLabel: "Endereço de e-mail",
        choices: "email_type", type: "email", empty: "Nenhum e-mail no cadastro.",
        hint: "O primeiro e-mail da lista é para onde enviamos os códigos de acesso." },
    },
  };

  var REQUEST_STATUS = {
    in_review: "Em análise",
    returned: "Devolvida para complementação",
    approved: "Aprovada",
    rejected: "Recusada",
    cancelled: "Cancelada",
  };
  var STATUS_EXPLAINED = {
    in_review: "A equipe da regional está analisando a solicitação. O resultado chega por e-mail.",
    returned: "A equipe pediu complementação. Entre com seu CPF para ver o motivo e reenviar.",
    approved: "A solicitação foi aprovada e o cadastro foi atualizado.",
    rejected: "A solicitação foi recusada. Entre com seu CPF para ver o motivo.",
    cancelled: "A solicitação foi cancelada.",
  };
  var PROFESSIONAL_STATUS = {
    not_started: "Recadastramento ainda não feito",
    in_progress: "Em andamento: há solicitação em análise",
    updated: "Cadastro atualizado",
    card_requested: "Nova carteira solicitada",
    card_in_production: "Nova carteira em produção",
    card_shipped: "Nova carteira enviada",
  };
  var CARD_STATUS = {
    pending: "Pedido da carteira em preparação",
    requested: "Aguardando o seu cadastro biométrico",
    enrolled: "Biometria recebida: a carteira vai para a produção",
    in_production: "Carteira em produção",
    shipped: "Carteira enviada",
  };
  var HISTORY_ACTION = {
    submitted: "Solicitação enviada",
    claimed: "Análise iniciada",
    approved: "Aprovada",
    rejected: "Recusada",
    returned: "Devolvida para complementação",
    resubmitted: "Reenviada com complementação",
    cancelled: "Cancelada",
  };

  var EXTENSIONS = {
    pdf: "application/pdf",
    doc: "application/msword",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    odt: "application/vnd.oasis.opendocument.text",
    txt: "text/plain",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    png: "image/png",
    heic: "image/heic",
    heif: "image/heif",
    webp: "image/webp",
  };
  var ACCEPT = Object.keys(EXTENSIONS).map(function (ext) { return "." + ext; }).join(",");

  // ---------------------------------------------------------------- state, session, API
  var state = { campaign: null, notice: null, confirmation: null, rendered: false, renderId: 0 };

  function readStore(key) {
    try { return JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function session() {
    var saved = readStore(SESSION_KEY);
    if (!saved || !saved.token) return null;
    if (saved.expires_at && Date.parse(saved.expires_at) <= Date.now()) return null;
    return saved;
  }

  function token() {
    var saved = session();
    return saved ? saved.token : null;
  }

  function signOut(notice) {
    sessionStorage.removeItem(SESSION_KEY);
    state.notice = notice || null;
    go("#/entrar");
  }

  function sessionEnded() {
    // Once only, though several calls may answer 401 together.
    if (readStore(SESSION_KEY) || location.hash.indexOf("#/entrar") !== 0) signOut(T.sessionEnded);
    return new Promise(function () {}); // the screen changes; nothing waits for this answer
  }

  /* The API through lib.js; with auth, a 401 (or no token) takes the person back to sign-in. */
  function call(path, options) {
    options = options || {};
    if (options.auth) {
      options.token = token();
      if (!options.token) return sessionEnded();
    }
    return R.api(path, options).then(function (answer) {
      if (options.auth && answer.status === 401) return sessionEnded();
      return answer;
    });
  }

  // ---------------------------------------------------------------- small helpers
  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  function announce(text) {
    var box = document.getElementById("aviso");
    if (!box) return;
    box.textContent = "";
    setTimeout(function () { box.textContent = text; }, 60);
  }

  function idFor(name) { return "f-" + String(name).replace(/[^A-Za-z0-9_-]/g, "-"); }

  function formatSize(bytes) {
    if (bytes < 1024) return bytes + " bytes";
    if (bytes < 1024 * 1024) return Math.max(1, Math.round(bytes / 1024)) + " KB";
    return (bytes / 1048576).toLocaleString("pt-BR", { maximumFractionDigits: 1 }) + " MB";
  }

  function digits(text) { return String(text || "").replace(/\D/g, ""); }

  function formatCep(text) {
    var d = digits(text).slice(0, 8);
    return d.length > 5 ? d.slice(0, 5) + "-" + d.slice(5) : d;
  }

  function phoneDigits(text) {
    var d = digits(text);
    if (d.indexOf("55") === 0 && (d.length === 12 || d.length === 13)) d = d.slice(2);
    return d;
  }

  function formatPhone(text) {
    var d = digits(text).slice(0, 11);
    if (d.length <= 2) return d ? "(" + d : "";
    var rest = d.slice(2);
    var split = d.length === 11 ? 5 : 4;
    return "(" + d.slice(0, 2) + ") " + (rest.length > split ? rest.slice(0, split) + "-" + rest.slice(split) : rest);
  }

  function choiceLabel(choices, value) {
    var found = (CHOICES[choices] || []).filter(function (pair) { return pair[0] === value; })[0];
    return found ? found[1] : value;
  }

  function todayInBrazil() {
    try {
      return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Sao_Paulo" }).format(new Date());
    } catch (e) {
      return new Date().toISOString().slice(0, 10);
    }
  }

  function display(def, value) {
    if (def.type === "checkbox") return value ? "Sim" : "Não";
    if (value === null || value === undefined || value === "") return null;
    if (def.type === "date") return R.formatDate(value);
    if (def.type === "cep") return formatCep(value);
    if (def.choices) return choiceLabel(def.choices, value);
    return String(value);
  }

  function regionName(code) {
    var regions = (state.campaign && state.campaign.regions) || [];
    var found = regions.filter(function (region) { return region.code === code; })[0];
    return found ? found.name + " (" + code + ")" : code;
  }

  function groupTitle(group) { return GROUPS[group] ? GROUPS[group].title : group; }

  function requestTitle(request) {
    return request.kind === "no_change" ? "Declaração: nada mudou" : "Alteração: " + groupTitle(request.group);
  }

  function proofText(kinds) {
    return kinds.map(function (kind) { return PROOF[kind].name; }).join(" ou ");
  }

  function button(text, attributes) {
    var attrs = attributes || {};
    attrs.type = attrs.type || "button";
    attrs.class = attrs.class || "button";
    return el("button", attrs, text);
  }

  function linkButton(text, href, extra) {
    return el("a", { class: "button" + (extra ? " " + extra : ""), href: href }, text);
  }

  function srOnly(text) { return el("span", { class: "sr-only", text: text }); }

  function definitionList(rows) {
    var list = el("dl", { class: "data-list" });
    rows.forEach(function (row) {
      list.appendChild(el("dt", { text: row[0] }));
      var value = row[1];
      list.appendChild(value === null || value === undefined
        ? el("dd", { class: "muted", text: T.notInformed })
        : el("dd", {}, value));
    });
    return list;
  }

  function errorBox() {
    return el("div", { class: "error-summary", "data-errors": true, tabindex: "-1", hidden: true });
  }

  /* A message next to one control, as lib.js's showErrors puts the API's (same markup). */
  function setFieldError(input, text) {
    clearFieldError(input);
    var id = (input.id || input.name) + "-erro";
    var anchor = input.closest(".field") || input;
    anchor.appendChild(el("p", { class: "field-error", id: id, text: text }));
    input.setAttribute("aria-invalid", "true");
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", described ? described + " " + id : id);
  }

  function clearFieldError(input) {
    var id = (input.id || input.name) + "-erro";
    var old = document.getElementById(id);
    if (old) old.remove();
    input.removeAttribute("aria-invalid");
    var rest = (input.getAttribute("aria-describedby") || "").split(" ")
      .filter(function (item) { return item && item !== id; }).join(" ");
    if (rest) input.setAttribute("aria-describedby", rest);
    else input.removeAttribute("aria-describedby");
  }

  /* The API's error on a form, then focus on the first field at fault if there is one. */
  function showApiError(form, error) {
    var hasFields = error.fields && Object.keys(error.fields).length > 0;
    // With per-field messages, one summary line: lib.js adds its own after any other text.
    if (hasFields) error = { code: error.code, message: R.TEXT.summary, fields: error.fields };
    R.showErrors(form, error);
    var first = form.querySelector("[aria-invalid=true]");
    if (first && typeof first.focus === "function" && first.tagName !== "FIELDSET") first.focus();
  }

  function showFormMessage(form, text) {
    R.showErrors(form, { code: "client", message: text, fields: {} });
  }

  function setBusy(control, busy, busyText) {
    if (!control) return;
    if (busy) {
      control.dataset.text = control.textContent;
      control.textContent = busyText || "Enviando…";
      control.disabled = true;
    } else {
      if (control.dataset.text) control.textContent = control.dataset.text;
      control.disabled = false;
    }
  }

  // ---------------------------------------------------------------- layout: nav, deadline, screens
  function renderNav(hash) {
    var nav = document.getElementById("menu");
    if (!nav) return;
    var signedIn = !!token();
    var items = signedIn
      ? [["#/dados", "Meus dados"], ["#/solicitacoes", "Minhas solicitações"], ["#/protocolo", "Consultar protocolo"]]
      : [["#/entrar", "Entrar"], ["#/protocolo", "Consultar protocolo"]];
    var list = el("ul", { class: "site-nav__list" });
    items.forEach(function (item) {
      var current = hash === item[0] || hash.indexOf(item[0] + "/") === 0;
      list.appendChild(el("li", {}, el("a", { href: item[0], "aria-current": current ? "page" : null }, item[1])));
    });
    if (signedIn) {
      list.appendChild(el("li", {}, el("button", {
        type: "button", class: "site-nav__exit", onclick: function () { signOut(T.signedOut); },
      }, "Sair")));
    }
    nav.textContent = "";
    nav.appendChild(list);
  }

  function renderDeadline(campaign) {
    var box = document.getElementById("prazo");
    if (!box) return;
    box.textContent = "";
    box.className = "deadline";
    if (!campaign) {
      box.appendChild(el("p", { class: "deadline__text", text: "Não foi possível carregar o prazo da campanha agora." }));
      return;
    }
    var deadline = R.formatDate(campaign.deadline);
    var ended = campaign.days_left === 0 && todayInBrazil() > campaign.deadline;
    var main;
    var extra = null;
    if (ended) {
      box.className = "deadline deadline--ended";
      main = "O prazo do recadastramento terminou em " + deadline + ".";
      extra = campaign.fee_after_deadline
        ? "Você ainda pode atualizar seus dados, mas a emissão da nova carteira passa a ter a taxa prevista pelo conselho."
        : "Você ainda pode atualizar seus dados.";
    } else if (campaign.days_left === 0) {
      box.className = "deadline deadline--urgent";
      main = "Hoje é o último dia do recadastramento (prazo: " + deadline + ").";
    } else {
      if (campaign.days_left <= 7) box.className = "deadline deadline--urgent";
      main = (campaign.days_left === 1 ? "Falta 1 dia" : "Faltam " +
        new Intl.NumberFormat("pt-BR").format(campaign.days_left) + " dias") +
        " para o fim do recadastramento. Prazo: " + deadline + ".";
      if (campaign.fee_after_deadline) extra = "Depois do prazo, a emissão da nova carteira terá taxa.";
    }
    box.appendChild(el("p", { class: "deadline__text" }, el("strong", { text: main }), extra ? " " + extra : null));
  }

  function loadCampaign() {
    return R.api("/campaign").then(function (answer) {
      state.campaign = answer.ok ? answer.data : null;
      renderDeadline(state.campaign);
      document.querySelectorAll('[data-campaign="council"]').forEach(function (node) {
        if (state.campaign && state.campaign.council) node.textContent = state.campaign.council;
      });
    });
  }

  /* Clears the screen, puts its heading (h1) first and moves focus there after navigation. */
  function screen(title) {
    document.title = title + " — " + SITE;
    root.textContent = "";
    var heading = el("h1", { id: "titulo", tabindex: "-1", text: title });
    root.appendChild(heading);
    if (state.rendered) heading.focus();
    state.rendered = true;
    var id = state.renderId;
    var loading = null;
    return {
      heading: heading,
      add: function () {
        for (var i = 0; i < arguments.length; i++) if (arguments[i]) root.appendChild(arguments[i]);
      },
      alive: function () { return id === state.renderId; },
      loading: function () {
        loading = el("p", { class: "muted", role: "status", text: T.loading });
        root.appendChild(loading);
      },
      loaded: function () { if (loading) loading.remove(); loading = null; },
      failed: function (error) {
        if (loading) loading.remove();
        root.appendChild(el("p", { class: "error", role: "alert", text: error.message }));
      },
    };
  }

  function noticeBox() {
    if (!state.notice) return null;
    var box = el("p", { class: "notice", role: "status", text: state.notice });
    state.notice = null;
    return box;
  }

  // ---------------------------------------------------------------- router
  var ROUTES = [
    [/^#\/entrar$/, viewSignIn, false],
    [/^#\/entrar\/codigo$/, viewCode, false],
    [/^#\/protocolo(?:\/([^/]*))?$/, viewLookup, false],
    [/^#\/dados$/, viewData, true],
    [/^#\/alterar\/([a-z]+)$/, viewChange, true],
    [/^#\/nada-mudou$/, viewNoChange, true],
    [/^#\/solicitacoes$/, viewRequests, true],
    [/^#\/solicitacoes\/([^/]+)$/, viewRequest, true],
    [/^#\/reenviar\/([^/]+)$/, viewResubmit, true],
    [/^#\/enviado\/([^/]+)$/, viewSent, true],
  ];

  function route() {
    var hash = location.hash || "#/";
    if (hash.indexOf("#/") !== 0) return; // an in-page anchor, not a screen
    if (hash === "#/") {
      location.replace(token() ? "#/dados" : "#/entrar");
      return;
    }
    var found = null;
    var match = null;
    for (var i = 0; i < ROUTES.length && !found; i++) {
      match = ROUTES[i][0].exec(hash);
      if (match) found = ROUTES[i];
    }
    if (found && found[2] && !token()) {
      if (!state.notice) state.notice = readStore(SESSION_KEY) ? T.sessionEnded : T.signInFirst;
      sessionStorage.removeItem(SESSION_KEY);
      location.replace("#/entrar");
      return;
    }
    if (found && found[1] === viewSignIn && token()) {
      location.replace("#/dados");
      return;
    }
    state.renderId++;
    renderNav(hash);
    var args = match ? match.slice(1).map(function (part) {
      try { return part === undefined ? part : decodeURIComponent(part); } catch (e) { return part; }
    }) : [];
    (found ? found[1] : viewNotFound).apply(null, args);
  }

  function viewNotFound() {
    var view = screen("Página não encontrada");
    view.add(el("p", { text: "O endereço aberto não existe neste site." }),
      el("p", {}, el("a", { href: "#/" }, "Ir para o início")));
  }

  // ---------------------------------------------------------------- sign-in
  function viewSignIn() {
    var view = screen("Entrar");
    var input = el("input", {
      id: "f-document", name: "document", type: "text", inputmode: "numeric", autocomplete: "username",
      maxlength: "14", placeholder: "000.000.000-00", required: true, "aria-describedby": "f-document-dica",
      spellcheck: "false",
    });
    input.addEventListener("input", function () {
      var formatted = R.formatCpf(input.value);
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
      R.clearErrors(form);
      var cpf = R.cpfDigits(input.value);
      if (!R.validCpf(cpf)) {
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
        if (error.code === "not_in_registry") error = { code: error.code, message: R.TEXT.summary, fields: { document: error.message } };
        showApiError(form, error);
      });
    });
    view.add(noticeBox(),
      el("p", { text: "Para conferir e atualizar seu cadastro, informe seu CPF. Enviaremos um código de acesso ao e-mail que está no cadastro do conselho." }),
      form,
      el("p", { class: "muted", text: "Não tem mais acesso ao e-mail do cadastro? Procure a sua regional." }),
      el("p", {}, "Quer só acompanhar um pedido? ", el("a", { href: "#/protocolo" }, "Consulte pelo número do protocolo"), "."));
  }

  function viewCode() {
    var pending = readStore(SIGNIN_KEY);
    if (!pending || !pending.document) {
      location.replace("#/entrar");
      return;
    }
    var view = screen("Digite o código");
    var sent = el("p", { role: "status", class: "notice" },
      "Enviamos um código para ", el("strong", { text: pending.masked_email }),
      ". Ele vale por 10 minutos. Se não o encontrar, veja também a caixa de spam.");
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
        el("p", { class: "hint", id: "f-code-dica", text: "Os 6 números do e-mail, para o CPF " + R.formatCpf(pending.document) + "." }),
        input),
      el("div", { class: "actions" }, submit));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      R.clearErrors(form);
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
        if (answer.status === 401) error = { code: error.code, message: R.TEXT.summary, fields: { code: error.message } };
        showApiError(form, error);
      });
    });
    var again = button("Enviar um novo código", { class: "button button--secondary" });
    again.addEventListener("click", function () {
      R.clearErrors(form);
      setBusy(again, true, "Enviando…");
      call("/auth/code", { method: "POST", body: { document: pending.document } }).then(function (answer) {
        setBusy(again, false);
        if (answer.ok) {
          pending.masked_email = answer.data.masked_email;
          sessionStorage.setItem(SIGNIN_KEY, JSON.stringify(pending));
          sent.textContent = "Enviamos um novo código para " + answer.data.masked_email + ". Use o mais recente: ele vale por 10 minutos.";
          input.value = "";
          input.focus();
          return;
        }
        showApiError(form, answer.data);
      });
    });
    view.add(sent, form,
      el("div", { class: "actions actions--secondary" }, again,
        el("a", { href: "#/entrar", class: "button button--link" }, "Usar outro CPF")));
  }

  // ---------------------------------------------------------------- the professional's data
  function loadMine() {
    return Promise.all([
      call("/me", { auth: true }),
      call("/me/requests?limit=100", { auth: true }),
    ]).then(function (answers) {
      var failed = answers.filter(function (answer) { return !answer.ok; })[0];
      if (failed) return { error: failed.data };
      var open = {};
      var anyOpen = null;
      answers[1].data.items.forEach(function (request) {
        if (!OPEN[request.status]) return;
        anyOpen = anyOpen || request;
        if (request.group && !open[request.group]) open[request.group] = request;
      });
      return { me: answers[0].data, requests: answers[1].data.items, open: open, anyOpen: anyOpen };
    });
  }

  function blockedReason(mine, group) {
    if ((mine.me.locked_groups || []).indexOf(group) >= 0) {
      return { text: "Estes dados não podem mais ser alterados por aqui: sua carteira já está em produção. Procure a sua regional." };
    }
    var open = mine.open[group];
    if (open) {
      return {
        text: "Já há uma solicitação em aberto para este grupo (protocolo " + open.protocol + ", " +
          REQUEST_STATUS[open.status].toLowerCase() + "). ",
        request: open,
      };
    }
    return null;
  }

  function reasonNode(id, reason) {
    return el("p", { class: "blocked", id: id }, reason.text,
      reason.request ? el("a", { href: "#/solicitacoes/" + encodeURIComponent(reason.request.id) }, "Acompanhar a solicitação") : null);
  }

  function viewData() {
    var view = screen("Meus dados");
    view.loading();
    loadMine().then(function (mine) {
      if (!view.alive()) return;
      if (mine.error) return view.failed(mine.error);
      view.loaded();
      var me = mine.me;
      var personal = me.data.personal || {};
      view.add(
        el("section", { class: "card", "aria-labelledby": "quem-titulo" },
          el("h2", { id: "quem-titulo", text: personal.name || "Profissional" }),
          definitionList([
            ["CPF", R.formatCpf(me.document)],
            ["Registro", me.registration_number],
            ["Regional", regionName(me.region)],
            ["Situação", PROFESSIONAL_STATUS[me.status] || me.status],
          ])),
        cardBox(me),
        noChangeBox(mine),
        el("p", { text: "Confira cada grupo de dados abaixo. Se algo estiver errado ou desatualizado, peça a alteração com o comprovante." }));
      GROUP_ORDER.forEach(function (group) { view.add(groupSection(mine, group)); });
    });
  }

  function cardBox(me) {
    if (!me.card && !me.fee_required) return null;
    var box = el("section", { class: "highlight", "aria-labelledby": "carteira-titulo" },
      el("h2", { id: "carteira-titulo", text: "Sua nova carteira" }));
    if (me.card) {
      box.appendChild(definitionList([["Situação", CARD_STATUS[me.card.status] || me.card.status]]));
      if (me.card.enrollment_url && me.card.status === "requested") {
        box.appendChild(el("p", { text: "Falta um passo: faça o cadastro biométrico (foto, assinatura e digitais) no site da empresa que produz a carteira." }));
        box.appendChild(el("p", {}, el("a", {
          class: "button button--primary", href: me.card.enrollment_url, rel: "noopener",
        }, "Fazer o cadastro biométrico")));
      } else if (me.card.status === "pending") {
        box.appendChild(el("p", { text: "Estamos enviando seus dados para a produção da carteira. O link do cadastro biométrico chega por e-mail." }));
      }
    }
    if (me.fee_required) {
      box.appendChild(el("p", { class: "fee", text: "Sua atualização foi concluída depois do prazo da campanha: a emissão da nova carteira terá a taxa prevista pelo conselho." }));
    }
    return box;
  }

  function noChangeBox(mine) {
    if (!mine.anyOpen && DONE[mine.me.status]) {
      return el("section", { class: "card card--done", "aria-labelledby": "nada-titulo" },
        el("h2", { id: "nada-titulo", text: "Recadastramento concluído" }),
        el("p", { text: "Seus dados estão confirmados. Se algo mudar, peça a alteração no grupo de dados correspondente, abaixo." }));
    }
    var box = el("section", { class: "card", "aria-labelledby": "nada-titulo" },
      el("h2", { id: "nada-titulo", text: "Está tudo certo?" }),
      el("p", { text: "Se nenhum dado mudou, declare isso com um comprovante de endereço e seu recadastramento fica concluído." }));
    if (mine.anyOpen) {
      box.appendChild(el("button", { type: "button", class: "button", disabled: true, "aria-describedby": "nada-motivo" }, "Nada mudou: confirmar meus dados"));
      box.appendChild(el("p", { class: "blocked", id: "nada-motivo" },
        "Você tem solicitações em aberto: aguarde a análise delas para declarar que nada mudou. ",
        el("a", { href: "#/solicitacoes" }, "Ver minhas solicitações")));
    } else {
      box.appendChild(linkButton("Nada mudou: confirmar meus dados", "#/nada-mudou", "button--primary"));
    }
    return box;
  }

  function groupSection(mine, group) {
    var def = GROUPS[group];
    var values = mine.me.data[group];
    var section = el("section", { class: "group", id: "grupo-" + group, "aria-labelledby": "grupo-" + group + "-titulo" },
      el("h2", { id: "grupo-" + group + "-titulo", text: def.title }));
    if (def.list) {
      var items = values || [];
      if (!items.length) section.appendChild(el("p", { class: "muted", text: def.list.empty }));
      else {
        section.appendChild(definitionList(items.map(function (item) {
          var value = item[def.list.value];
          return [choiceLabel(def.list.choices, item.type), def.list.type === "phone" ? formatPhone(value) : value];
        })));
      }
    } else {
      section.appendChild(definitionList(def.fields.map(function (field) {
        return [field.label, display(field, (values || {})[field.name])];
      })));
    }
    var reason = blockedReason(mine, group);
    if (reason) {
      section.appendChild(el("button", { type: "button", class: "button", disabled: true, "aria-describedby": "grupo-" + group + "-motivo" },
        "Solicitar alteração", srOnly(" de " + def.title)));
      section.appendChild(reasonNode("grupo-" + group + "-motivo", reason));
    } else {
      section.appendChild(el("a", { class: "button", href: "#/alterar/" + group }, "Solicitar alteração", srOnly(" de " + def.title)));
    }
    return section;
  }

  // ---------------------------------------------------------------- form controls of a group
  function control(def, name, value) {
    var id = idFor(name);
    var hintId = def.hint ? id + "-dica" : null;
    var input;
    if (def.type === "checkbox") {
      input = el("input", { type: "checkbox", id: id, name: name, checked: !!value });
      return el("div", { class: "field field--check" }, input, el("label", { for: id, text: def.label }));
    }
    if (def.choices) {
      input = el("select", { id: id, name: name, autocomplete: def.autocomplete, "aria-describedby": hintId });
      if (!def.noBlank) input.appendChild(el("option", { value: "", text: T.notInformed }));
      CHOICES[def.choices].forEach(function (pair) {
        input.appendChild(el("option", { value: pair[0], text: pair[1], selected: pair[0] === value }));
      });
    } else {
      var attrs = {
        id: id, name: name, type: "text", maxlength: def.max ? String(def.max) : null,
        autocomplete: def.autocomplete || "off", "aria-describedby": hintId, required: def.required,
      };
      var shown = value === null || value === undefined ? "" : String(value);
      if (def.type === "date") { attrs.type = "date"; attrs.max = todayInBrazil(); }
      if (def.type === "cep") { attrs.inputmode = "numeric"; attrs.maxlength = "9"; shown = formatCep(shown); }
      if (def.type === "phone") { attrs.type = "tel"; attrs.inputmode = "tel"; attrs.maxlength = "15"; attrs.autocomplete = "tel-national"; shown = formatPhone(shown); }
      if (def.type === "email") { attrs.type = "email"; attrs.maxlength = "254"; attrs.autocomplete = "email"; attrs.spellcheck = "false"; }
      attrs.value = shown;
      input = el("input", attrs);
      if (def.type === "cep" || def.type === "phone") {
        var mask = def.type === "cep" ? formatCep : formatPhone;
        input.addEventListener("input", function () {
          var masked = mask(input.value);
          if (masked !== input.value) input.value = masked;
        });
      }
    }
    return el("div", { class: "field" },
      el("label", { for: id }, def.label, def.required ? srOnly(" (obrigatório)") : null),
      hintId ? el("p", { class: "hint", id: hintId, text: def.hint }) : null,
      input);
  }

  function readControl(form, def, name) {
    var input = form.elements.namedItem(name);
    if (!input) return undefined;
    if (def.type === "checkbox") return input.checked;
    var value = input.value.trim();
    return value === "" ? null : value;
  }

  function normalized(def, value) {
    if (def.type === "checkbox") return !!value;
    if (value === null || value === undefined || value === "") return null;
    if (def.type === "cep") return digits(value);
    return String(value).trim();
  }

  /* A group form (fields, or an editable list) with the values shown; read() gives the values. */
  function groupEditor(group, values) {
    var def = GROUPS[group];
    if (def.list) return listEditor(def, values || []);
    var fieldset = el("fieldset", { class: "fieldset" }, el("legend", { text: def.title }));
    def.fields.forEach(function (field) { fieldset.appendChild(control(field, field.name, (values || {})[field.name])); });
    return {
      node: fieldset,
      changes: function (form, current) {
        var changes = {};
        def.fields.forEach(function (field) {
          var value = readControl(form, field, field.name);
          if (normalized(field, value) !== normalized(field, (current || {})[field.name])) changes[field.name] = value;
        });
        return Object.keys(changes).length ? changes : null;
      },
    };
  }

  function listEditor(def, initial) {
    var list = def.list;
    var typeDef = { label: "Tipo", choices: list.choices, noBlank: true };
    var valueDef = { label: list.valueLabel, type: list.type };
    var rows = el("div", { class: "rows" });
    var add = button("Adicionar " + list.label.toLowerCase(), { class: "button button--secondary" });
    var hintId = "f-" + list.key + "-dica";
    var fieldset = el("fieldset", { class: "fieldset", name: list.key, "aria-describedby": hintId },
      el("legend", { text: def.title }),
      el("p", { class: "hint", id: hintId, text: (list.hint ? list.hint + " " : "") +
        "A lista enviada substitui a do cadastro: deixe nela todos os que valem. Até 5." }),
      rows, add);

    function current() {
      var items = [];
      rows.querySelectorAll(".row").forEach(function (row, index) {
        items.push({
          type: row.querySelector('[name="' + list.key + "." + index + '.type"]').value,
          value: row.querySelector('[name="' + list.key + "." + index + "." + list.value + '"]').value,
        });
      });
      return items;
    }

    function draw(items, focusIndex) {
      rows.textContent = "";
      items.forEach(function (item, index) {
        var label = list.label + " " + (index + 1);
        var remove = button("Remover", { class: "button button--link" });
        remove.appendChild(srOnly(" " + label.toLowerCase()));
        remove.addEventListener("click", function () {
          var left = current();
          left.splice(index, 1);
          draw(left, null);
          announce(label + " removido da lista.");
          add.focus();
        });
        rows.appendChild(el("fieldset", { class: "row" },
          el("legend", { text: label }),
          control(typeDef, list.key + "." + index + ".type", item.type),
          control(valueDef, list.key + "." + index + "." + list.value, item.value),
          remove));
      });
      add.hidden = items.length >= 5;
      if (focusIndex !== null && focusIndex !== undefined) {
        var target = rows.querySelectorAll(".row")[focusIndex];
        if (target) target.querySelector("select, input").focus();
      }
    }

    add.addEventListener("click", function () {
      var items = current();
      if (items.length >= 5) return;
      items.push({ type: CHOICES[list.choices][0][0], value: "" });
      draw(items, items.length - 1);
    });
    draw(initial.map(function (item) { return { type: item.type, value: item[list.value] }; }), null);

    function comparable(items) {
      return JSON.stringify(items.map(function (item) {
        var value = list.type === "phone" ? phoneDigits(item.value) : String(item.value || "").trim().toLowerCase();
        return [item.type, value];
      }));
    }

    return {
      node: fieldset,
      changes: function (form, currentValues) {
        var items = current().filter(function (item) { return String(item.value || "").trim() !== ""; })
          .map(function (item) {
            var out = { type: item.type };
            out[list.value] = String(item.value).trim();
            return out;
          });
        var before = (currentValues || []).map(function (item) { return { type: item.type, value: item[list.value] }; });
        var after = items.map(function (item) { return { type: item.type, value: item[list.value] }; });
        if (comparable(before) === comparable(after)) return null;
        var changes = {};
        changes[list.key] = items;
        return changes;
      },
    };
  }

  // ---------------------------------------------------------------- attachments
  function precheck(file) {
    var dot = file.name.lastIndexOf(".");
    var ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : "";
    var byName = EXTENSIONS[ext];
    if (!byName) return { error: T.fileType(file.name) };
    if (file.size === 0) return { error: T.fileEmpty(file.name) };
    if (file.size > MAX_BYTES) return { error: T.fileTooBig(file.name, file.size) };
    var declared = String(file.type || "").toLowerCase();
    var allowed = Object.keys(EXTENSIONS).some(function (key) { return EXTENSIONS[key] === declared; });
    return { contentType: allowed ? declared : byName };
  }

  /* POSTs the grant's fields, then the file, straight to storage (S3), reporting progress. */
  function sendToStorage(grant, file, onProgress) {
    return new Promise(function (resolve) {
      var form = new FormData();
      Object.keys(grant.fields).forEach(function (name) { form.append(name, grant.fields[name]); });
      form.append("file", file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", grant.url);
      xhr.timeout = 10 * 60 * 1000;
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable && event.total) onProgress(event.loaded / event.total);
      });
      xhr.addEventListener("load", function () {
        if (xhr.status >= 200 && xhr.status < 300) return resolve({ ok: true });
        var tooBig = /EntityTooLarge/.test(xhr.responseText || "");
        resolve({ ok: false, message: tooBig ? T.fileTooBig(file.name, file.size) : T.uploadFailed(file.name) });
      });
      xhr.addEventListener("error", function () { resolve({ ok: false, message: T.uploadFailed(file.name) }); });
      xhr.addEventListener("timeout", function () { resolve({ ok: false, message: T.uploadFailed(file.name) }); });
      xhr.send(form);
    });
  }

  /* The proof picker: kind (when the group takes more than one), files uploaded as soon as
     they are chosen (pre-checked here first), a labelled progress bar, the list of files. */
  function attachmentPicker(kinds, options) {
    options = options || {};
    var files = [];
    var busy = false;
    var legend = options.legend || "Comprovante";
    var inputId = "f-upload_ids";
    var node = el("fieldset", { class: "fieldset attachments" }, el("legend", { text: legend }));
    var kindName = "proof_kind";
    if (kinds.length > 1) {
      var radios = el("fieldset", { class: "choice-group" }, el("legend", { text: "Qual documento você vai anexar?" }));
      kinds.forEach(function (kind, index) {
        var id = "f-kind-" + kind;
        radios.appendChild(el("div", { class: "field field--check" },
          el("input", { type: "radio", id: id, name: kindName, value: kind, checked: index === 0, "aria-describedby": id + "-dica" }),
          el("label", { for: id, text: PROOF[kind].label }),
          el("p", { class: "hint", id: id + "-dica", text: PROOF[kind].hint })));
      });
      node.appendChild(radios);
    }
    var input = el("input", {
      type: "file", id: inputId, name: "upload_ids", multiple: true, accept: ACCEPT,
      "aria-describedby": inputId + "-dica",
    });
    node.appendChild(el("div", { class: "field" },
      el("label", { for: inputId, text: options.inputLabel || "Escolha o arquivo" }),
      el("p", { class: "hint", id: inputId + "-dica", text: T.fileTypes + " Pode anexar mais de um, como frente e verso." }),
      input));
    var progress = el("progress", { id: "f-progresso", max: "100", value: "0", "aria-labelledby": "f-progresso-rotulo" });
    var progressLabel = el("span", { id: "f-progresso-rotulo", text: "Envio do arquivo" });
    var percent = el("span", { class: "progress__percent", "aria-hidden": "true", text: "0%" });
    var progressBox = el("div", { class: "progress", hidden: true },
      el("p", { class: "progress__label" }, progressLabel, " ", percent), progress);
    node.appendChild(progressBox);
    var listTitle = el("p", { class: "files__title", id: "f-anexos-titulo", hidden: true, text: "Arquivos anexados:" });
    var list = el("ul", { class: "files", "aria-labelledby": "f-anexos-titulo" });
    node.appendChild(listTitle);
    node.appendChild(list);

    function kind() {
      if (kinds.length === 1) return kinds[0];
      var checked = node.querySelector('input[name="' + kindName + '"]:checked');
      return checked ? checked.value : kinds[0];
    }

    function drawList() {
      list.textContent = "";
      listTitle.hidden = files.length === 0;
      files.forEach(function (file) {
        var remove = button("Remover", { class: "button button--link" }, null);
        remove.appendChild(srOnly(" " + file.name));
        remove.addEventListener("click", function () {
          files = files.filter(function (other) { return other !== file; });
          drawList();
          announce("Arquivo " + file.name + " retirado.");
          input.focus();
        });
        list.appendChild(el("li", {},
          el("span", { class: "files__name", text: file.name }),
          el("span", { class: "muted", text: " (" + PROOF[file.kind].name + ", " + formatSize(file.size) + ") " }),
          remove));
      });
    }

    function setProgress(name, fraction) {
      var value = Math.round(fraction * 100);
      progressBox.hidden = false;
      progress.value = value;
      progress.setAttribute("value", String(value));
      progressLabel.textContent = (value >= 100 ? "Enviado: " : "Enviando ") + name;
      percent.textContent = value + "%";
    }

    function uploadOne(file, contentType) {
      setProgress(file.name, 0);
      var chosenKind = kind();
      return call("/me/uploads", {
        method: "POST", auth: true,
        body: { filename: file.name, content_type: contentType, size: file.size, kind: chosenKind },
      }).then(function (answer) {
        if (!answer.ok) {
          var fields = answer.data.fields || {};
          var texts = Object.keys(fields).map(function (key) { return fields[key]; });
          return { ok: false, message: "Arquivo " + file.name + ": " + (texts.join(" ") || answer.data.message) };
        }
        return sendToStorage(answer.data, file, function (fraction) { setProgress(file.name, fraction); })
          .then(function (sent) {
            if (!sent.ok) return sent;
            setProgress(file.name, 1);
            files.push({ upload_id: answer.data.upload_id, name: file.name, size: file.size, kind: chosenKind });
            drawList();
            announce("Arquivo " + file.name + " anexado.");
            return { ok: true };
          });
      });
    }

    input.addEventListener("change", function () {
      var chosen = Array.prototype.slice.call(input.files || []);
      if (!chosen.length) return;
      clearFieldError(input);
      var problems = [];
      var ready = [];
      chosen.forEach(function (file) {
        var check = precheck(file);
        if (check.error) problems.push(check.error);
        else if (files.length + ready.length >= MAX_FILES) problems.push(T.tooManyFiles);
        else ready.push([file, check.contentType]);
      });
      input.value = "";
      busy = true;
      input.disabled = true;
      var chain = Promise.resolve();
      ready.forEach(function (pair) {
        chain = chain.then(function () {
          return uploadOne(pair[0], pair[1]).then(function (result) {
            if (!result.ok) problems.push(result.message);
          });
        });
      });
      chain.then(function () {
        busy = false;
        input.disabled = false;
        if (problems.length) {
          var unique = problems.filter(function (text, index) { return problems.indexOf(text) === index; });
          setFieldError(input, unique.join(" "));
          announce(unique.join(" "));
        }
        input.focus();
      });
    });

    return {
      node: node,
      input: input,
      busy: function () { return busy; },
      ids: function () { return files.map(function (file) { return file.upload_id; }); },
      count: function () { return files.length; },
      /* The API refused (and deleted) a stored file: drop the one it named, or all if it named none. */
      drop: function (message) {
        var named = files.filter(function (file) { return message.indexOf(file.name) >= 0; });
        files = named.length ? files.filter(function (file) { return named.indexOf(file) < 0; }) : [];
        progressBox.hidden = true;
        drawList();
      },
    };
  }

  /* An answer of POST /me/requests (or resubmit) that failed, shown on the form. */
  function showRequestError(form, picker, answer) {
    var error = answer.data;
    if (answer.status === 422 || answer.status === 413) {
      var kept = error.code === "proof_required" || error.code === "too_many_attachments";
      if (!kept) picker.drop(error.message);
      var extra = kept ? "" : " Escolha o arquivo de novo ou outro arquivo.";
      showApiError(form, { code: error.code, message: R.TEXT.summary, fields: { upload_ids: error.message + extra } });
      return;
    }
    if (answer.status === 409) {
      R.showErrors(form, error);
      var box = form.querySelector("[data-errors]");
      box.appendChild(el("p", {}, el("a", { href: "#/solicitacoes" }, "Ver minhas solicitações")));
      return;
    }
    showApiError(form, error);
  }

  function proofIntro(kinds) {
    return el("div", { class: "highlight highlight--proof" },
      el("p", {}, el("strong", { text: "Comprovante exigido: " }), proofText(kinds) + "."),
      el("p", { class: "hint", text: kinds.map(function (kind) { return PROOF[kind].hint; }).join(" ") }),
      el("p", { class: "hint", text: "Formatos: " + T.fileTypes }));
  }

  function noteField(value) {
    return el("div", { class: "field" },
      el("label", { for: "f-note", text: "Observação para a equipe (opcional)" }),
      el("p", { class: "hint", id: "f-note-dica", text: "Até 1000 caracteres." }),
      el("textarea", { id: "f-note", name: "note", rows: "3", maxlength: "1000", "aria-describedby": "f-note-dica" }, value || ""));
  }

  function checkBeforeSending(form, picker, kinds, required) {
    if (picker.busy()) {
      showFormMessage(form, T.uploadBusy);
      return false;
    }
    if (required && !picker.count()) {
      showApiError(form, { code: "client", message: R.TEXT.summary, fields: { upload_ids: T.proofMissing(proofText(kinds)) } });
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- change request
  function viewChange(group) {
    var def = GROUPS[group];
    if (!def) return viewNotFound();
    var view = screen("Alterar " + def.title.toLowerCase());
    view.loading();
    loadMine().then(function (mine) {
      if (!view.alive()) return;
      if (mine.error) return view.failed(mine.error);
      view.loaded();
      var reason = blockedReason(mine, group);
      if (reason) {
        view.add(reasonNode("alterar-motivo", reason), el("p", {}, el("a", { href: "#/dados" }, "Voltar para Meus dados")));
        return;
      }
      var current = mine.me.data[group];
      var editor = groupEditor(group, current);
      var picker = attachmentPicker(def.proof);
      var submit = button("Enviar solicitação", { type: "submit", class: "button button--primary" });
      var form = el("form", { novalidate: true, class: "form" },
        errorBox(), editor.node, picker.node, noteField(""),
        el("div", { class: "actions" }, submit, el("a", { href: "#/dados", class: "button button--link" }, "Voltar sem enviar")));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        R.clearErrors(form);
        var changes = editor.changes(form, current);
        if (!changes) return showFormMessage(form, T.nothingChanged);
        if (!checkBeforeSending(form, picker, def.proof, true)) return;
        var body = { kind: "change", group: group, changes: changes, upload_ids: picker.ids() };
        var note = form.elements.namedItem("note").value.trim();
        if (note) body.note = note;
        setBusy(submit, true);
        announce("Enviando a solicitação…");
        call("/me/requests", { method: "POST", auth: true, body: body }).then(function (answer) {
          setBusy(submit, false);
          if (!answer.ok) return showRequestError(form, picker, answer);
          state.confirmation = { request: answer.data, resubmitted: false };
          go("#/enviado/" + encodeURIComponent(answer.data.protocol));
        });
      });
      view.add(
        el("p", { text: "Os dados abaixo são os do seu cadastro. Corrija o que mudou: o que você não alterar continua como está. A equipe da sua regional confere o pedido com o comprovante." }),
        proofIntro(def.proof), form);
    });
  }

  // ---------------------------------------------------------------- "nada mudou"
  function viewNoChange() {
    var view = screen("Nada mudou");
    view.loading();
    loadMine().then(function (mine) {
      if (!view.alive()) return;
      if (mine.error) return view.failed(mine.error);
      view.loaded();
      if (mine.anyOpen) {
        view.add(el("p", { class: "blocked" },
          "Você tem solicitações em aberto: aguarde a análise delas antes de declarar que nada mudou. ",
          el("a", { href: "#/solicitacoes" }, "Ver minhas solicitações")));
        return;
      }
      var picker = attachmentPicker(ADDRESS_PROOF, { inputLabel: "Escolha o comprovante de endereço" });
      var declaration = el("input", { type: "checkbox", id: "f-declaration", name: "declaration", required: true });
      var submit = button("Enviar declaração", { type: "submit", class: "button button--primary" });
      var form = el("form", { novalidate: true, class: "form" },
        errorBox(), picker.node,
        el("div", { class: "field field--check field--declaration" }, declaration,
          el("label", { for: "f-declaration" }, "Declaro não haver nenhuma alteração nos dados constantes em meu cadastro", srOnly(" (obrigatório)"))),
        el("div", { class: "actions" }, submit, el("a", { href: "#/dados", class: "button button--link" }, "Voltar sem enviar")));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        R.clearErrors(form);
        if (!declaration.checked) {
          showApiError(form, { code: "client", message: R.TEXT.summary, fields: { declaration: T.declarationRequired } });
          return;
        }
        if (!checkBeforeSending(form, picker, ADDRESS_PROOF, true)) return;
        setBusy(submit, true);
        announce("Enviando a declaração…");
        call("/me/requests", { method: "POST", auth: true, body: { kind: "no_change", upload_ids: picker.ids() } }).then(function (answer) {
          setBusy(submit, false);
          if (!answer.ok) return showRequestError(form, picker, answer);
          state.confirmation = { request: answer.data, resubmitted: false };
          go("#/enviado/" + encodeURIComponent(answer.data.protocol));
        });
      });
      view.add(
        el("p", { text: "Se todos os dados do seu cadastro estão corretos, declare que nada mudou. A declaração vale na hora e conclui o seu recadastramento." }),
        el("p", {}, "Antes, confira tudo em ", el("a", { href: "#/dados" }, "Meus dados"), "."),
        proofIntro(ADDRESS_PROOF), form);
    });
  }

  // ---------------------------------------------------------------- confirmation
  function viewSent(protocol) {
    var known = state.confirmation && state.confirmation.request.protocol === protocol ? state.confirmation : null;
    var title = known && known.resubmitted ? "Solicitação reenviada"
      : known && known.request.kind === "no_change" ? "Declaração registrada" : "Solicitação enviada";
    var view = screen(title);
    var copyStatus = el("p", { class: "muted", role: "status" });
    var copy = button("Copiar número", { class: "button button--secondary" });
    var number = el("p", { class: "protocol", id: "protocolo-numero", text: protocol });
    copy.addEventListener("click", function () {
      var done = function () { copyStatus.textContent = "Número " + protocol + " copiado."; };
      var fallback = function () {
        var range = document.createRange();
        range.selectNodeContents(number);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        copyStatus.textContent = "O número está selecionado: copie com Ctrl+C (ou toque e segure, no celular).";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(protocol).then(done, fallback);
      else fallback();
    });
    var request = known ? known.request : null;
    var next = !request ? "Guarde este número para acompanhar a solicitação."
      : request.kind === "no_change" ? "Seus dados foram confirmados e o seu recadastramento está concluído. Você vai receber um e-mail sobre a nova carteira."
        : "A equipe da sua regional vai analisar o pedido e o comprovante. Você recebe um e-mail quando houver uma decisão.";
    view.add(
      el("div", { class: "protocol-box" },
        el("p", { class: "protocol-box__label", id: "protocolo-rotulo", text: "Número do protocolo" }),
        number, copy, copyStatus),
      el("p", { text: next }),
      request ? definitionList([
        ["Situação", REQUEST_STATUS[request.status] || request.status],
        ["Registrada em", R.formatInstant(request.updated_at)],
      ]) : null,
      el("ul", { class: "link-list" },
        el("li", {}, el("a", { href: "#/solicitacoes/" + encodeURIComponent(protocol) }, "Acompanhar em Minhas solicitações")),
        el("li", {}, el("a", { href: "#/dados" }, "Voltar para Meus dados"))));
  }

  // ---------------------------------------------------------------- requests
  function changeRows(request) {
    var def = GROUPS[request.group];
    if (!def || !request.changes) return null;
    if (def.list) {
      var items = request.changes[def.list.key] || [];
      return el("div", {},
        el("h3", { text: "Lista pedida" }),
        items.length ? definitionList(items.map(function (item) {
          var value = item[def.list.value];
          return [choiceLabel(def.list.choices, item.type), def.list.type === "phone" ? formatPhone(value) : value];
        })) : el("p", { class: "muted", text: "Lista vazia." }));
    }
    var rows = def.fields.filter(function (field) { return field.name in request.changes; }).map(function (field) {
      var before = display(field, (request.current || {})[field.name]) || T.notInformed;
      var after = display(field, request.changes[field.name]) || T.notInformed;
      return [field.label, el("span", {}, el("span", { class: "before" }, before), " → ", el("strong", { text: after }))];
    });
    return el("div", {}, el("h3", { text: "O que foi pedido" }), definitionList(rows));
  }

  function historyList(request) {
    var list = el("ol", { class: "history" });
    (request.history || []).forEach(function (entry) {
      var who = entry.actor === "profissional" ? "Você" : entry.actor === "sistema" ? "Sistema" : "Equipe da regional";
      list.appendChild(el("li", {},
        el("span", { class: "history__when", text: R.formatInstant(entry.at) }), " — ",
        el("strong", { text: HISTORY_ACTION[entry.action] || entry.action }), " (" + who + ")",
        entry.reason ? el("span", { class: "history__reason", text: "Motivo: " + entry.reason }) : null));
    });
    return el("div", {}, el("h3", { text: "Histórico" }), list);
  }

  function requestCard(request, headingLevel, onChange) {
    var headingId = "solicitacao-" + request.id;
    var heading = el(headingLevel, { id: headingId, tabindex: "-1", text: requestTitle(request) });
    var card = el("article", { class: "request", "aria-labelledby": headingId },
      heading,
      el("p", { class: "status status--" + request.status, text: REQUEST_STATUS[request.status] || request.status }),
      definitionList([
        ["Protocolo", el("span", { class: "mono", text: request.protocol })],
        ["Enviada em", R.formatInstant(request.created_at)],
        ["Última atualização", R.formatInstant(request.updated_at)],
      ]));
    if (request.reason) {
      card.appendChild(el("div", { class: "reason" },
        el("p", {}, el("strong", { text: request.status === "approved" ? "Observação da equipe:" : "Motivo informado pela equipe:" })),
        el("p", { text: request.reason })));
    }
    if (request.status === "returned") {
      card.appendChild(el("p", { text: "A equipe pediu complementação: corrija o que foi pedido ou anexe o documento e reenvie." }));
    }
    var rows = changeRows(request);
    if (rows) card.appendChild(rows);
    if ((request.attachments || []).length) {
      card.appendChild(el("p", {}, el("strong", { text: "Anexos: " }),
        request.attachments.map(function (file) { return file.filename; }).join(", ")));
    }
    if (request.note) card.appendChild(el("p", {}, el("strong", { text: "Sua observação: " }), request.note));
    card.appendChild(historyList(request));
    var actions = el("div", { class: "actions" });
    if (request.status === "returned") {
      actions.appendChild(el("a", { class: "button button--primary", href: "#/reenviar/" + encodeURIComponent(request.id) },
        "Reenviar", srOnly(" a solicitação " + request.protocol)));
    }
    if (OPEN[request.status]) {
      var cancel = button("Cancelar", { class: "button button--danger" });
      cancel.appendChild(srOnly(" a solicitação " + request.protocol));
      cancel.addEventListener("click", function () { confirmCancel(request, card, actions, headingLevel, onChange); });
      actions.appendChild(cancel);
    }
    if (actions.childNodes.length) card.appendChild(actions);
    return card;
  }

  function confirmCancel(request, card, actions, headingLevel, onChange) {
    var questionId = "cancelar-" + request.id;
    var error = el("p", { class: "error", role: "alert" });
    var yes = button("Sim, cancelar", { class: "button button--danger" });
    var no = button("Não, manter", { class: "button button--secondary" });
    var question = el("p", { id: questionId, tabindex: "-1" },
      el("strong", { text: "Cancelar a solicitação " + request.protocol + "?" }),
      " Ela deixa de ser analisada e não pode ser reaberta; se precisar, faça um novo pedido depois.");
    var panel = el("div", { class: "confirm", role: "group", "aria-labelledby": questionId }, question,
      el("div", { class: "actions" }, yes, no), error);
    actions.replaceWith(panel);
    question.focus();
    no.addEventListener("click", function () {
      panel.replaceWith(actions);
      actions.querySelector(".button--danger").focus();
    });
    yes.addEventListener("click", function () {
      setBusy(yes, true, "Cancelando…");
      call("/me/requests/" + encodeURIComponent(request.id) + "/cancel", { method: "POST", auth: true }).then(function (answer) {
        setBusy(yes, false);
        if (!answer.ok) {
          error.textContent = answer.data.message;
          return;
        }
        var fresh = requestCard(answer.data, headingLevel, onChange);
        card.replaceWith(fresh);
        fresh.querySelector(headingLevel).focus();
        announce("Solicitação " + request.protocol + " cancelada.");
        if (onChange) onChange(answer.data);
      });
    });
  }

  function viewRequests() {
    var view = screen("Minhas solicitações");
    view.loading();
    var list = el("ul", { class: "request-list" });
    var more = button("Mostrar mais antigas", { class: "button button--secondary" });
    var cursor = null;

    function load(focusFirstNew) {
      var path = "/me/requests?limit=25" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      return call(path, { auth: true }).then(function (answer) {
        if (!view.alive()) return;
        if (!answer.ok) return view.failed(answer.data);
        view.loaded();
        var items = answer.data.items;
        if (!items.length && !list.childNodes.length) {
          view.add(el("p", {}, "Você ainda não fez nenhuma solicitação. ", el("a", { href: "#/dados" }, "Confira seus dados"), "."));
          return;
        }
        var first = null;
        items.forEach(function (request) {
          var item = el("li", {}, requestCard(request, "h2"));
          first = first || item;
          list.appendChild(item);
        });
        cursor = answer.data.next_cursor;
        more.hidden = !cursor;
        if (focusFirstNew && first) first.querySelector("h2").focus();
      });
    }

    more.addEventListener("click", function () { load(true); });
    more.hidden = true;
    view.add(el("p", { text: "Seus pedidos, do mais recente ao mais antigo. O resultado de cada análise também chega por e-mail." }), list, more);
    load(false);
  }

  function viewRequest(id) {
    var view = screen("Solicitação " + id);
    view.loading();
    call("/me/requests/" + encodeURIComponent(id), { auth: true }).then(function (answer) {
      if (!view.alive()) return;
      if (!answer.ok) return view.failed(answer.data);
      view.loaded();
      view.add(requestCard(answer.data, "h2"),
        el("p", {}, el("a", { href: "#/solicitacoes" }, "Ver todas as minhas solicitações")));
    });
  }

  function viewResubmit(id) {
    var view = screen("Reenviar solicitação");
    view.loading();
    Promise.all([call("/me/requests/" + encodeURIComponent(id), { auth: true }), loadMine()]).then(function (results) {
      if (!view.alive()) return;
      var answer = results[0];
      var mine = results[1];
      if (!answer.ok) return view.failed(answer.data);
      if (mine.error) return view.failed(mine.error);
      view.loaded();
      var request = answer.data;
      if (request.status !== "returned" || !GROUPS[request.group]) {
        view.add(el("p", { class: "blocked", text: "Só é possível reenviar uma solicitação devolvida para complementação. Esta está: " + (REQUEST_STATUS[request.status] || request.status).toLowerCase() + "." }),
          el("p", {}, el("a", { href: "#/solicitacoes/" + encodeURIComponent(id) }, "Ver a solicitação")));
        return;
      }
      var def = GROUPS[request.group];
      var onFile = mine.me.data[request.group];
      var shown;
      if (def.list) shown = (request.changes && request.changes[def.list.key]) || onFile;
      else shown = Object.assign({}, onFile || {}, request.changes || {});
      var editor = groupEditor(request.group, shown);
      var picker = attachmentPicker(def.proof, { legend: "Novos anexos", inputLabel: "Anexar outro arquivo (opcional)" });
      var submit = button("Reenviar solicitação", { type: "submit", class: "button button--primary" });
      var form = el("form", { novalidate: true, class: "form" },
        errorBox(), editor.node, picker.node, noteField(request.note),
        el("div", { class: "actions" }, submit, el("a", { href: "#/solicitacoes", class: "button button--link" }, "Voltar sem enviar")));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        R.clearErrors(form);
        var changes = editor.changes(form, onFile);
        if (!changes) return showFormMessage(form, T.nothingChanged);
        if (!checkBeforeSending(form, picker, def.proof, false)) return;
        var note = form.elements.namedItem("note").value.trim();
        var body = { changes: changes, upload_ids: picker.ids(), note: note || null };
        setBusy(submit, true);
        call("/me/requests/" + encodeURIComponent(id) + "/resubmit", { method: "POST", auth: true, body: body }).then(function (result) {
          setBusy(submit, false);
          if (!result.ok) return showRequestError(form, picker, result);
          state.confirmation = { request: result.data, resubmitted: true };
          go("#/enviado/" + encodeURIComponent(result.data.protocol));
        });
      });
      view.add(
        el("p", {}, requestTitle(request) + " — protocolo ", el("span", { class: "mono", text: request.protocol })),
        el("div", { class: "reason" },
          el("p", {}, el("strong", { text: "O que a equipe pediu:" })),
          el("p", { text: request.reason || "Complementar a solicitação." })),
        el("p", { text: "Corrija os dados abaixo se for preciso e anexe o que foi pedido. Os anexos já enviados continuam na solicitação: " +
          ((request.attachments || []).map(function (file) { return file.filename; }).join(", ") || "nenhum") + "." }),
        form);
    });
  }

  // ---------------------------------------------------------------- public protocol lookup
  var CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{10}$/;

  function normalizeProtocol(text) {
    var clean = String(text || "").toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
    return CROCKFORD.test(clean) ? clean.slice(0, 5) + "-" + clean.slice(5) : null;
  }

  function viewLookup(protocol) {
    var view = screen("Consultar protocolo");
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
    var result = el("div", { class: "lookup-result" });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      R.clearErrors(form);
      var normal = normalizeProtocol(input.value);
      if (!normal) {
        setFieldError(input, T.protocolFormat);
        input.focus();
        return;
      }
      var target = "#/protocolo/" + normal;
      if (location.hash === target) lookup(normal);
      else location.hash = target;
    });
    view.add(
      el("p", { text: "Acompanhe um pedido pelo número do protocolo, sem precisar entrar. Nenhum dado pessoal é mostrado." }),
      form, result);

    function lookup(normal) {
      result.textContent = "";
      var loading = el("p", { class: "muted", role: "status", text: "Consultando…" });
      result.appendChild(loading);
      setBusy(submit, true, "Consultando…");
      R.api("/protocols/" + encodeURIComponent(normal)).then(function (answer) {
        if (!view.alive()) return;
        setBusy(submit, false);
        loading.remove();
        if (answer.ok) {
          var found = answer.data;
          var heading = el("h2", { id: "resultado-titulo", tabindex: "-1" }, "Protocolo ", el("span", { class: "mono", text: found.protocol }));
          result.appendChild(el("section", { class: "card", "aria-labelledby": "resultado-titulo" },
            heading,
            el("p", { class: "status status--" + found.status, text: REQUEST_STATUS[found.status] || found.status }),
            el("p", { text: STATUS_EXPLAINED[found.status] || "" }),
            definitionList([
              ["Pedido", found.kind === "no_change" ? "Declaração de que nada mudou" : "Alteração de " + groupTitle(found.group).toLowerCase()],
              ["Enviado em", R.formatInstant(found.created_at)],
              ["Última atualização", R.formatInstant(found.updated_at)],
            ])));
          heading.focus();
          return;
        }
        if (answer.status === 404) {
          showApiError(form, { code: answer.data.code, message: R.TEXT.summary, fields: { protocol: answer.data.message } });
        } else if (answer.status === 429) {
          showFormMessage(form, T.rateLimited);
        } else {
          showFormMessage(form, answer.data.message);
        }
      });
    }

    if (protocol) {
      var normal = normalizeProtocol(protocol);
      if (normal) lookup(normal);
      else setFieldError(input, T.protocolFormat);
    }
  }

  // ---------------------------------------------------------------- start
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href="#conteudo"]');
    if (!link) return;
    event.preventDefault();
    var heading = document.getElementById("titulo");
    (heading || document.getElementById("conteudo")).focus();
  });
  window.addEventListener("hashchange", route);
  loadCampaign();
  route();
})();
