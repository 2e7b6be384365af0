/* What surrounds every screen: the menu, the deadline banner, and the screen itself. */
import { api, el, formatDate } from "./recadastro.js";
import { renderFooter } from "./contacts.js";
import { todayInBrazil } from "./format.js";
import { signOut, token } from "./session.js";
import { state } from "./state.js";
import { T } from "./texts.js";

var SITE = "Recadastramento";

export function renderNav(hash) {
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

/* The banner's class and sentences: days left, the last day, or the deadline passed. */
function deadlineNotice(campaign) {
  var deadline = formatDate(campaign.deadline);
  var ended = campaign.days_left === 0 && todayInBrazil() > campaign.deadline;
  if (ended) {
    return {
      className: "deadline deadline--ended",
      main: "O prazo do recadastramento terminou em " + deadline + ".",
      extra: campaign.fee_after_deadline
        ? "Você ainda pode atualizar seus dados, mas a emissão da nova carteira passa a ter a taxa prevista pelo conselho."
        : "Você ainda pode atualizar seus dados.",
    };
  }
  if (campaign.days_left === 0) {
    return {
      className: "deadline deadline--urgent",
      main: "Hoje é o último dia do recadastramento (prazo: " + deadline + ").",
      extra: null,
    };
  }
  return {
    className: campaign.days_left <= 7 ? "deadline deadline--urgent" : "deadline",
    main: (campaign.days_left === 1 ? "Falta 1 dia" : "Faltam " +
      new Intl.NumberFormat("pt-BR").format(campaign.days_left) + " dias") +
      " para o fim do recadastramento. Prazo: " + deadline + ".",
    extra: campaign.fee_after_deadline ? "Depois do prazo, a emissão da nova carteira terá taxa." : null,
  };
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
  var notice = deadlineNotice(campaign);
  box.className = notice.className;
  box.appendChild(el("p", { class: "deadline__text" },
    el("strong", { text: notice.main }), notice.extra ? " " + notice.extra : null));
}

export function loadCampaign() {
  state.campaignLoaded = api("/campaign").then(function (answer) {
    state.campaign = answer.ok ? answer.data : null;
    renderDeadline(state.campaign);
    document.querySelectorAll('[data-campaign="council"]').forEach(function (node) {
      if (state.campaign && state.campaign.council) node.textContent = state.campaign.council;
    });
    renderFooter();
  });
  return state.campaignLoaded;
}

/* Clears the screen, puts its heading (h1) first and moves focus there after navigation. */
export function screen(title) {
  var root = document.getElementById("app");
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

export function noticeBox() {
  if (!state.notice) return null;
  var box = el("p", { class: "notice", role: "status", text: state.notice });
  state.notice = null;
  return box;
}
