import pytest

from chalicelib.domain.documents import mask_document, normalize_document
from chalicelib.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("529.982.247-25", "52998224725"),
        ("52998224725", "52998224725"),
        (" 529 982 247 25 ", "52998224725"),
        ("11.222.333/0001-81", "11222333000181"),
        ("12.abc.345/01de-35", "12ABC34501DE35"),  # the 2026 alphanumeric CNPJ
    ],
)
def test_a_valid_document_is_stored_without_punctuation(raw: str, stored: str) -> None:
    assert normalize_document(raw) == stored


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("529.982.247-26", "CPF inválido: confira os dígitos."),
        ("111.111.111-11", "CPF inválido: confira os dígitos."),
        ("11.222.333/0001-82", "CNPJ inválido: confira os caracteres."),
        ("1234", "Informe um CPF (11 dígitos) ou CNPJ (14 caracteres) válido."),
        ("", "Informe um CPF (11 dígitos) ou CNPJ (14 caracteres) válido."),
    ],
)
def test_an_invalid_document_names_the_field_and_the_problem(raw: str, text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        normalize_document(raw)
    assert error.value.fields == {"document": text}


def test_a_document_that_is_not_text_is_invalid_not_a_crash() -> None:
    with pytest.raises(InvalidInput):
        normalize_document(52998224725)


def test_logs_see_only_the_ends_of_a_document() -> None:
    assert mask_document("52998224725") == "529******25"
