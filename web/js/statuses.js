/* The statuses of requests, of the professional and of the card, as the site names them. */
export var OPEN = { in_review: true, returned: true };
export var DONE = { updated: true, card_requested: true, card_in_production: true, card_shipped: true };

export var REQUEST_STATUS = {
  in_review: "Em análise",
  returned: "Devolvida para complementação",
  approved: "Aprovada",
  rejected: "Recusada",
  cancelled: "Cancelada",
};
/* A request's status in words: a confirmation of the data is "registrada", not "aprovada"
   (nobody reviews it). */
export function requestStatus(request) {
  if (request.kind === "no_change" && request.status === "approved") return "Registrada";
  return REQUEST_STATUS[request.status] || "Em andamento";
}
export var STATUS_EXPLAINED = {
  in_review: "A equipe da regional está analisando a solicitação. O resultado chega por e-mail.",
  returned: "A equipe pediu complementação. Entre com seu CPF para ver o motivo e reenviar.",
  approved: "A solicitação foi aprovada e o cadastro foi atualizado.",
  rejected: "A solicitação foi recusada. Entre com seu CPF para ver o motivo.",
  cancelled: "A solicitação foi cancelada.",
};
export var PROFESSIONAL_STATUS = {
  not_started: "Recadastramento não iniciado",
  in_progress: "Recadastramento em andamento",
  updated: "Cadastro atualizado",
  card_requested: "Nova carteira solicitada",
  card_in_production: "Nova carteira em produção",
  card_shipped: "Nova carteira enviada",
};
export var CARD_STATUS = {
  pending: "Pedido da carteira em preparação",
  requested: "Aguardando o seu cadastro biométrico",
  enrolled: "Biometria recebida: a carteira vai para a produção",
  in_production: "Carteira em produção",
  shipped: "Carteira enviada",
};
export var HISTORY_ACTION = {
  submitted: "Solicitação enviada",
  claimed: "Análise iniciada",
  approved: "Aprovada",
  rejected: "Recusada",
  returned: "Devolvida para complementação",
  resubmitted: "Reenviada com complementação",
  cancelled: "Cancelada",
};
