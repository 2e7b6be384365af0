/* The signed-in session (sessionStorage), the API calls that need it, and its end. */
import { api } from "./recadastro.js";
import { go } from "./navigation.js";
import { state } from "./state.js";
import { T } from "./texts.js";

export var SESSION_KEY = "recadastro.sessao";
export var SIGNIN_KEY = "recadastro.entrada";
/* Set just before the page leaves for gov.br's logout: the site, opened again on its way back,
   says the person is out. */
export var SIGNED_OUT_KEY = "recadastro.saiu";

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

/* A session from the API ({token, expires_at}), by code or by gov.br; a new one replaces it. */
export function keepSession(answer) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: answer.token, expires_at: answer.expires_at }));
}

export function signOut(notice) {
  sessionStorage.removeItem(SESSION_KEY);
  state.notice = notice || null;
  go("#/entrar");
}

/* "Sair": the API ends the token at once (a 401 means it had already ended: forgotten all the
   same); a gov.br session then goes through gov.br's logout, which comes back to the site. */
export function logOut() {
  var current = token();
  if (!current) return Promise.resolve(signOut(T.signedOut));
  return api("/auth/logout", { method: "POST", body: {}, token: current }).then(function (answer) {
    sessionStorage.removeItem(SESSION_KEY);
    var next = answer.ok && answer.data && answer.data.logout_url;
    if (next) {
      sessionStorage.setItem(SIGNED_OUT_KEY, "true");
      location.assign(next);
      return;
    }
    signOut(T.signedOut);
  });
}

/* The notice of a logout that went through gov.br, once, on the way back. */
export function takeSignedOutNotice() {
  if (!sessionStorage.getItem(SIGNED_OUT_KEY)) return null;
  sessionStorage.removeItem(SIGNED_OUT_KEY);
  return T.signedOut;
}

function sessionEnded(error) {
  // Once only, though several calls may answer 401 together. "session_ended": ended elsewhere
  // (Sair in another tab, the e-mail changed), not merely expired.
  var notice = error && error.code === "session_ended" ? T.sessionClosed : T.sessionEnded;
  if (readStore(SESSION_KEY) || location.hash.indexOf("#/entrar") !== 0) signOut(notice);
  return new Promise(function () {}); // the screen changes; nothing waits for this answer
}

/* The API through lib.js; with auth, a 401 (or no token) takes the person back to sign-in. */
export function call(path, options) {
  options = options || {};
  if (options.auth) {
    options.token = token();
    if (!options.token) return sessionEnded(null);
  }
  return api(path, options).then(function (answer) {
    if (options.auth && answer.status === 401) return sessionEnded(answer.data);
    return answer;
  });
}
