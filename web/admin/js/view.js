/* The main area every screen draws into. */

import { state } from "./state.js";
import { TEXT } from "./texts.js";

var el = window.Recadastro.el;

export var view = document.querySelector("[data-view]");

/* Clears the view for a new screen: its h1 (focused, so screen readers announce the change,
   unless the screen asked to focus something else) and the title of the tab. Bumps
   state.current, so answers that come back for an older screen are dropped (see live()). */
export function begin(title) {
  state.current += 1;
  document.title = title + " — " + TEXT.appName;
  view.textContent = "";
  var heading = el("h1", { tabindex: "-1", text: title });
  view.appendChild(heading);
  view.focusTarget = state.focusNext;
  state.focusNext = null;
  if (!view.focusTarget) heading.focus();
  view.heading = heading;
  return view;
}

export function live(id) { return id === state.current; }
