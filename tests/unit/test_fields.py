from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from chalicelib.domain.fields import Address, Personal, Phone, ProfessionalData, field_errors


def errors_of(model: type, **values: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        model.model_validate(values)
    return field_errors(error.value)


def test_people_write_values_as_they_like_and_they_are_stored_one_way() -> None:
    personal = Personal.model_validate(
        {"name": " Ana ", "birth_date": "15/03/1985", "marital_status": "União Estável", "sex": "F"}
    )
    address = Address.model_validate({"cep": "01310-100", "uf": "sp"})
    phone = Phone.model_validate({"type": "Celular", "number": "+55 (11) 98765-4321"})

    assert (personal.name, personal.birth_date) == ("Ana", date(1985, 3, 15))
    assert (personal.marital_status, personal.sex) == ("uniao_estavel", "feminino")
    assert (address.cep, address.uf) == ("01310100", "SP")
    assert (phone.type, phone.number) == ("celular", "11987654321")


def test_each_invalid_field_gets_its_own_pt_br_message() -> None:
    errors = errors_of(Address, cep="0131", uf="XX", street="x" * 151)

    assert errors == {
        "cep": "CEP inválido: informe os 8 dígitos.",
        "uf": "UF inválida: use a sigla do estado, como SP.",
        "street": "Texto longo demais (máximo de 150 caracteres).",
    }


@pytest.mark.parametrize("number", ["123", "(20) 98765-4321", "(11) 8765-43210", "abc"])
def test_a_phone_needs_a_real_ddd_and_the_right_length(number: str) -> None:
    assert errors_of(Phone, type="celular", number=number) == {
        "number": "Telefone inválido: informe DDD e número (10 ou 11 dígitos)."
    }


def test_dates_are_checked_in_both_forms_and_a_birth_date_cannot_be_in_the_future() -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()

    assert errors_of(Personal, name="Ana", birth_date="31/02/1985") == {
        "birth_date": "Data inválida: use AAAA-MM-DD ou DD/MM/AAAA."
    }
    assert errors_of(Personal, name="Ana", birth_date=tomorrow) == {
        "birth_date": "A data não pode estar no futuro."
    }


def test_choices_list_what_is_accepted_and_unknown_fields_are_refused() -> None:
    errors = errors_of(Personal, name="Ana", race="azul", shoe_size="40")

    assert errors["race"].startswith("Valor não aceito. Use um de: branca, preta, parda")
    assert errors["shoe_size"] == "Campo desconhecido."


def test_stored_data_leaves_out_empty_values() -> None:
    data = ProfessionalData.model_validate({"personal": {"name": "Ana", "social_name": ""}})

    assert data.stored() == {"personal": {"name": "Ana"}, "filiation": {"mother_absent": False}}
