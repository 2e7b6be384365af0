/* "Meus dados" (#/dados): on top, where the re-registration stands, what is left to do and the
   one action that comes next; then who the professional is, the card, and the data by group,
   each group a section that opens (with its state: a change in review, returned, approved). */
import { el, formatCpf } from "../recadastro.js";
import { counted, formatPhone } from "../format.js";
import { choiceLabel, GROUP_ORDER, GROUPS, groupRows } from "../groups.js";
import { noticeBox, screen } from "../layout.js";
import { blockedReason, withMine, reasonNode } from "../mine.js";
import { go } from "../navigation.js";
import { call, keepSession } from "../session.js";
import { state } from "../state.js";
import { CARD_STATUS, PROFESSIONAL_STATUS } from "../statuses.js";
import { T } from "../texts.js";
import { button, definitionList, setBusy, srOnly } from "../ui.js";

/* The group to show open when the screen is drawn again after a change made on it. */
var openAfterDraw = null;

export function viewData() {
  var view = screen("Meus dados");
  view.add(noticeBox());
  var opened = openAfterDraw;
  openAfterDraw = null;
  withMine(view, function (mine) {
    var me = mine.me;
    var personal = me.data.personal || {};
    view.add(
      summaryBox(mine),
      el("section", { class: "card", "aria-labelledby": "quem-titulo" },
        el("h2", { id: "quem-titulo", text: personal.name || "Profissional" }),
        definitionList([
          ["CPF", formatCpf(me.document)],
          ["Registro", me.registration_number],
          ["Regional", regionName(me.region)],
        ].concat(me.session ? [["Entrou com", T.signedInWith(me.session)]] : []))),
      cardBox(me),
      el("h2", { id: "grupos-titulo", text: "Dados do cadastro" }),
      el("p", { text: "Abra cada grupo para conferir. Se algo estiver errado ou desatualizado, peça a alteração com o comprovante." }));
    GROUP_ORDER.forEach(function (group) { view.add(groupSection(mine, group, group === opened)); });
  });
}

/* Where things stand: {title, tone, todo, text, primary, secondary, explain}. */
function plan(mine) {
  var me = mine.me;
  var todo = [];
  if (mine.returned.length) {
    todo.push(counted(mine.returned.length, "solicitação devolvida: complemente e reenvie", "solicitações devolvidas: complemente e reenvie"));
  }
  if (mine.inReview.length) todo.push(counted(mine.inReview.length, "solicitação em análise", "solicitações em análise"));
  if (mine.concluded) return concludedPlan(me, todo);
  if (me.confirmed) {
    return {
      title: "Dados confirmados: falta a análise", tone: "info", todo: todo, text: T.alreadyConfirmed,
      primary: { text: "Acompanhar minhas solicitações", href: "#/solicitacoes" },
    };
  }
  todo.push("Falta confirmar seus dados");
  var confirm = { text: T.confirmAction, href: "#/nada-mudou" };
  var returned = mine.returned[0];
  return {
    title: PROFESSIONAL_STATUS[me.status] || "Recadastramento em andamento", tone: "warning", todo: todo,
    text: mine.confirmationUndone ? T.confirmAgain : null,
    primary: returned ? { text: "Complementar a solicitação", href: "#/reenviar/" + encodeURIComponent(returned.id) } : confirm,
    secondary: returned ? confirm : null,
    explain: T.concludingExplained,
  };
}

function concludedPlan(me, todo) {
  var card = me.card;
  var result = {
    title: "Recadastramento concluído", tone: "success", todo: todo,
    text: "Seus dados estão confirmados. Se algo mudar, peça a alteração no grupo de dados, abaixo.",
  };
  if (card && card.status === "requested" && card.enrollment_url) {
    todo.unshift("Faça o cadastro biométrico (foto, assinatura e digitais) no site da empresa que produz a carteira");
    result.primary = { text: "Fazer o cadastro biométrico", href: card.enrollment_url, external: true };
  } else if (card && card.status === "pending") {
    todo.unshift("Aguarde o e-mail com o link do cadastro biométrico");
  }
  if (!todo.length) todo.push("Nada a fazer por enquanto");
  return result;
}

function summaryBox(mine) {
  var next = plan(mine);
  var box = el("section", { class: "summary summary--" + next.tone, "aria-labelledby": "resumo-titulo" },
    el("h2", { id: "resumo-titulo", text: next.title }));
  var list = el("ul", { class: "summary__todo", "aria-label": "O que falta" });
  next.todo.forEach(function (item) { list.appendChild(el("li", { text: item })); });
  box.appendChild(list);
  if (next.text) box.appendChild(el("p", { class: "summary__text", text: next.text }));
  var actions = el("div", { class: "actions" });
  if (next.primary) actions.appendChild(actionLink(next.primary, "button button--primary"));
  if (next.secondary) actions.appendChild(actionLink(next.secondary, "button button--secondary button-secondary"));
  if (actions.childNodes.length) box.appendChild(actions);
  if (next.explain) box.appendChild(el("p", { class: "hint summary__explain", text: next.explain }));
  return box;
}

function actionLink(action, className) {
  return el("a", { class: className, href: action.href, rel: action.external ? "noopener" : null }, action.text);
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
    box.appendChild(definitionList([["Situação", CARD_STATUS[me.card.status] || "Em andamento"]]));
    if (me.card.status === "requested" && me.card.enrollment_url) {
      box.appendChild(el("p", { text: "Falta um passo: o cadastro biométrico. Use o botão “Fazer o cadastro biométrico”, no início da página." }));
    } else if (me.card.status === "pending") {
      box.appendChild(el("p", { text: "Estamos enviando seus dados para a produção da carteira. O link do cadastro biométrico chega por e-mail." }));
    }
  }
  if (me.fee_required) {
    box.appendChild(el("p", { class: "fee", text: "Sua atualização foi concluída depois do prazo da campanha: a emissão da nova carteira terá a taxa prevista pelo conselho." }));
  }
  return box;
}

/* The short state shown beside a group's name: {text, tone} or null. */
function groupState(mine, group) {
  if ((mine.me.locked_groups || []).indexOf(group) >= 0) return { text: "Só pela regional", tone: "muted" };
  var open = mine.open[group];
  if (open && open.status === "returned") return { text: "Devolvida: complemente", tone: "warning" };
  if (open) return { text: "Alteração em análise", tone: "info" };
  if (mine.approvedGroups[group]) return { text: "Alteração aprovada", tone: "success" };
  return null;
}

function groupValues(mine, group) {
  var def = GROUPS[group];
  var values = mine.me.data[group];
  if (!def.list) return definitionList(groupRows(def, values));
  var items = values || [];
  if (!items.length) return el("p", { class: "muted", text: def.list.empty });
  return definitionList(items.map(function (item) {
    var value = item[def.list.value];
    return [choiceLabel(def.list.choices, item.type), def.list.type === "phone" ? formatPhone(value) : value];
  }));
}

function groupSection(mine, group, open) {
  var def = GROUPS[group];
  var tag = groupState(mine, group);
  var body = el("div", { class: "group__body" }, groupValues(mine, group));
  var reason = blockedReason(mine, group);
  if (reason) {
    body.appendChild(el("button", { type: "button", class: "button", disabled: true, "aria-describedby": "grupo-" + group + "-motivo" },
      "Solicitar alteração", srOnly(" de " + def.title)));
    body.appendChild(reasonNode("grupo-" + group + "-motivo", reason));
  } else {
    body.appendChild(el("a", { class: "button", href: "#/alterar/" + group }, "Solicitar alteração", srOnly(" de " + def.title)));
  }
  var offer = group === "emails" ? govbrEmailOffer(mine.me) : null;
  if (offer) body.appendChild(offer);
  return el("details", { class: "group", id: "grupo-" + group, open: open },
    el("summary", { class: "group__summary" },
      el("span", { class: "group__title", text: def.title }),
      tag ? el("span", { class: "tag tag--" + tag.tone, text: tag.text }) : null),
    body);
}

/* A gov.br session at level silver or gold may make the account's e-mail the contact e-mail at
   once. Every session of the person ends with the change; the answer brings this page a new one. */
function govbrEmailOffer(me) {
  var session = me.session;
  if (!session || session.method !== "govbr" || (session.level !== "silver" && session.level !== "gold")) return null;
  var use = button("Usar o e-mail da minha conta gov.br como e-mail de contato", {
    class: "button button--secondary button-secondary", "aria-describedby": "govbr-email-dica",
  });
  var problem = el("div", {});
  use.addEventListener("click", function () {
    problem.textContent = "";
    setBusy(use, true, "Trocando o e-mail…");
    call("/me/contact-email", { method: "PUT", auth: true, body: { source: "govbr" } }).then(function (answer) {
      setBusy(use, false);
      if (!answer.ok) {
        problem.appendChild(el("p", { class: "error-summary", role: "alert", text: answer.data.message }));
        return;
      }
      keepSession(answer.data);
      var first = ((answer.data.data || {}).emails || [])[0];
      state.notice = "Pronto: seu e-mail de contato agora é " + (first ? first.address : "o da sua conta gov.br") +
        ". Avisamos o endereço antigo da troca.";
      openAfterDraw = "emails";
      go("#/dados");
    });
  });
  return el("div", { class: "govbr-email" },
    el("h3", { text: "E-mail da conta gov.br" }),
    el("p", { id: "govbr-email-dica", text: "O e-mail da sua conta gov.br passa a ser o seu e-mail de contato na hora, sem análise. Avisaremos o endereço antigo da troca." }),
    use, problem);
}
