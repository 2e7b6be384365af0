/* "Meus dados" (#/dados): the record by group, the card, and the "nada mudou" entry. */
import { el, formatCpf } from "../recadastro.js";
import { formatPhone } from "../format.js";
import { choiceLabel, display, GROUP_ORDER, GROUPS } from "../groups.js";
import { screen } from "../layout.js";
import { blockedReason, withMine, reasonNode } from "../mine.js";
import { state } from "../state.js";
import { CARD_STATUS, DONE, PROFESSIONAL_STATUS } from "../statuses.js";
import { definitionList, linkButton, srOnly } from "../ui.js";

export function viewData() {
  var view = screen("Meus dados");
  withMine(view, function (mine) {
    var me = mine.me;
    var personal = me.data.personal || {};
    view.add(
      el("section", { class: "card", "aria-labelledby": "quem-titulo" },
        el("h2", { id: "quem-titulo", text: personal.name || "Profissional" }),
        definitionList([
          ["CPF", formatCpf(me.document)],
          ["Registro", me.registration_number],
          ["Regional", regionName(me.region)],
          ["Situação", PROFESSIONAL_STATUS[me.status] || me.status],
        ])),
      cardBox(me),
      noChangeBox(mine),
      el("p", { text: "Confira cada grupo de dados abaixo. Se algo estiver errado ou desatualizado, peça a alteração com o comprovante." }));
    GROUP_ORDER.forEach(function (group) { view.add(groupSection(mine, group)); });
  });
}

function regionName(code) {
  var regions = (state.campaign && state.campaign.regions) || [];
  var found = regions.filter(function (region) { return region.code === code; })[0];
  return found ? found.name + " (" + code + ")" : code;
}

function cardBox(me) {
  if (!me.card && !me.fee_required) return null;
  var box = el("section", { class: "highlight", "aria-labelledby": "carteira-titulo" },
    el("h2", { id: "carteira-titulo", text: "Sua nova carteira" }));
  if (me.card) {
    box.appendChild(definitionList([["Situação", CARD_STATUS[me.card.status] || me.card.status]]));
    if (me.card.enrollment_url && me.card.status === "requested") {
      box.appendChild(el("p", { text: "Falta um passo: faça o cadastro biométrico (foto, assinatura e digitais) no site da empresa que produz a carteira." }));
      box.appendChild(el("p", {}, el("a", {
        class: "button button--primary", href: me.card.enrollment_url, rel: "noopener",
      }, "Fazer o cadastro biométrico")));
    } else if (me.card.status === "pending") {
      box.appendChild(el("p", { text: "Estamos enviando seus dados para a produção da carteira. O link do cadastro biométrico chega por e-mail." }));
    }
  }
  if (me.fee_required) {
    box.appendChild(el("p", { class: "fee", text: "Sua atualização foi concluída depois do prazo da campanha: a emissão da nova carteira terá a taxa prevista pelo conselho." }));
  }
  return box;
}

function noChangeBox(mine) {
  if (!mine.anyOpen && DONE[mine.me.status]) {
    return el("section", { class: "card card--done", "aria-labelledby": "nada-titulo" },
      el("h2", { id: "nada-titulo", text: "Recadastramento concluído" }),
      el("p", { text: "Seus dados estão confirmados. Se algo mudar, peça a alteração no grupo de dados correspondente, abaixo." }));
  }
  var box = el("section", { class: "card", "aria-labelledby": "nada-titulo" },
    el("h2", { id: "nada-titulo", text: "Está tudo certo?" }),
    el("p", { text: "Se nenhum dado mudou, declare isso com um comprovante de endereço e seu recadastramento fica concluído." }));
  if (mine.anyOpen) {
    box.appendChild(el("button", { type: "button", class: "button", disabled: true, "aria-describedby": "nada-motivo" }, "Nada mudou: confirmar meus dados"));
    box.appendChild(el("p", { class: "blocked", id: "nada-motivo" },
      "Você tem solicitações em aberto: aguarde a análise delas para declarar que nada mudou. ",
      el("a", { href: "#/solicitacoes" }, "Ver minhas solicitações")));
  } else {
    box.appendChild(linkButton("Nada mudou: confirmar meus dados", "#/nada-mudou", "button--primary"));
  }
  return box;
}

function groupSection(mine, group) {
  var def = GROUPS[group];
  var values = mine.me.data[group];
  var section = el("section", { class: "group", id: "grupo-" + group, "aria-labelledby": "grupo-" + group + "-titulo" },
    el("h2", { id: "grupo-" + group + "-titulo", text: def.title }));
  if (def.list) {
    var items = values || [];
    if (!items.length) section.appendChild(el("p", { class: "muted", text: def.list.empty }));
    else {
      section.appendChild(definitionList(items.map(function (item) {
        var value = item[def.list.value];
        return [choiceLabel(def.list.choices, item.type), def.list.type === "phone" ? formatPhone(value) : value];
      })));
    }
  } else {
    section.appendChild(definitionList(def.fields.map(function (field) {
      return [field.label, display(field, (values || {})[field.name])];
    })));
  }
  var reason = blockedReason(mine, group);
  if (reason) {
    section.appendChild(el("button", { type: "button", class: "button", disabled: true, "aria-describedby": "grupo-" + group + "-motivo" },
      "Solicitar alteração", srOnly(" de " + def.title)));
    section.appendChild(reasonNode("grupo-" + group + "-motivo", reason));
  } else {
    section.appendChild(el("a", { class: "button", href: "#/alterar/" + group }, "Solicitar alteração", srOnly(" de " + def.title)));
  }
  return section;
}
