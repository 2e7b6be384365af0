/* The names the API's codes are shown by, and the fields of each data group in the order
   they are shown. */

export var LABELS = {
  requestStatus: {
    in_review: "Em análise", returned: "Devolvida", approved: "Aprovada",
    rejected: "Rejeitada", cancelled: "Cancelada",
  },
  groups: {
    personal: "Dados pessoais", filiation: "Filiação", birthplace: "Naturalidade",
    documents: "Documentos", address: "Endereço", phones: "Telefones", emails: "E-mails",
  },
  fields: {
    name: "Nome", social_name: "Nome social", birth_date: "Data de nascimento",
    marital_status: "Estado civil", sex: "Sexo", blood_type: "Tipo sanguíneo", race: "Raça/cor",
    mother_name: "Nome da mãe", mother_absent: "Mãe ausente no registro", father_name: "Nome do pai",
    uf: "UF", city: "Cidade", rg_number: "RG", rg_issuer: "Órgão emissor do RG", rg_uf: "UF do RG",
    rg_issued_on: "Emissão do RG", voter_id: "Título de eleitor", voter_zone: "Zona eleitoral",
    voter_section: "Seção eleitoral", ctps_number: "CTPS", ctps_series: "Série da CTPS",
    military_certificate: "Certificado militar", cep: "CEP", district: "Bairro",
    street: "Logradouro", number: "Número", complement: "Complemento",
    phones: "Telefones", emails: "E-mails",
  },
  choices: {
    solteiro: "Solteiro(a)", casado: "Casado(a)", divorciado: "Divorciado(a)",
    separado: "Separado(a)", viuvo: "Viúvo(a)", uniao_estavel: "União estável",
    feminino: "Feminino", masculino: "Masculino", branca: "Branca", preta: "Preta",
    parda: "Parda", amarela: "Amarela", indigena: "Indígena", nao_declarada: "Não declarada",
    celular: "Celular", residencial: "Residencial", comercial: "Comercial",
    pessoal: "Pessoal", profissional: "Profissional",
  },
  professionalStatus: {
    not_started: "Não iniciado", in_progress: "Em andamento", updated: "Atualizado",
    card_requested: "Carteira solicitada", card_in_production: "Carteira em produção",
    card_shipped: "Carteira enviada",
  },
  cardStatus: {
    pending: "Aguardando envio ao fornecedor", failed: "Falhou", requested: "Aguardando biometria",
    enrolled: "Biometria feita", in_production: "Em produção", shipped: "Enviada",
  },
  attachmentKind: {
    proof_of_address: "Comprovante de endereço", identity_document: "Documento de identidade",
    civil_certificate: "Certidão civil", other: "Outro documento",
  },
  actions: {
    submitted: "Enviada", claimed: "Assumida", approved: "Aprovada", rejected: "Rejeitada",
    returned: "Devolvida para complementação", resubmitted: "Reenviada", cancelled: "Cancelada",
    viewed_request: "Abriu a solicitação", viewed_professional: "Consultou o cadastro",
    card_order_retried: "Reenviou o pedido da carteira", campaign_updated: "Alterou a campanha",
    card_enrollment_completed: "Biometria concluída (fornecedor)",
    card_in_production: "Carteira em produção (fornecedor)",
    card_shipped: "Carteira enviada (fornecedor)",
  },
  actors: { profissional: "o profissional", sistema: "o sistema", vendor: "o fornecedor" },
};
export var GROUP_FIELDS = {
  personal: ["name", "social_name", "birth_date", "marital_status", "sex", "blood_type", "race"],
  filiation: ["mother_name", "mother_absent", "father_name"],
  birthplace: ["uf", "city"],
  documents: ["rg_number", "rg_issuer", "rg_uf", "rg_issued_on", "voter_id", "voter_zone",
    "voter_section", "ctps_number", "ctps_series", "military_certificate"],
  address: ["cep", "street", "number", "complement", "district", "city", "uf"],
  phones: ["phones"],
  emails: ["emails"],
};
