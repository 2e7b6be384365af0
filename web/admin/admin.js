/* Recadastro, the staff page (/admin/): reviewers work the queue of their regions, national admins
   everything plus the campaign settings and the card vendor's failures. Plain JS modules, no
   build; the API's address comes from /config.js, the calls and helpers from /lib.js
   (window.Recadastro), both classic scripts that run before this module.
   This entry holds only the start: the shared pieces are in js/, each screen in js/screens/,
   fetched the first time it is shown (see js/router.js). */

import { state } from "./js/state.js";
import { loadSession, signOut, updateChrome } from "./js/session.js";
import { go, route } from "./js/router.js";
import { TEXT } from "./js/texts.js";
import "./js/council.js"; // asks for the campaign (the council's name, its regions) right away
import "./js/focus-guard.js"; // follows the focus and the scroll from the start

document.querySelector("[data-sign-out]").addEventListener("click", function () {
  signOut({ text: TEXT.signedOut, alert: false });
  state.after = null;
  go("#/entrar");
});
window.addEventListener("hashchange", route);
state.session = loadSession();
updateChrome();
route();
