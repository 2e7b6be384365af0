/* The staff API's calls. */

import { state } from "./state.js";
import { signOut } from "./session.js";
import { route } from "./router.js";
import { TEXT } from "./texts.js";

var R = window.Recadastro;

/* A staff call: the token goes along, and a 401 ends the session and goes back to sign-in
   (the promise of that call never settles, so the screen that asked stops there). */
export function call(path, options) {
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
