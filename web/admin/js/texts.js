/* Every text of the page's chrome and its shared messages, in one place (a screen's own words
   stay in its module). */

var R = window.Recadastro;

export var TEXT = {
  appName: "Recadastro — Equipe",
  breadcrumbs: "Você está aqui",
  queue: "Fila",
  loading: "Carregando…",
  signInTitle: "Entrar na área da equipe",
  signInIntro: "Use o usuário e a senha da sua conta de revisor(a) regional ou da administração nacional.",
  signedOut: "Você saiu. Até a próxima!",
  expired: "Sua sessão terminou.",
  required: "Campo obrigatório.",
  checkFields: R.TEXT.summary,
  waitSeconds: function (seconds) { return "Tente de novo em " + seconds + (seconds === 1 ? " segundo." : " segundos."); },
  roles: { admin: "Administração nacional", reviewer: "Revisor(a)" },
  allRegions: "todas as regionais",
  notFoundTitle: "Página não encontrada",
  notFound: "Este endereço não corresponde a nenhuma tela da equipe.",
  conflictHelp: {
    claimed_by_other: "Outra pessoa da equipe assumiu esta solicitação: só ela pode decidir. Recarregue para ver quem.",
    stale_version: "Alguém agiu nesta solicitação enquanto você a analisava (ou o profissional a alterou). Recarregue, confira os dados de novo e decida.",
    request_changed: "A solicitação ou o cadastro do profissional mudou ao mesmo tempo (outra decisão, talvez). Recarregue para ver a situação atual.",
    not_in_review: "Ela já foi decidida por alguém ou cancelada pelo profissional. Recarregue para ver a situação atual.",
    group_locked: "A carteira deste profissional já está em produção: estes dados não podem mais ser aprovados por aqui.",
  },
  reload: "Recarregar solicitação",
};
