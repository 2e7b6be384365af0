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
    }
)
