/* The staff session: kept in sessionStorage (gone with the tab), and shown in the page's header
   (who is signed in, the menu, the admin-only links). */

import { state } from "./state.js";
import { TEXT } from "./texts.js";

var STORAGE_KEY = "recadastro.equipe.sessao";

export function loadSession() {
  var saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
  } catch (ignored) { /* a damaged entry counts as signed out */ }
  if (saved && saved.token && saved.user && Date.parse(saved.expires_at) > Date.now()) return saved;
  if (saved) state.notice = { text: TEXT.expired + " Entre novamente para continuar.", alert: true };
  sessionStorage.removeItem(STORAGE_KEY);
  return null;
}

export function saveSession(session) {
  state.session = session;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  updateChrome();
}

export function signOut(notice) {
  state.session = null;
  state.notice = notice;
  sessionStorage.removeItem(STORAGE_KEY);
  updateChrome();
}

export function isAdmin() {
  return Boolean(state.session && state.session.user.role === "admin");
}

export function updateChrome() {
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
