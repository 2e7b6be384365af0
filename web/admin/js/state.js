/* What the page remembers between screens. */

export var state = {
  session: null,
  notice: null, // {text, alert} shown once on the sign-in screen
  after: null, // the screen asked for before signing in
  campaign: null,
  current: 0, // bumps on every screen drawn: late answers of an old screen are dropped
  focusNext: null,
  queue: "#/fila", // the queue (with its filters) a reviewer last looked at: where "next" comes from
};
