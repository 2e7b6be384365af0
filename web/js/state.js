/* What the screens share while the page is open: the campaign, a notice for the next screen,
   the last request sent (for its confirmation), and which render is the current one. */
export var state = { campaign: null, notice: null, confirmation: null, rendered: false, renderId: 0 };
