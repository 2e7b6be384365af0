/* The site's own messages in pt-BR (the API's come with its answers). */
import { formatSize } from "./format.js";

export var T = {
  loading: "Carregando…",
  notLoaded: "Não foi possível carregar o site agora. Recarregue a página em instantes.",
  sessionEnded: "Sua sessão terminou. Entre novamente com seu CPF para continuar.",
  sessionClosed: "Sua sessão foi encerrada. Entre de novo.",
  signInFirst: "Entre com seu CPF para continuar.",
  signedOut: "Você saiu. Até logo!",
  notInformed: "Não informado",
  cpfLength: "Informe os 11 dígitos do CPF.",
  cpfInvalid: "CPF inválido: confira os dígitos.",
  codeFormat: "Informe os 6 dígitos do código que enviamos por e-mail.",
  fileTypes: "PDF, DOC, DOCX, ODT, TXT ou imagem (JPG, PNG, HEIC, WEBP), até 20 MB cada.",
  fileType: function (name) {
    return "O arquivo " + name + " não é de um tipo aceito: envie PDF, DOC, DOCX, ODT, TXT ou imagem (JPG, PNG, HEIC, WEBP).";
  },
  fileEmpty: function (name) { return "O arquivo " + name + " está vazio."; },
  fileTooBig: function (name, size) {
    return "O arquivo " + name + " tem " + formatSize(size) + ": o limite é 20 MB por arquivo.";
  },
  tooManyFiles: "Anexe no máximo 10 arquivos por solicitação.",
  uploadFailed: function (name) {
    return "Não foi possível enviar o arquivo " + name + ". Confira sua conexão e tente de novo.";
  },
  uploadBusy: "Aguarde o envio do arquivo terminar.",
  proofMissing: function (proof) { return "Anexe o comprovante: " + proof + "."; },
  nothingChanged: "Os dados estão iguais aos do seu cadastro. Corrija ao menos um campo ou, se está tudo certo, use “Confirmo que meus dados estão corretos”.",
  declarationRequired: "Marque a declaração para continuar.",
  confirmAction: "Confirmo que meus dados estão corretos",
  concludingExplained: "Ao confirmar, seu recadastramento é concluído e a nova carteira é pedida com os dados que " +
    "estiverem no cadastro nesse momento. Se você tem alterações em análise, a conclusão acontece quando a última for aprovada.",
  alreadyConfirmed: "Você já confirmou seus dados. O recadastramento será concluído quando a última solicitação em análise for aprovada.",
  confirmAgain: "Sua confirmação deixou de valer porque uma solicitação foi devolvida ou recusada. " +
    "Quando estiver tudo certo, confirme seus dados de novo para concluir o recadastramento.",
  onlyWhenConfirmed: "Seu recadastramento só é concluído quando você confirmar seus dados.",
  receiptSent: "Enviamos um comprovante com o número do protocolo para o seu e-mail.",
  protocolFormat: "Confira o número: são 10 letras e números, como 763E9-Y2XCF.",
  /* "A análise costuma levar até N dias.", from GET /campaign; null while unknown. */
  reviewTime: function (campaign) {
    var days = campaign && campaign.review_days;
    if (!days) return null;
    return "A análise costuma levar até " + (days === 1 ? "1 dia." : days + " dias.");
  },
  /* Coming back from gov.br: why the sign-in did not happen, and what to do (the codes of
     GET /auth/govbr/callback's govbr_error, and the ticket refused by POST /auth/govbr/session). */
  govbrErrors: {
    state_invalid: "O link de entrada expirou ou já foi usado. Tente entrar de novo.",
    access_denied: "Você cancelou a entrada no gov.br. Para continuar, entre de novo com gov.br ou receba um código no e-mail do cadastro.",
    token_invalid: "Não conseguimos confirmar sua identidade com o gov.br. Tente entrar de novo; se não der certo, receba um código no e-mail do cadastro.",
    not_in_registry: "Sua conta gov.br foi confirmada, mas o seu CPF não está no cadastro do conselho. Fale com a sua regional para conferir o seu registro.",
    govbr_unavailable: "O gov.br não respondeu agora. Tente de novo em alguns minutos ou receba um código no e-mail do cadastro.",
  },
  govbrFailed: "Não foi possível entrar com gov.br. Tente de novo ou receba um código no e-mail do cadastro.",
  govbrTicketExpired: "O link de entrada expirou. Entre de novo.",
  govbrEntering: "Entrando com sua conta gov.br…",
  /* How the person signed in ("Entrou com …"), and gov.br's levels in words. */
  signedInWith: function (session) {
    if (!session || session.method !== "govbr") return "código por e-mail";
    var level = T.govbrLevels[session.level];
    return "conta gov.br" + (level ? ", nível " + level : "");
  },
  govbrLevels: { bronze: "bronze", silver: "prata", gold: "ouro" },
  rateLimited: "Muitas consultas em pouco tempo a partir da sua conexão. Aguarde um minuto e tente de novo.",
  /* Access recovery (screens/recovery.js). */
  recoveryIntro: "Se você não tem mais acesso ao e-mail do cadastro, peça a troca aqui. Leva poucos minutos e você precisa de um documento de identidade com foto.",
  recoveryNotSignIn: "As respostas não dão acesso ao cadastro: elas só ajudam a regional a conferir que o pedido é seu.",
  recoveryPhotosIntro: "Tire as fotos com boa luz, sem reflexo, com o documento inteiro aparecendo. Só a regional vê as fotos, e elas são apagadas depois da decisão.",
  recoveryPhotoType: function (name) { return "O arquivo " + name + " não é uma imagem: envie uma foto (JPG, PNG, HEIC ou WEBP)."; },
  recoveryOpen: "Você já tem um pedido de recuperação de acesso em análise. Aguarde a resposta da regional no novo e-mail.",
  recoveryExpired: "O tempo para enviar as fotos acabou. Comece de novo em “Não tenho mais acesso a este e-mail”.",
};
