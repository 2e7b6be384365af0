"""A row of the council's legacy registry, as `manage.py import-registry` reads it."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import ValidationError

from chalicelib.domain.campaign import Council
from chalicelib.domain.documents import normalize_document
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.fields import ProfessionalData, field_errors
from chalicelib.domain.messages import message
from chalicelib.domain.professional import Professional

COLUMNS = (
    "document", "registration_number", "region", "name", "social_name", "birth_date",
    "marital_status", "sex", "mother_name", "father_name", "birth_uf", "birth_city",
    "rg_number", "rg_issuer", "rg_uf", "email", "phone", "cep", "uf", "city", "district",
    "street", "number", "complement",
)  # fmt: skip
REQUIRED_COLUMNS = ("document", "registration_number", "region", "name", "email")
# Where a file reader puts the values of a row that has more fields than the header.
EXTRA_VALUES = "_extra"

# Where each column lands in the data on file: (group, field).
_PLACES = {
    "name": ("personal", "name"),
    "social_name": ("personal", "social_name"),
    "birth_date": ("personal", "birth_date"),
    "marital_status": ("personal", "marital_status"),
    "sex": ("personal", "sex"),
    "mother_name": ("filiation", "mother_name"),
    "father_name": ("filiation", "father_name"),
    "birth_uf": ("birthplace", "uf"),
    "birth_city": ("birthplace", "city"),
    "rg_number": ("documents", "rg_number"),
    "rg_issuer": ("documents", "rg_issuer"),
    "rg_uf": ("documents", "rg_uf"),
    "cep": ("address", "cep"),
    "uf": ("address", "uf"),
    "city": ("address", "city"),
    "district": ("address", "district"),
    "street": ("address", "street"),
    "number": ("address", "number"),
    "complement": ("address", "complement"),
}
_COLUMN_OF_PATH = {f"{group}.{field}": column for column, (group, field) in _PLACES.items()}
_COLUMN_OF_PATH |= {
    "phones.0.number": "phone",
    "phones.0.type": "phone",
    "emails.0.address": "email",
    "emails.0.type": "email",
    "personal": "name",
}
_REGISTRATION_NUMBER = re.compile(r"^[0-9A-Z][0-9A-Z./-]{0,19}$")


class RowRejected(Exception):
    """A registry row that cannot be imported; `reasons` maps each column at fault to pt-BR text."""

    def __init__(self, reasons: dict[str, str]) -> None:
        super().__init__(reasons)
        self.reasons = reasons

    def __str__(self) -> str:
        return "; ".join(f"{column}: {reason}" for column, reason in self.reasons.items())


def missing_columns(header: list[str]) -> list[str]:
    return [column for column in REQUIRED_COLUMNS if column not in header]


def professional_from_row(row: Mapping[str, str | None], council: Council) -> Professional:
    """The professional a registry row describes, or RowRejected with every reason at once."""
    value = {column: (row.get(column) or "").strip() for column in COLUMNS}
    reasons: dict[str, str] = {}
    if row.get(EXTRA_VALUES):
        reasons["linha"] = message("too_many_values")
    for column in REQUIRED_COLUMNS:
        if not value[column]:
            reasons[column] = message("required")
    document = ""
    if value["document"]:
        try:
            document = normalize_document(value["document"])
        except InvalidInput as error:
            reasons["document"] = error.fields["document"]
    registration_number = value["registration_number"].upper()
    if registration_number and not _REGISTRATION_NUMBER.match(registration_number):
        reasons["registration_number"] = message("invalid_registration_number")
    region = value["region"].upper()
    if region and council.region(region) is None:
        allowed = ", ".join(council.region_codes)
        reasons["region"] = message("unknown_region", value=value["region"], allowed=allowed)

    data: dict[str, dict[str, str] | list[dict[str, str]]] = {}
    for column, (group, field) in _PLACES.items():
        group_values = data.setdefault(group, {})
        assert isinstance(group_values, dict)
        group_values[field] = value[column]
    data["phones"] = [{"type": "celular", "number": value["phone"]}] if value["phone"] else []
    data["emails"] = [{"type": "pessoal", "address": value["email"]}] if value["email"] else []
    try:
        parsed = ProfessionalData.model_validate(data)
    except ValidationError as error:
        for column, reason in field_errors(error, rename=_COLUMN_OF_PATH).items():
            reasons.setdefault(column, reason)
    if reasons:
        raise RowRejected(reasons)
    return Professional(
        document=document, registration_number=registration_number, region=region, data=parsed
    )
