/* Chromium's PDF viewer takes the focus once it has loaded, scrolling the page to it: a
   reviewer typing a reason, or reading the data, would be thrown to the attachment. Focus
   that moves into a viewer with no pointer over it and no Tab just pressed goes back where
   it was, and so does the scroll. (The page only sees its window lose the focus.)
   The listeners are set when the page starts (admin.js imports this module), so the focus and
   the scroll are followed from the first screen on, as the request screen needs them. */

import { view } from "./view.js";

var focusGuard = { before: null, scrollX: 0, scrollY: 0, tabAt: 0, pointerOver: false };
document.addEventListener("focusin", function (event) { focusGuard.before = event.target; });
document.addEventListener("keydown", function (event) {
  if (event.key === "Tab") focusGuard.tabAt = Date.now();
}, true);
/* Scroll events come a frame late: at the moment of the theft these still hold the place
   the reviewer was reading. */
window.addEventListener("scroll", function () {
  var hold = focusGuard.hold;
  if (hold && Date.now() < hold.until && (window.scrollX !== hold.x || window.scrollY !== hold.y)) {
    window.scrollTo(hold.x, hold.y);
    return;
  }
  focusGuard.scrollX = window.scrollX;
  focusGuard.scrollY = window.scrollY;
}, { passive: true });
window.addEventListener("blur", function () {
  var x = focusGuard.scrollX;
  var y = focusGuard.scrollY;
  var before = focusGuard.before;
  setTimeout(function () { giveBack(before, x, y); }, 0);
});

function giveBack(before, x, y) {
  var viewer = document.activeElement;
  if (!viewer || !viewer.classList || !viewer.classList.contains("attachment-view")) return;
  if (focusGuard.pointerOver || Date.now() - focusGuard.tabAt < 1000) return;
  var back = before && before !== viewer && document.contains(before) ? before : view.heading;
  if (back && back.focus) back.focus({ preventScroll: true });
  window.scrollTo(x, y);
  // The viewer may scroll itself into view a moment later: hold the place briefly.
  focusGuard.hold = { x: x, y: y, until: Date.now() + 400 };
}

export function keepFocus(viewer) {
  viewer.addEventListener("mouseenter", function () { focusGuard.pointerOver = true; });
  viewer.addEventListener("mouseleave", function () { focusGuard.pointerOver = false; });
  return viewer;
}
