/* How to reach a regional office: its phone, e-mail, address, hours and site (GET /campaign's
   regions), wherever the site says "procure a sua regional"; and the footer of every screen. */
import { el } from "./recadastro.js";
import { digits } from "./format.js";
import { call, token } from "./session.js";
import { state } from "./state.js";

export function regions() {
  return (state.campaign && state.campaign.regions) || [];
}

export function findRegion(code) {
  return regions().filter(function (region) { return region.code === code; })[0] || null;
}

/* The professional's own region, remembered for the session it was read with. */
export function rememberRegion(code) {
  state.myRegion = { token: token(), code: code };
}

export function myRegionCode() {
  var saved = state.myRegion;
  return saved && saved.token && saved.token === token() ? saved.code : null;
}

export function telHref(phone) {
  var number = digits(phone);
  return "tel:" + (number.charAt(0) === "0" || number.length < 10 ? number : "+55" + number);
}

function regionLabel(region) {
  return region.name + " (" + region.ufs.join(", ") + ")";
}

/* Phone and e-mail as links, the address, hours and site of one region. */
export function contactList(region) {
  var c = region.contacts;
  if (!c) return el("p", { class: "muted", text: "Os contatos desta regional não estão disponíveis agora." });
  return el("dl", { class: "contacts" },
    el("dt", { text: "Telefone" }), el("dd", {}, el("a", { href: telHref(c.phone) }, c.phone)),
    el("dt", { text: "E-mail" }), el("dd", {}, el("a", { href: "mailto:" + c.email }, c.email)),
    el("dt", { text: "Endereço" }), el("dd", { text: c.address }),
    el("dt", { text: "Atendimento" }), el("dd", { text: c.hours }),
    el("dt", { text: "Site" }), el("dd", {}, siteLink(c.site)));
}

function siteLink(site) {
  return el("a", { href: site, target: "_blank", rel: "noopener" },
    site.replace(/^https?:\/\//, ""), el("span", { class: "sr-only", text: " (abre em nova aba)" }));
}

/* One region under its own heading. */
export function regionCard(region, level) {
  return el("section", { class: "region-contacts", "aria-label": "Contatos da " + region.name },
    el(level, { text: regionLabel(region) }), contactList(region));
}

/* "Fale com a sua regional": the signed-in professional's own region; before sign-in (the region
   is not known) a short chooser by name and state. `id` keeps the controls of two boxes apart. */
export function regionHelp(id, intro) {
  var box = el("section", { class: "region-help", "aria-labelledby": id + "-titulo" },
    el("h2", { id: id + "-titulo", text: "Fale com a sua regional" }));
  if (intro) box.appendChild(el("p", { text: intro }));
  var own = findRegion(myRegionCode());
  if (own) {
    box.appendChild(regionCard(own, "h3"));
    return box;
  }
  if (!regions().length) {
    box.appendChild(el("p", {}, "Veja os contatos em ", el("a", { href: "#/duvidas" }, "Dúvidas frequentes"), "."));
    return box;
  }
  var select = el("select", { id: id + "-regiao", name: "regiao" },
    el("option", { value: "", text: "Escolha a regional" }));
  regions().forEach(function (region) {
    select.appendChild(el("option", { value: region.code, text: regionLabel(region) }));
  });
  var shown = el("div", { class: "region-help__shown", "aria-live": "polite" });
  select.addEventListener("change", function () {
    shown.textContent = "";
    var region = findRegion(select.value);
    if (region) shown.appendChild(regionCard(region, "h3"));
  });
  box.appendChild(el("div", { class: "field" },
    el("label", { for: id + "-regiao", text: "Sua regional (pelo estado onde você atua)" }), select));
  box.appendChild(shown);
  return box;
}

/* The footer: the own region's contacts once signed in, else where to find every region's. */
export function renderFooter() {
  var box = document.getElementById("rodape-contatos");
  if (!box) return;
  box.textContent = "";
  if (token() && !myRegionCode()) lookUpMyRegion();
  var own = token() ? findRegion(myRegionCode()) : null;
  if (own && own.contacts) {
    var c = own.contacts;
    box.appendChild(el("p", {}, "Sua regional, " + own.name + ": ",
      el("a", { href: telHref(c.phone) }, c.phone), " · ",
      el("a", { href: "mailto:" + c.email }, c.email), " · " + c.hours + "."));
    box.appendChild(el("p", {}, c.address + " · ", siteLink(c.site)));
    return;
  }
  box.appendChild(el("p", {}, "Dúvidas? Procure a sua regional: ",
    el("a", { href: "#/duvidas" }, "veja os contatos de todas as regionais"), "."));
}

/* GET /me, one call at a time: the footer and the screen that both want it share the answer. */
export function readMe() {
  var wanted = token();
  if (state.meCall && state.meCall.token === wanted) return state.meCall.promise;
  var promise = call("/me", { auth: true }).then(function (answer) {
    if (state.meCall && state.meCall.promise === promise) state.meCall = null;
    if (answer.ok && token() === wanted) rememberRegion(answer.data.region);
    return answer;
  });
  state.meCall = { token: wanted, promise: promise };
  return promise;
}

/* Once per session: the screens that read GET /me remember the region too. */
function lookUpMyRegion() {
  var wanted = token();
  if (state.regionLookup === wanted) return;
  state.regionLookup = wanted;
  readMe().then(function (answer) {
    if (answer.ok && token() === wanted) renderFooter();
  });
}
