from __future__ import annotations

import pytest

from chalicelib import dependencies
from chalicelib.domain.campaign import Council


@pytest.fixture
def council() -> Council:
    return dependencies.council()


def registry_row(**overrides: str) -> dict[str, str]:
    """A valid registry row (columns of API.md); keyword arguments replace columns."""
    row = {
        "document": "529.982.247-25",
        "registration_number": "12345-T",
        "region": "SP",
        "name": "Ana Maria Souza",
        "social_name": "",
        "birth_date": "15/03/1985",
        "marital_status": "Casado(a)",
        "sex": "F",
        "mother_name": "Maria Souza",
        "father_name": "",
        "birth_uf": "SP",
        "birth_city": "Campinas",
        "rg_number": "123456789",
        "rg_issuer": "SSP",
        "rg_uf": "SP",
        "email": "ana.souza@example.org",
        "phone": "(11) 98765-4321",
        "cep": "01310-100",
        "uf": "SP",
        "city": "São Paulo",
        "district": "Bela Vista",
        "street": "Avenida Paulista",
        "number": "1000",
        "complement": "apto 12",
    }
    row.update(overrides)
    return row
