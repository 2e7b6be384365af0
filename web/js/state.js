/* What the screens share while the page is open: the campaign (and its loading), a notice for
   the next screen, the last request sent (for its confirmation), which render is the current one,
   the signed-in professional's region (for the regional's contacts), and what gov.br sent back
   (a ticket or an error) for the sign-in screen. */
export var state = {
  campaign: null, campaignLoaded: null, notice: null, confirmation: null, rendered: false, renderId: 0,
  myRegion: null, regionLookup: null, meCall: null, govbrReturn: null,
};
