/* The site's own messages in pt-BR (the API's come with its answers). */
import { formatSize } from "./format.js";

export var T = {
  loading: "Carregando…",
  notLoaded: "Não foi possível carregar o site agora. Recarregue a página em instantes.",
  sessionEnded: "Sua sessão terminou. Entre novamente com seu CPF para continuar.",
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
  rateLimited: "Muitas consultas em pouco tempo a partir da sua conexão. Aguarde um minuto e tente de novo.",
};
