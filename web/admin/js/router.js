/* Screens are hash routes, so the browser's back button works: #/fila, #/solicitacao/<id>,
   #/painel, #/profissional/<cpf>, #/campanha, #/cartoes (and #/entrar, the sign-in). Each
   screen is a module loaded the first time it is shown, so the first load stays small. */

import { state } from "./state.js";
import { begin } from "./view.js";
import { errorNote } from "./dom.js";
import { TEXT } from "./texts.js";

var R = window.Recadastro;
var el = R.el;

var SIGN_IN = { title: TEXT.signInTitle, load: function () { return import("./screens/sign-in.js"); } };
var SCREENS = {
  fila: { title: "Fila de solicitações", load: function () { return import("./screens/queue.js"); } },
  solicitacao: { title: "Solicitação", load: function () { return import("./screens/request.js"); } },
  painel: { title: "Painel", load: function () { return import("./screens/dashboard.js"); } },
  profissional: { title: "Consultar profissional", load: function () { return import("./screens/professional.js"); } },
  campanha: { title: "Campanha", load: function () { return import("./screens/campaign.js"); } },
  cartoes: { title: "Falhas nos pedidos de carteira", load: function () { return import("./screens/card-orders.js"); } },
};

/* Bumps on every route: a screen whose module comes after the hash has moved on is not drawn. */
var routed = 0;

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

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

export function route() {
  routed += 1;
  var where = parseHash();
  if (!state.session) {
    if (where.name !== "entrar" && location.hash) state.after = location.hash;
    show(SIGN_IN, where);
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
  show(screen, where);
}

/* Draws the screen once its module is here, unless the hash moved on meanwhile. A module that
   cannot be fetched (the network dropped) says so in the screen's place. */
function show(screen, where) {
  var turn = routed;
  screen.load().then(function (module) {
    if (turn === routed) module.render(where, screen);
  }, function () {
    if (turn !== routed) return;
    begin(screen.title).appendChild(errorNote(R.TEXT.network));
  });
}

function markNav(name) {
  document.querySelectorAll("[data-route]").forEach(function (link) {
    if (link.getAttribute("data-route") === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  });
}
