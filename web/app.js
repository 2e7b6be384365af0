/* Recadastro: fills the elements marked data-campaign="..." with GET {apiUrl}/campaign.
   Plain JS, no build. The API's address comes from /config.js (window.RECADASTRO_CONFIG). */
(function () {
  "use strict";

  // Every text this script shows, in one place.
  var MESSAGES = {
    loadFailed:
      "Não foi possível carregar os dados da campanha. Tente novamente em instantes.",
    daysLeft: function (days) {
      if (days > 1) return "Faltam " + new Intl.NumberFormat("pt-BR").format(days) + " dias";
      if (days === 1) return "Falta 1 dia";
      if (days === 0) return "Hoje é o último dia";
      return "O prazo terminou";
    },
    feeAfterDeadline:
      "Após o prazo, o recadastramento continua possível, mas a emissão da nova carteira poderá ter taxa.",
  };

  var REQUEST_TIMEOUT_MS = 10000;

  function apiUrl() {
    var config = window.RECADASTRO_CONFIG || {};
    if (typeof config.apiUrl !== "string" || config.apiUrl === "") {
      throw new Error("RECADASTRO_CONFIG.apiUrl is not set");
    }
    return config.apiUrl.replace(/\/+$/, "");
  }

  // "2027-03-31" -> "31/03/2027", without going through Date (no time-zone shift).
  function formatDate(isoDate) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
    if (!parts) throw new Error("not an ISO date: " + isoDate);
    return parts[3] + "/" + parts[2] + "/" + parts[1];
  }

  function isCampaign(data) {
    return (
      data !== null &&
      typeof data === "object" &&
      typeof data.council === "string" &&
      typeof data.deadline === "string" &&
      typeof data.days_left === "number" &&
      Array.isArray(data.regions)
    );
  }

  function fetchCampaign() {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    return Promise.resolve()
      .then(function () {
        return fetch(apiUrl() + "/campaign", {
          headers: { Accept: "application/json" },
          signal: controller ? controller.signal : undefined,
        });
      })
      .then(function (response) {
        if (!response.ok) throw new Error("GET /campaign answered " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (!isCampaign(data)) throw new Error("unexpected /campaign answer");
        return data;
      })
      .finally(function () {
        if (timer) clearTimeout(timer);
      });
  }

  function each(name, fn) {
    var nodes = document.querySelectorAll('[data-campaign="' + name + '"]');
    for (var i = 0; i < nodes.length; i++) fn(nodes[i]);
  }

  function setText(name, text) {
    each(name, function (node) { node.textContent = text; });
  }

  function regionLabel(region) {
    var ufs = Array.isArray(region.ufs) ? region.ufs.join(", ") : "";
    return region.name + (ufs ? " (" + ufs + ")" : "");
  }

  function render(campaign) {
    setText("council", campaign.council);
    setText("deadline", formatDate(campaign.deadline));
    setText("days-left", MESSAGES.daysLeft(campaign.days_left));
    each("fee", function (node) {
      node.textContent = MESSAGES.feeAfterDeadline;
      node.hidden = !campaign.fee_after_deadline;
    });
    each("regions", function (list) {
      list.textContent = "";
      campaign.regions.forEach(function (region) {
        var item = document.createElement("li");
        item.textContent = regionLabel(region);
        list.appendChild(item);
      });
    });
    each("details", function (node) { node.hidden = false; });
    each("loading", function (node) { node.hidden = true; });
  }

  function renderError() {
    each("loading", function (node) { node.hidden = true; });
    each("details", function (node) { node.hidden = true; });
    setText("error", MESSAGES.loadFailed);
  }

  function start() {
    return fetchCampaign().then(render, function (error) {
      if (window.console) console.error("recadastro: campaign not loaded", error);
      renderError();
    });
  }

  window.Recadastro = {
    MESSAGES: MESSAGES,
    formatDate: formatDate,
    fetchCampaign: fetchCampaign,
    render: render,
    start: start,
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
