"""Every pt-BR text the API and the CLI show people, by key, so it can be reviewed in one place."""

MESSAGES: dict[str, str] = {
    # errors (API "message")
    "invalid_input": "Alguns dados não estão corretos. Confira os campos indicados.",
    "malformed_json": "O corpo da requisição não é um JSON válido.",
    "unauthorized": "É preciso entrar novamente para continuar.",
    "forbidden": "Você não tem permissão para esta ação.",
    "not_found": "Não encontramos o que você procurou.",
    "route_not_found": "Endereço não encontrado.",
    "method_not_allowed": "Esta operação não é aceita neste endereço.",
    "unsupported_media_type": "Envie os dados em JSON (Content-Type: application/json).",
    "conflict": "Esta ação entrou em conflito com outra alteração. Atualize a página e tente de novo.",
    "rate_limited": "Muitas tentativas. Aguarde um pouco e tente novamente.",
    "internal_error": "Tivemos um problema interno. Tente novamente em alguns instantes.",
    # field messages
    "required": "Campo obrigatório.",
    "invalid_cpf": "CPF inválido: confira os dígitos.",
    "invalid_cnpj": "CNPJ inválido: confira os caracteres.",
    "invalid_document": "Informe um CPF (11 dígitos) ou CNPJ (14 caracteres) válido.",
    "unknown_region": "Regional desconhecida: {value}. Use uma de: {allowed}.",
    "invalid_email": "E-mail inválido.",
    "invalid_date": "Data inválida: use AAAA-MM-DD ou DD/MM/AAAA.",
    "date_in_future": "A data não pode estar no futuro.",
    "invalid_cep": "CEP inválido: informe os 8 dígitos.",
    "invalid_uf": "UF inválida: use a sigla do estado, como SP.",
    "invalid_phone": "Telefone inválido: informe DDD e número (10 ou 11 dígitos).",
    "invalid_choice": "Valor não aceito. Use um de: {allowed}.",
    "too_long": "Texto longo demais (máximo de {max} caracteres).",
    "too_many_items": "Informe no máximo {max} itens.",
    "invalid_value": "Valor inválido.",
    "invalid_registration_number": "Número de registro inválido (exemplo: 12345-T).",
}


def message(key: str, **params: object) -> str:
    return MESSAGES[key].format(**params)


MESSAGES.update(
    {
        "unknown_field": "Campo desconhecido.",
        "not_a_list": "Informe uma lista.",
        "not_a_text": "Informe um texto.",
        "too_many_values": "A linha tem mais valores que o cabeçalho (separador dentro de um campo?).",
        "missing_columns": "Faltam colunas obrigatórias no cabeçalho: {columns}.",
        "empty_file": "O arquivo está vazio.",
        "reviewer_needs_region": "Um revisor precisa de ao menos uma regional (--region).",
        "weak_password": "Senha fraca: use 12 ou mais caracteres com maiúsculas, minúsculas, números e símbolos.",
        "staff_exists": "Já existe um usuário com este nome.",
        "invalid_username": "Nome de usuário inválido: 3 a 64 caracteres entre a-z, 0-9, ponto, hífen e sublinhado.",
        # sign-in
        "not_in_registry": "Não encontramos este CPF/CNPJ no cadastro do conselho. Procure sua regional.",
        "no_email_on_file": "Não há e-mail no seu cadastro. Procure sua regional para atualizá-lo.",
        "too_many_codes": "Você já pediu 3 códigos nos últimos 15 minutos. Aguarde para pedir outro.",
        "invalid_code": "Código incorreto ou expirado. Confira o e-mail ou peça um novo código.",
        "sign_in_locked": "Por segurança, a entrada com código neste CPF/CNPJ está bloqueada até a meia-noite (horário de Brasília): hoje houve {tries} tentativas com código incorreto. Se não foi você, ou se precisa entrar antes disso, fale com a sua regional.",
        "regional_contacts": "{region}: telefone {phone}, e-mail {email}, {address} ({hours}); {site}.",
        "staff_locked": "Por segurança, este usuário está bloqueado por {minutes} min depois de {tries} tentativas com senha incorreta. Tente de novo depois disso ou peça à administração nacional que redefina sua senha.",
        # requests
        "changes_required": "Informe ao menos um valor a alterar.",
        "list_changes": "Envie a lista completa em changes.{group}.",
        "nothing_changes": "Os valores informados são iguais aos do cadastro.",
        "group_locked": "Estes dados não podem mais ser alterados por aqui: sua carteira já está em produção. Procure sua regional.",
        "open_request_exists": "Você já tem uma solicitação em aberto para este grupo de dados. Acompanhe-a em Minhas solicitações.",
        "open_requests_exist": "Você tem solicitações em aberto: aguarde a análise delas antes de declarar que não há alterações.",
        "not_cancellable": "Esta solicitação não pode mais ser cancelada.",
        "not_returned": "Só é possível reenviar uma solicitação devolvida para complementação.",
        "request_changed": "A solicitação mudou desde que você a abriu. Atualize a página e tente de novo.",
        "invalid_kind": "Tipo de solicitação inválido: use change ou no_change.",
        # attachments
        "proof_required": "Anexe um comprovante: {proofs}.",
        "too_many_attachments": "Anexe no máximo {maximum} arquivos por solicitação.",
        "attachment_missing": "Um dos arquivos anexados não foi encontrado: envie-o novamente.",
        "attachment_used": "Um dos arquivos já foi usado em outra solicitação: envie-o novamente.",
        "attachment_too_big": "O arquivo {filename} passa de 20 MB.",
        "attachment_empty": "O arquivo {filename} está vazio.",
        "attachment_type": "O arquivo {filename} não é um PDF, DOC, DOCX, ODT, TXT ou imagem.",
        "upload_type": "Tipo de arquivo não aceito: envie PDF, DOC, DOCX, ODT, TXT ou imagem (JPG, PNG, HEIC, WEBP).",
        "upload_size": "O arquivo deve ter de 1 byte a 20 MB.",
        "upload_kind": "Tipo de documento inválido. Use um de: {allowed}.",
        "kind_proof_of_address": "comprovante de endereço",
        "kind_identity_document": "documento de identidade",
        "kind_civil_certificate": "certidão civil",
        "kind_other": "outro documento",
        # protocol
        "invalid_cursor": "Cursor de paginação inválido: use o next_cursor da resposta anterior.",
        "invalid_limit": "Use um limite de 1 a 100.",
        "email_failed": "Não conseguimos enviar o e-mail agora. Tente novamente em alguns minutos.",
        # staff
        "invalid_credentials": "Usuário ou senha incorretos.",
        "admins_only": "Somente a administração nacional pode fazer isto.",
        "region_not_yours": "Esta regional não é sua.",
        "claimed_by_other": "Esta solicitação está com outro revisor.",
        "not_in_review": "Esta solicitação não está em análise.",
        "stale_version": "A solicitação mudou desde que você a abriu. Recarregue para ver a versão atual.",
        "reason_required": "Informe o motivo: ele é enviado ao profissional.",
        "invalid_decision": "Decisão inválida: use approve, reject ou return.",
        "invalid_version": "Informe a versão (número inteiro) da solicitação que você analisou.",
        "deadline_in_past": "O prazo não pode ficar no passado.",
        "invalid_status_filter": "Situação inválida. Use uma de: {allowed}.",
        "invalid_since": "Data inválida: use AAAA-MM-DD.",
        "invalid_boolean": "Use true ou false.",
        "protocol_not_found": "Protocolo não encontrado. Confira os caracteres.",
        # reminders (manage.py remind)
        "reminders_after_deadline": "{day} é depois do prazo da campanha: nenhum lembrete enviado.",
        "reminders_not_a_reminder_day": "{day} não é dia de lembrete (veja reminder_days da campanha): nada enviado.",
        "reminders_done": "Lembretes de {day} ({days_left} dias para o prazo): {sent} enviados; {read} profissionais lidos; {without_email} sem e-mail; {failed} falhas.",
        "reminders_unfinished": "O envio não terminou (falhas ou tempo esgotado): rode de novo para continuar; quem já recebeu não recebe outra vez.",
        # card orders and the vendor's reports
        "card_order_not_failed": "Este pedido de carteira não está com falha: não há o que reenviar.",
        "invalid_signature": "Assinatura do evento ausente ou inválida.",
        "invalid_instant": "Informe o instante em ISO 8601, como 2026-11-21T12:00:00Z.",
        "stale_event": "Evento fora da janela de 5 minutos: envie um evento novo, com o horário atual.",
        "event_replayed": "Este evento já foi recebido.",
        "no_card_order": "Não há pedido de carteira aceito para este profissional.",
    }
)
