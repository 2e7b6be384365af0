/* Going to a screen. The router registers itself here, so that the screens and the session
   can navigate without importing the router (which loads them). */
var router = function () {};

export function setRouter(route) { router = route; }

export function go(hash) {
  if (location.hash === hash) router();
  else location.hash = hash;
}
