/* "Dúvidas frequentes" (#/duvidas): short answers for where people get stuck, and the contacts of
   every regional. Open to everyone, signed in or not; linked from the footer of every screen. */
import { el, formatDate } from "../recadastro.js";
import { findRegion, myRegionCode, regionCard, regions } from "../contacts.js";
import { todayInBrazil } from "../format.js";
import { ADDRESS_PROOF, GROUP_ORDER, GROUPS, PROOF } from "../groups.js";
import { screen } from "../layout.js";
import { token } from "../session.js";
import { state } from "../state.js";
import { T } from "../texts.js";

function question(id, title) {
  var section = el("section", { class: "faq__item", "aria-labelledby": id });
  section.appendChild(el("h2", { id: id, text: title }));
  for (var i = 2; i < arguments.length; i++) if (arguments[i]) section.appendChild(arguments[i]);
  return section;
}

function lostEmail() {
  return question("duvida-email", "Não tenho mais acesso ao e-mail do cadastro",
    el("p", { text: "O código de acesso vai sempre para o e-mail que está no cadastro do conselho. Se esse e-mail não existe mais, " +
      "ou se não há e-mail no seu cadastro, a sua regional atualiza o endereço para você." }),
    el("p", { text: "Vá à regional (ou fale antes por telefone ou e-mail para saber como ela atende) levando:" }),
    el("ul", {},
      el("li", { text: "um documento oficial com foto (RG, CNH ou passaporte);" }),
      el("li", { text: "o número do seu CPF;" }),
      el("li", { text: "o novo endereço de e-mail que você quer usar." })),
    el("p", { text: "Depois que a equipe atualizar o cadastro, entre de novo com o seu CPF: o código chega ao novo e-mail." }));
}

function proofItem(group) {
  var def = GROUPS[group];
  var kinds = def.proof.map(function (kind) { return PROOF[kind].name; });
  return el("li", {}, el("strong", { text: def.title + ": " }), kinds.join(" ou ") + ".");
}

function proofs() {
  var kinds = {};
  GROUP_ORDER.forEach(function (group) { GROUPS[group].proof.forEach(function (kind) { kinds[kind] = true; }); });
  var hints = el("ul", {});
  Object.keys(kinds).forEach(function (kind) {
    if (PROOF[kind].hint) hints.appendChild(el("li", {}, el("strong", { text: PROOF[kind].label + ": " }), PROOF[kind].hint));
  });
  var list = el("ul", {});
  GROUP_ORDER.forEach(function (group) { list.appendChild(proofItem(group)); });
  return question("duvida-comprovantes", "Que comprovante cada alteração pede?",
    el("p", { text: "Cada pedido de alteração leva um arquivo que comprova o novo dado (foto legível ou PDF, até 20 MB):" }),
    list,
    el("p", { text: "Para confirmar seus dados (“Confirmo que meus dados estão corretos”), anexe um " +
      PROOF[ADDRESS_PROOF[0]].name + " recente. Se uma alteração de endereço sua, com comprovante, já foi aprovada, não é preciso anexar outro." }),
    el("p", { text: "O que vale como cada comprovante:" }),
    hints);
}

function deadlineText(campaign) {
  if (!campaign) return el("p", { text: "O prazo aparece no alto de cada página do site." });
  var deadline = formatDate(campaign.deadline);
  var ended = campaign.days_left === 0 && todayInBrazil() > campaign.deadline;
  return el("p", { text: (ended ? "O prazo do recadastramento terminou em " : "O prazo do recadastramento vai até ") +
    deadline + " (horário de Brasília)." });
}

function deadlines() {
  var campaign = state.campaign;
  var fee = campaign && campaign.fee_after_deadline;
  return question("duvida-prazo", "Qual é o prazo? E se eu perder?",
    deadlineText(campaign),
    el("p", { text: fee
      ? "Depois do prazo você ainda pode conferir e atualizar seus dados, mas a emissão da nova carteira passa a ter a taxa prevista pelo conselho, paga antes de a carteira ser pedida."
      : "Depois do prazo você ainda pode conferir e atualizar seus dados." }),
    el("p", { text: "Os pedidos enviados são analisados pela equipe da regional; o resultado chega por e-mail." +
      (T.reviewTime(campaign) ? " " + T.reviewTime(campaign) : "") }));
}

function afterConcluding() {
  return question("duvida-depois", "O que acontece depois que eu concluo?",
    el("p", { text: "Você conclui o recadastramento quando confirma que seus dados estão corretos. Pedir uma alteração não conclui: " +
      "se você confirma com alterações em análise, a conclusão acontece quando a última for aprovada." }),
    el("ol", {},
      el("li", { text: "A nova carteira é pedida à empresa que a produz, com os dados que estão no cadastro naquele momento. Alterações aprovadas depois não mudam a carteira já pedida." }),
      el("li", { text: "Você recebe por e-mail o link da empresa para o cadastramento da biometria (foto e digitais). Faça-o o quanto antes: a produção só começa depois dele." }),
      el("li", { text: "A carteira é produzida e enviada. Acompanhe cada etapa em “Meus dados”." })),
    el("p", {}, "Quer só saber como está um pedido? ", el("a", { href: "#/protocolo" }, "Consulte pelo número do protocolo"), "."));
}

function contacts() {
  var own = token() ? findRegion(myRegionCode()) : null;
  var section = question("duvida-regionais", own ? "Contatos da sua regional" : "Contatos das regionais");
  if (own) {
    section.appendChild(regionCard(own, "h3"));
    return section;
  }
  if (!regions().length) {
    section.appendChild(el("p", { text: "Não foi possível carregar os contatos agora. Recarregue a página em instantes." }));
    return section;
  }
  section.appendChild(el("p", { text: "Procure a regional do estado onde você atua:" }));
  regions().forEach(function (region) { section.appendChild(regionCard(region, "h3")); });
  return section;
}

export function viewFaq() {
  var view = screen("Dúvidas frequentes");
  var draw = function () {
    if (!view.alive()) return;
    view.add(el("p", { text: "Respostas curtas para as dúvidas mais comuns. Se a sua não estiver aqui, fale com a sua regional." }),
      lostEmail(), proofs(), deadlines(), afterConcluding(), contacts());
  };
  if (state.campaign || !state.campaignLoaded) draw();
  else state.campaignLoaded.then(draw, draw);
}
