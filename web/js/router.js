/* Hash routes to screens. A screen's module is loaded the first time it is shown, so the
   first load of the site carries only the router, the layout and the shared pieces. */
import { el } from "./recadastro.js";
import { renderFooter } from "./contacts.js";
import { renderNav, setTrail } from "./layout.js";
import { setRouter } from "./navigation.js";
import { readStore, SESSION_KEY, takeSignedOutNotice, token } from "./session.js";
import { state } from "./state.js";
import { T } from "./texts.js";

function signIn() { return import("./screens/sign-in.js"); }
function lookup() { return import("./screens/lookup.js"); }
function myData() { return import("./screens/my-data.js"); }
function change() { return import("./screens/change.js"); }
function noChange() { return import("./screens/no-change.js"); }
function requests() { return import("./screens/requests.js"); }
function resubmit() { return import("./screens/resubmit.js"); }
function sent() { return import("./screens/sent.js"); }
function faq() { return import("./screens/faq.js"); }
function recovery() { return import("./screens/recovery.js"); }
function notFound() { return import("./screens/not-found.js"); }

/* The breadcrumbs' first steps; the screen's own title ends them. */
var HOME = ["Início", "#/"];
var DATA = ["Meus dados", "#/dados"];
var REQUESTS = ["Minhas solicitações", "#/solicitacoes"];

/* The screens: the hash they answer, the module that draws them (loaded when first shown),
   the view it exports, whether they need a session, and the breadcrumbs above them (none on the
   sign-in start, where the site begins). */
var ROUTES = [
  { pattern: /^#\/entrar$/, load: signIn, view: "viewSignIn", signedIn: false, trail: null },
  { pattern: /^#\/entrar\/codigo$/, load: signIn, view: "viewCode", signedIn: false, trail: [HOME] },
  { pattern: /^#\/protocolo(?:\/([^/]*))?$/, load: lookup, view: "viewLookup", signedIn: false, trail: [HOME] },
  { pattern: /^#\/recuperar$/, load: recovery, view: "viewRecovery", signedIn: false, trail: [HOME] },
  { pattern: /^#\/recuperar\/codigo$/, load: recovery, view: "viewRecoveryCode", signedIn: false, trail: [HOME] },
  { pattern: /^#\/recuperar\/fotos$/, load: recovery, view: "viewRecoveryPhotos", signedIn: false, trail: [HOME] },
  { pattern: /^#\/recuperar\/enviado$/, load: recovery, view: "viewRecoverySent", signedIn: false, trail: [HOME] },
  { pattern: /^#\/duvidas$/, load: faq, view: "viewFaq", signedIn: false, trail: [HOME] },
  { pattern: /^#\/dados$/, load: myData, view: "viewData", signedIn: true, trail: [HOME] },
  { pattern: /^#\/alterar\/([a-z]+)$/, load: change, view: "viewChange", signedIn: true, trail: [HOME, DATA] },
  { pattern: /^#\/nada-mudou$/, load: noChange, view: "viewNoChange", signedIn: true, trail: [HOME, DATA] },
  { pattern: /^#\/solicitacoes$/, load: requests, view: "viewRequests", signedIn: true, trail: [HOME] },
  { pattern: /^#\/solicitacoes\/([^/]+)$/, load: requests, view: "viewRequest", signedIn: true, trail: [HOME, REQUESTS] },
  { pattern: /^#\/reenviar\/([^/]+)$/, load: resubmit, view: "viewResubmit", signedIn: true, trail: [HOME, REQUESTS] },
  { pattern: /^#\/enviado\/([^/]+)$/, load: sent, view: "viewSent", signedIn: true, trail: [HOME, REQUESTS] },
];
var NOT_FOUND = { pattern: null, load: notFound, view: "viewNotFound", signedIn: false, trail: [HOME] };

function findRoute(hash) {
  for (var i = 0; i < ROUTES.length; i++) {
    var match = ROUTES[i].pattern.exec(hash);
    if (match) return { route: ROUTES[i], match: match };
  }
  return { route: NOT_FOUND, match: null };
}

function decodedArgs(match) {
  return match ? match.slice(1).map(function (part) {
    try { return part === undefined ? part : decodeURIComponent(part); } catch (e) { return part; }
  }) : [];
}

/* Only the route asked for last is drawn, though an earlier one's module may load later. */
function show(hash, found) {
  var id = state.renderId;
  found.route.load().then(function (module) {
    if (id !== state.renderId) return;
    renderNav(hash);
    renderFooter();
    setTrail(found.route.trail);
    module[found.route.view].apply(null, decodedArgs(found.match));
  }, function () {
    if (id !== state.renderId) return;
    var root = document.getElementById("app");
    root.textContent = "";
    root.appendChild(el("p", { class: "error", role: "alert", text: T.notLoaded }));
  });
}

/* gov.br sends the person back to #/entrar?govbr_ticket=… (or ?govbr_error=…). The ticket or
   error is taken into the page's state and the address bar cleaned at once, so that a reload,
   the history or a shared link never replays it. */
function takeGovbrReturn(hash) {
  var found = /^#\/entrar\?(.*)$/.exec(hash);
  if (!found) return hash;
  var query = new URLSearchParams(found[1]);
  var ticket = query.get("govbr_ticket");
  var error = query.get("govbr_error");
  if (ticket || error) state.govbrReturn = { ticket: ticket, error: ticket ? null : error };
  history.replaceState(history.state, "", location.pathname + location.search + "#/entrar");
  return "#/entrar";
}

function route() {
  var hash = location.hash || "#/";
  if (hash.indexOf("#/") !== 0) return; // an in-page anchor, not a screen
  hash = takeGovbrReturn(hash);
  var away = takeSignedOutNotice();
  if (away) state.notice = away;
  if (hash === "#/") {
    location.replace(token() ? "#/dados" : "#/entrar");
    return;
  }
  var found = findRoute(hash);
  if (found.route.signedIn && !token()) {
    if (!state.notice) state.notice = readStore(SESSION_KEY) ? T.sessionEnded : T.signInFirst;
    sessionStorage.removeItem(SESSION_KEY);
    location.replace("#/entrar");
    return;
  }
  // A ticket from gov.br opens a new session even over one already open in this tab.
  if (found.route.view === "viewSignIn" && token() && !(state.govbrReturn && state.govbrReturn.ticket)) {
    location.replace("#/dados");
    return;
  }
  state.renderId++;
  show(hash, found);
}

/* Draws the screen of the address shown, and again whenever it changes. */
export function startRouter() {
  setRouter(route);
  window.addEventListener("hashchange", route);
  route();
}
