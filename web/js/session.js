/* The signed-in session (sessionStorage) and the API calls that need it. */
import { api } from "./recadastro.js";
import { go } from "./navigation.js";
import { state } from "./state.js";
import { T } from "./texts.js";

export var SESSION_KEY = "recadastro.sessao";
export var SIGNIN_KEY = "recadastro.entrada";

export function readStore(key) {
  try { return JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { return null; }
}

function session() {
  var saved = readStore(SESSION_KEY);
  if (!saved || !saved.token) return null;
  if (saved.expires_at && Date.parse(saved.expires_at) <= Date.now()) return null;
  return saved;
}

export function token() {
  var saved = session();
  return saved ? saved.token : null;
}

export function signOut(notice) {
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
export function call(path, options) {
  options = options || {};
  if (options.auth) {
    options.token = token();
    if (!options.token) return sessionEnded();
  }
  return api(path, options).then(function (answer) {
    if (options.auth && answer.status === 401) return sessionEnded();
    return answer;
  });
}
