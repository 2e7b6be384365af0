/* The main area every screen draws into. */

import { state } from "./state.js";
import { TEXT } from "./texts.js";

var el = window.Recadastro.el;

export var view = document.querySelector("[data-view]");

/* Clears the view for a new screen: where it is (the breadcrumbs), its h1 (focused, so screen
   readers announce the change, unless the screen asked to focus something else) and the title
   of the tab. Bumps state.current, so answers that come back for an older screen are dropped
   (see live()). crumbs: [[text, hash], …, [text]], the last one this screen; by default the
   title alone. */
export function begin(title, crumbs) {
  state.current += 1;
  document.title = title + " — " + TEXT.appName;
  view.textContent = "";
  view.crumbs = breadcrumbs(crumbs || [[title]]);
  view.appendChild(view.crumbs);
  var heading = el("h1", { tabindex: "-1", text: title });
  view.appendChild(heading);
  view.focusTarget = state.focusNext;
  state.focusNext = null;
  if (!view.focusTarget) heading.focus();
  view.heading = heading;
  return view;
}

function breadcrumbs(crumbs) {
  var list = el("ol");
  crumbs.forEach(function (crumb, index) {
    var last = index === crumbs.length - 1;
    list.appendChild(el("li", {}, last || !crumb[1]
      ? el("span", { "aria-current": last ? "page" : null, text: crumb[0] })
      : el("a", { href: crumb[1], text: crumb[0] })));
  });
  return el("nav", { class: "breadcrumbs", "aria-label": TEXT.breadcrumbs }, list);
}

/* The last crumb, once the screen knows its name (a request's protocol, a person's name). */
export function renameCrumb(text) {
  var items = view.crumbs ? view.crumbs.querySelectorAll("li") : [];
  if (items.length) items[items.length - 1].firstChild.textContent = text;
}

export function live(id) { return id === state.current; }
