/* The groups of data on file: their fields, choices and the proof each change needs. */
import { formatDate } from "./recadastro.js";
import { formatCep } from "./format.js";

export var UFS = ["AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
  "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO"];

export var CHOICES = {
  uf: UFS.map(function (uf) { return [uf, uf]; }),
  marital_status: [["solteiro", "Solteiro(a)"], ["casado", "Casado(a)"], ["divorciado", "Divorciado(a)"],
    ["separado", "Separado(a)"], ["viuvo", "Viúvo(a)"], ["uniao_estavel", "União estável"]],
  sex: [["feminino", "Feminino"], ["masculino", "Masculino"]],
  blood_type: ["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"].map(function (t) { return [t, t]; }),
  race: [["branca", "Branca"], ["preta", "Preta"], ["parda", "Parda"], ["amarela", "Amarela"],
    ["indigena", "Indígena"], ["nao_declarada", "Prefiro não declarar"]],
  phone_type: [["celular", "Celular"], ["residencial", "Residencial"], ["comercial", "Comercial"]],
  email_type: [["pessoal", "Pessoal"], ["profissional", "Profissional"]],
};

export var PROOF = {
  proof_of_address: {
    name: "comprovante de endereço",
    label: "Comprovante de endereço",
    hint: "Conta de luz, água, gás, telefone ou internet, ou extrato bancário, dos últimos 3 meses. " +
      "O conselho confirma o seu endereço com ele; por isso ele é pedido também quando você muda só telefone ou e-mail.",
  },
  identity_document: {
    name: "documento de identidade",
    label: "Documento de identidade",
    hint: "RG, CNH ou passaporte, legível, com frente e verso.",
  },
  civil_certificate: {
    name: "certidão civil",
    label: "Certidão civil",
    hint: "Certidão de nascimento ou de casamento (com averbação, se houver).",
  },
  other: { name: "outro documento", label: "Outro documento", hint: "" },
};

export var ADDRESS_PROOF = ["proof_of_address"];
export var GROUP_ORDER = ["personal", "filiation", "birthplace", "documents", "address", "phones", "emails"];
export var GROUPS = {
  personal: {
    title: "Dados pessoais",
    proof: ["identity_document", "civil_certificate"],
    fields: [
      { name: "name", label: "Nome completo", max: 150, required: true, autocomplete: "name" },
      { name: "social_name", label: "Nome social", max: 150, hint: "Preencha só se você usa nome social." },
      { name: "birth_date", label: "Data de nascimento", type: "date", autocomplete: "bday" },
      { name: "marital_status", label: "Estado civil", choices: "marital_status" },
      { name: "sex", label: "Sexo", choices: "sex" },
      { name: "blood_type", label: "Tipo sanguíneo", choices: "blood_type" },
      { name: "race", label: "Raça/cor", choices: "race" },
    ],
  },
  filiation: {
    title: "Filiação",
    proof: ["identity_document", "civil_certificate"],
    fields: [
      // On "Meus dados" the two show as one line: the mother's name, or that there is none.
      { name: "mother_name", label: "Nome da mãe", max: 150, absentWhen: "mother_absent", absentText: "Não consta no registro de nascimento" },
      { name: "mother_absent", label: "Meu registro de nascimento não traz o nome da mãe", type: "checkbox", merged: true,
        shown: "Nome da mãe no registro de nascimento", yes: "Não consta", no: "Consta" },
      { name: "father_name", label: "Nome do pai", max: 150 },
    ],
  },
  birthplace: {
    title: "Naturalidade",
    proof: ["identity_document"],
    fields: [
      { name: "uf", label: "Estado (UF) de nascimento", choices: "uf" },
      { name: "city", label: "Cidade de nascimento", max: 100 },
    ],
  },
  documents: {
    title: "Documentos",
    proof: ["identity_document"],
    fields: [
      { name: "rg_number", label: "Número do RG", max: 20 },
      { name: "rg_issuer", label: "Órgão emissor do RG", max: 20, hint: "Por exemplo: SSP." },
      { name: "rg_uf", label: "UF do RG", choices: "uf" },
      { name: "rg_issued_on", label: "Data de emissão do RG", type: "date" },
      { name: "voter_id", label: "Título de eleitor", max: 20 },
      { name: "voter_zone", label: "Zona eleitoral", max: 10 },
      { name: "voter_section", label: "Seção eleitoral", max: 10 },
      { name: "ctps_number", label: "Número da carteira de trabalho (CTPS)", max: 20 },
      { name: "ctps_series", label: "Série da CTPS", max: 10 },
      { name: "military_certificate", label: "Certificado de reservista", max: 30 },
    ],
  },
  address: {
    title: "Endereço",
    proof: ADDRESS_PROOF,
    fields: [
      { name: "cep", label: "CEP", type: "cep", autocomplete: "postal-code" },
      { name: "uf", label: "Estado (UF)", choices: "uf", autocomplete: "address-level1" },
      { name: "city", label: "Cidade", max: 100, autocomplete: "address-level2" },
      { name: "district", label: "Bairro", max: 100, autocomplete: "address-level3" },
      { name: "street", label: "Logradouro", max: 150, hint: "Rua, avenida, travessa…", autocomplete: "address-line1" },
      { name: "number", label: "Número", max: 20 },
      { name: "complement", label: "Complemento", max: 100, hint: "Apartamento, bloco, sala…", autocomplete: "address-line2" },
    ],
  },
  phones: {
    title: "Telefones",
    proof: ADDRESS_PROOF,
    list: { key: "phones", value: "number", label: "Telefone", valueLabel: "Número com DDD",
      choices: "phone_type", type: "phone", empty: "Nenhum telefone no cadastro." },
  },
  emails: {
    title: "E-mails",
    proof: ADDRESS_PROOF,
    list: { key: "emails", value: "address", label: "E-mail", valueLabel: "Endereço de e-mail",
      choices: "email_type", type: "email", empty: "Nenhum e-mail no cadastro.",
      hint: "O primeiro e-mail da lista é para onde enviamos os códigos de acesso." },
  },
};

export function choiceLabel(choices, value) {
  var found = (CHOICES[choices] || []).filter(function (pair) { return pair[0] === value; })[0];
  return found ? found[1] : value;
}

export function display(def, value) {
  if (def.type === "checkbox") return value ? def.yes || "Sim" : def.no || "Não";
  if (value === null || value === undefined || value === "") return null;
  if (def.type === "date") return formatDate(value);
  if (def.type === "cep") return formatCep(value);
  if (def.choices) return choiceLabel(def.choices, value);
  return String(value);
}

/* The rows of one group as "Meus dados" shows them: [label, text or null]. */
export function groupRows(def, values) {
  values = values || {};
  return def.fields.filter(function (field) { return !field.merged; }).map(function (field) {
    var shown = display(field, values[field.name]);
    if (shown === null && field.absentWhen && values[field.absentWhen]) shown = field.absentText;
    return [field.label, shown];
  });
}

export function groupTitle(group) { return GROUPS[group] ? GROUPS[group].title : group; }

export function requestTitle(request) {
  return request.kind === "no_change" ? "Confirmação dos dados" : "Alteração: " + groupTitle(request.group);
}

export function proofText(kinds) {
  return kinds.map(function (kind) { return PROOF[kind].name; }).join(" ou ");
}
