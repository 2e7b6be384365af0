/* The names the API's codes are shown by. The data groups, their fields and choices are the
   professionals' own (web/js/groups.js): a reviewer reads a field by the name the professional
   filled it under. */

import { CHOICES, GROUP_ORDER, GROUPS, PROOF } from "/js/groups.js";

export var LABELS = {
  requestStatus: {
    in_review: "Em análise", returned: "Devolvida", approved: "Aprovada",
    rejected: "Rejeitada", cancelled: "Cancelada",
  },
  requestKind: {
    no_change: "Declaração: nada mudou", access_recovery: "Recuperação de acesso",
    representation: "Representação de empresa",
  },
  groups: groupTitles(),
  // Fields the professionals' page does not show (the council's own, or of companies).
  fields: {
    legal_name: "Razão social", trade_name: "Nome fantasia", opened_on: "Data de abertura",
    registration_number: "Número de registro", phones: "Telefones", emails: "E-mails",
  },
  choices: choiceTitles(),
  professionalStatus: {
    not_started: "Não iniciado", in_progress: "Em andamento", updated: "Atualizado",
    card_requested: "Carteira solicitada", card_in_production: "Carteira em produção",
    card_shipped: "Carteira enviada",
  },
  cardStatus: {
    pending: "Aguardando envio ao fornecedor", failed: "Falhou", requested: "Aguardando biometria",
    enrolled: "Biometria feita", in_production: "Em produção", shipped: "Enviada",
  },
  attachmentKind: kindTitles(),
  /* A request's history (chalicelib/services/change_requests.py, decisions.py) and the audit
     trail (chalicelib/domain/audit.py: every call.audit and AuditEvent of the services). */
  actions: {
    submitted: "Enviada", claimed: "Assumida", approved: "Aprovada", rejected: "Rejeitada",
    returned: "Devolvida para complementação", resubmitted: "Reenviada", cancelled: "Cancelada",
    decided: "Decidiu", photos_deleted: "Fotos apagadas",
    viewed_request: "Abriu a solicitação", viewed_professional: "Consultou o cadastro",
    request_claimed: "Assumiu a solicitação", request_approved: "Aprovou a solicitação",
    request_rejected: "Rejeitou a solicitação",
    request_returned: "Devolveu a solicitação para complementação",
    card_order_retried: "Reenviou o pedido da carteira", campaign_updated: "Alterou a campanha",
    card_enrollment_completed: "Biometria concluída (fornecedor)",
    card_in_production: "Carteira em produção (fornecedor)",
    card_shipped: "Carteira enviada (fornecedor)",
  },
  otherAction: "Outra ação",
  // Who did it, as a table cell and after "por" ("Enviada pelo profissional").
  actors: { profissional: "Profissional", sistema: "Sistema", vendor: "Fornecedor da carteira" },
  byActor: { profissional: "pelo profissional", sistema: "pelo sistema", vendor: "pelo fornecedor da carteira" },
};

/* The fields of each group in the order the professionals' page shows them. */
export var GROUP_FIELDS = {};
GROUP_ORDER.forEach(function (group) {
  var def = GROUPS[group];
  GROUP_FIELDS[group] = def.fields ? def.fields.map(function (field) { return field.name; }) : [def.list.key];
});

export function fieldDefinition(group, name) {
  var def = GROUPS[group];
  var fields = (def && def.fields) || [];
  for (var i = 0; i < fields.length; i++) if (fields[i].name === name) return fields[i];
  return null;
}

/* A field's name as the professional read it in that group ("Estado (UF) de nascimento"), else
   as any group names it. */
export function fieldTitle(name, group) {
  var own = fieldDefinition(group, name);
  if (own) return own.label;
  if (LABELS.fields[name]) return LABELS.fields[name];
  for (var i = 0; i < GROUP_ORDER.length; i++) {
    var other = fieldDefinition(GROUP_ORDER[i], name);
    if (other) return other.label;
  }
  return name;
}

function groupTitles() {
  var titles = {};
  GROUP_ORDER.forEach(function (group) { titles[group] = GROUPS[group].title; });
  titles.company = "Dados da empresa";
  titles.technical_manager = "Responsável técnico";
  return titles;
}

function choiceTitles() {
  var titles = {};
  Object.keys(CHOICES).forEach(function (list) {
    if (list === "uf" || list === "blood_type") return; // shown as they are
    CHOICES[list].forEach(function (pair) { titles[pair[0]] = pair[1]; });
  });
  return titles;
}

function kindTitles() {
  var titles = {
    company_document: "Documento da empresa", power_of_attorney: "Procuração",
    selfie_with_document: "Foto segurando o documento",
  };
  Object.keys(PROOF).forEach(function (kind) { titles[kind] = PROOF[kind].label; });
  return titles;
}
