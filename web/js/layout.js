/* What surrounds every screen: the menu, the deadline banner, the council's name and initials,
   the breadcrumbs, and the screen itself. */
import { api, el, formatDate } from "./recadastro.js";
import { renderFooter } from "./contacts.js";
import { todayInBrazil } from "./format.js";
import { logOut, token } from "./session.js";
import { state } from "./state.js";
import { T } from "./texts.js";

var SITE = "Recadastramento";

/* The menu: each entry's full name, and the one word shown on a phone, where the full names do
   not fit on one line. The link keeps the full name (aria-label), which contains the word shown. */
var MENU_SIGNED_IN = [
  ["#/dados", "Meus dados", "Dados"],
  ["#/solicitacoes", "Minhas solicitações", "Solicitações"],
  ["#/protocolo", "Consultar protocolo", "Protocolo"],
];
var MENU_SIGNED_OUT = [["#/entrar", "Entrar", "Entrar"], ["#/protocolo", "Consultar protocolo", "Protocolo"]];

function menuLink(item, hash) {
  var current = hash === item[0] || hash.indexOf(item[0] + "/") === 0;
  return el("a", { href: item[0], "aria-label": item[1], "aria-current": current ? "page" : null },
    el("span", { class: "site-nav__full", text: item[1] }),
    el("span", { class: "site-nav__short", text: item[2] }));
}

export function renderNav(hash) {
  var nav = document.getElementById("menu");
  if (!nav) return;
  var signedIn = !!token();
  var list = el("ul", { class: "site-nav__list" });
  (signedIn ? MENU_SIGNED_IN : MENU_SIGNED_OUT).forEach(function (item) {
    list.appendChild(el("li", {}, menuLink(item, hash)));
  });
  if (signedIn) {
    list.appendChild(el("li", { class: "site-nav__last" }, el("button", {
      type: "button", class: "site-nav__exit", onclick: function (event) {
        event.currentTarget.disabled = true;
        logOut();
      },
    }, "Sair")));
  }
  nav.textContent = "";
  nav.appendChild(list);
}

function daysLeft(days) {
  return days === 1 ? "1 dia" : new Intl.NumberFormat("pt-BR").format(days) + " dias";
}

/* The banner's class, its one line for a phone, and its sentences for wider screens: days left,
   the last day, or the deadline passed. */
function deadlineNotice(campaign) {
  var deadline = formatDate(campaign.deadline);
  var ended = campaign.days_left === 0 && todayInBrazil() > campaign.deadline;
  if (ended) {
    return {
      className: "deadline deadline--ended",
      short: "Prazo encerrado em " + deadline +
        (campaign.fee_after_deadline ? " · carteira com taxa" : ""),
      main: "O prazo do recadastramento terminou em " + deadline + ".",
      extra: campaign.fee_after_deadline
        ? "Você ainda pode atualizar seus dados, mas a emissão da nova carteira passa a ter a taxa prevista pelo conselho."
        : "Você ainda pode atualizar seus dados.",
    };
  }
  if (campaign.days_left === 0) {
    return {
      className: "deadline deadline--urgent",
      short: "Último dia do prazo: hoje, " + deadline,
      main: "Hoje é o último dia do recadastramento (prazo: " + deadline + ").",
      extra: null,
    };
  }
  return {
    className: campaign.days_left <= 7 ? "deadline deadline--urgent" : "deadline",
    short: "Prazo: " + deadline + " · falta" + (campaign.days_left === 1 ? " " : "m ") +
      daysLeft(campaign.days_left),
    main: "Falta" + (campaign.days_left === 1 ? " " : "m ") + daysLeft(campaign.days_left) +
      " para o fim do recadastramento. Prazo: " + deadline + ".",
    extra: campaign.fee_after_deadline ? "Depois do prazo, a emissão da nova carteira terá taxa." : null,
  };
}

/* Both versions are in the page; the stylesheet shows one (and screen readers read that one). */
function renderDeadline(campaign) {
  var box = document.getElementById("prazo");
  if (!box) return;
  box.textContent = "";
  box.className = "deadline";
  if (!campaign) {
    box.appendChild(el("p", { class: "deadline__text", text: "Não foi possível carregar o prazo agora." }));
    return;
  }
  var notice = deadlineNotice(campaign);
  box.className = notice.className;
  box.appendChild(el("p", { class: "deadline__text deadline__text--short", text: notice.short }));
  box.appendChild(el("p", { class: "deadline__text deadline__text--full" },
    el("strong", { text: notice.main }), notice.extra ? " " + notice.extra : null));
}

/* "Conselho Federal de Técnicos em Radiologia" → "CFTR": the logo slot until the council puts
   its own logo there (index.html). Words in parentheses and lower-case ones are left out. */
function initials(name) {
  return name.replace(/\([^)]*\)/g, " ").split(/\s+/).filter(function (word) {
    return /^\p{Lu}/u.test(word);
  }).map(function (word) { return word[0]; }).join("").slice(0, 4);
}

export function loadCampaign() {
  state.campaignLoaded = api("/campaign").then(function (answer) {
    state.campaign = answer.ok ? answer.data : null;
    renderDeadline(state.campaign);
    var council = state.campaign && state.campaign.council;
    document.querySelectorAll('[data-campaign="council"]').forEach(function (node) {
      if (council) node.textContent = council;
    });
    document.querySelectorAll('[data-campaign="initials"]').forEach(function (node) {
      if (council && initials(council)) node.textContent = initials(council);
    });
    renderFooter();
  });
  return state.campaignLoaded;
}

/* The screens above the one being drawn, [label, address] from the start: the router sets them
   from its route table before each screen, so the screens themselves need not know. */
var trail = null;

export function setTrail(steps) { trail = steps; }

/* Início > Meus dados > Alterar endereço: the trail, then the screen's own title (not a link). */
function breadcrumbs(title) {
  var list = el("ol");
  trail.forEach(function (step) {
    list.appendChild(el("li", {}, el("a", { href: step[1] }, step[0])));
  });
  list.appendChild(el("li", {}, el("span", { "aria-current": "page", text: title })));
  return el("nav", { class: "breadcrumbs", "aria-label": "Você está aqui" }, list);
}

/* Clears the screen, puts the breadcrumbs and its heading (h1) first and moves focus to the
   heading after navigation. */
export function screen(title) {
  var root = document.getElementById("app");
  document.title = title + " — " + SITE;
  root.textContent = "";
  if (trail) root.appendChild(breadcrumbs(title));
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

export function noticeBox() {
  if (!state.notice) return null;
  var box = el("p", { class: "notice", role: "status", text: state.notice });
  state.notice = null;
  return box;
}
