/* The campaign as the public API tells it: the council's name (shown in the header as soon as
   it comes) and its regions. Asked once, when the page loads; screens that need the regions
   wait for campaignReady. */

import { state } from "./state.js";
import { isAdmin } from "./session.js";

var R = window.Recadastro;

export var campaignReady = R.api("/campaign").then(function (answer) {
  if (answer.ok) {
    state.campaign = answer.data;
    document.querySelectorAll("[data-council]").forEach(function (node) {
      node.textContent = answer.data.council;
    });
    document.querySelectorAll("[data-council-initials]").forEach(function (node) {
      node.textContent = initials(answer.data.council);
    });
  }
  return state.campaign;
});

export function regionName(code) {
  var regions = (state.campaign && state.campaign.regions) || [];
  for (var i = 0; i < regions.length; i++) if (regions[i].code === code) return regions[i].name;
  return code;
}

/* The regions one may filter by: every one for admins, their own for reviewers. */
export function regionOptions(allLabel) {
  var user = state.session.user;
  var codes = isAdmin()
    ? ((state.campaign && state.campaign.regions) || []).map(function (region) { return region.code; })
    : user.regions;
  return [["", allLabel]].concat(codes.map(function (code) {
    var name = regionName(code);
    return [code, name === code ? code : code + " — " + name];
  }));
}

export function canPickRegion() {
  return isAdmin() || state.session.user.regions.length > 1;
}

/* The logo slot until the council puts its logo: "Conselho Regional de Exemplo" -> "CRE". */
function initials(name) {
  var words = String(name || "").split(/\s+/).filter(function (word) {
    return word && !/^(d[aeo]s?|e)$/i.test(word);
  });
  return words.map(function (word) { return word[0].toUpperCase(); }).join("").slice(0, 4) || "CP";
}
