import pytest

from chalicelib.domain.professional import ProfessionalStatus
from chalicelib.domain.registry import EXTRA_VALUES, RowRejected, professional_from_row
from tests.conftest import registry_row


def test_a_registry_row_becomes_a_professional_with_the_data_in_its_groups(council) -> None:
    professional = professional_from_row(registry_row(), council)

    assert professional.document == "52998224725"
    assert professional.region == "SP"
    assert professional.status == ProfessionalStatus.NOT_STARTED
    assert professional.data.birthplace.city == "Campinas"
    assert professional.data.address.cep == "01310100"
    assert professional.email == "ana.souza@example.org"
    assert professional.data.phones[0].number == "11987654321"


def test_only_the_five_required_columns_are_needed(council) -> None:
    row = {
        "document": "52998224725",
        "registration_number": "1-T",
        "region": "sp",
        "name": "Ana",
        "email": "ana@example.org",
    }
    assert professional_from_row(row, council).region == "SP"


def test_a_bad_row_is_rejected_with_every_reason_by_column(council) -> None:
    row = registry_row(
        document="529.982.247-26",
        region="XX",
        email="not-an-email",
        birth_date="1985-13-01",
        name="",
    )

    with pytest.raises(RowRejected) as error:
        professional_from_row(row, council)

    reasons = error.value.reasons
    assert reasons["document"] == "CPF inválido: confira os dígitos."
    assert reasons["region"].startswith("Regional desconhecida: XX. Use uma de: SUL, SP")
    assert reasons["email"] == "E-mail inválido."
    assert reasons["birth_date"] == "Data inválida: use AAAA-MM-DD ou DD/MM/AAAA."
    assert reasons["name"] == "Campo obrigatório."


def test_a_row_with_more_values_than_the_header_is_rejected(council) -> None:
    row = registry_row() | {EXTRA_VALUES: "sobrou"}

    with pytest.raises(RowRejected, match="mais valores que o cabeçalho"):
        professional_from_row(row, council)


def test_the_registry_fingerprint_changes_with_the_data_only(council) -> None:
    first = professional_from_row(registry_row(), council)
    same = professional_from_row(registry_row(document="52998224725"), council)
    moved = professional_from_row(registry_row(street="Rua Augusta"), council)

    assert first.registry_hash == same.registry_hash
    assert first.registry_hash != moved.registry_hash
