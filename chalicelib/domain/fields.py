"""The field groups of a professional's data on file, their validation and the proof each needs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from chalicelib.domain.messages import MESSAGES, message

UFS = (
    "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
    "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
)  # fmt: skip
# DDDs in use in Brazil (Anatel).
DDDS = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38}
    | {41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69}
    | {71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97}
    | {98, 99}
)
MaritalStatus = Literal["solteiro", "casado", "divorciado", "separado", "viuvo", "uniao_estavel"]
Sex = Literal["feminino", "masculino"]
BloodType = Literal["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"]
Race = Literal["branca", "preta", "parda", "amarela", "indigena", "nao_declarada"]
PhoneType = Literal["celular", "residencial", "comercial"]
EmailType = Literal["pessoal", "profissional"]
_CHOICE_ALIASES = {"f": "feminino", "m": "masculino", "fem": "feminino", "masc": "masculino"}


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _choice(value: Any) -> Any:
    """Accepts what people and legacy registries write: "Casado(a)", "União Estável", "F"."""
    value = _blank_to_none(value)
    if not isinstance(value, str):
        return value
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"\(a\)|\(o\)", "", plain).strip().replace(" ", "_")
    return _CHOICE_ALIASES.get(plain, plain)


def _upper(value: Any) -> Any:
    value = _blank_to_none(value)
    return value.upper() if isinstance(value, str) else value


def _uf(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return None
    if not isinstance(value, str) or value.upper() not in UFS:
        raise PydanticCustomError("invalid_uf", "invalid uf")
    return value.upper()


def _date(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(value, pattern).date()
            except ValueError:
                continue
    raise PydanticCustomError("invalid_date", "invalid date")


def _past_date(value: Any) -> Any:
    parsed = _date(value)
    if parsed is not None and parsed > date.today():
        raise PydanticCustomError("date_in_future", "date in the future")
    return parsed


def _cep(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return None
    digits = re.sub(r"[\s.-]", "", str(value))
    if not re.fullmatch(r"[0-9]{8}", digits):
        raise PydanticCustomError("invalid_cep", "invalid cep")
    return digits


def _phone(value: Any) -> Any:
    digits = re.sub(r"[\s().+-]", "", str(value or ""))
    if digits.startswith("55") and len(digits) in (12, 13):
        digits = digits[2:]
    valid = (
        re.fullmatch(r"[0-9]{10,11}", digits) is not None
        and int(digits[:2]) in DDDS
        and (len(digits) == 10 or digits[2] == "9")
    )
    if not valid:
        raise PydanticCustomError("invalid_phone", "invalid phone")
    return digits


Name = Annotated[str, BeforeValidator(_blank_to_none), StringConstraints(max_length=150)]
Text10 = Annotated[
    Annotated[str, StringConstraints(max_length=10)] | None, BeforeValidator(_blank_to_none)
]
Text20 = Annotated[
    Annotated[str, StringConstraints(max_length=20)] | None, BeforeValidator(_blank_to_none)
]
Text30 = Annotated[
    Annotated[str, StringConstraints(max_length=30)] | None, BeforeValidator(_blank_to_none)
]
Text100 = Annotated[
    Annotated[str, StringConstraints(max_length=100)] | None, BeforeValidator(_blank_to_none)
]
Text150 = Annotated[
    Annotated[str, StringConstraints(max_length=150)] | None, BeforeValidator(_blank_to_none)
]
Uf = Annotated[str | None, BeforeValidator(_uf)]
PastDate = Annotated[date | None, BeforeValidator(_past_date)]
Cep = Annotated[str | None, BeforeValidator(_cep)]
AsChoice = BeforeValidator(_choice)


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Personal(Group):
    name: Name
    social_name: Text150 = None
    birth_date: PastDate = None
    marital_status: Annotated[MaritalStatus | None, AsChoice] = None
    sex: Annotated[Sex | None, AsChoice] = None
    blood_type: Annotated[BloodType | None, BeforeValidator(_upper)] = None
    race: Annotated[Race | None, AsChoice] = None


class Filiation(Group):
    mother_name: Text150 = None
    mother_absent: bool = False
    father_name: Text150 = None


class Birthplace(Group):
    uf: Uf = None
    city: Text100 = None


class Documents(Group):
    rg_number: Text20 = None
    rg_issuer: Text20 = None
    rg_uf: Uf = None
    rg_issued_on: PastDate = None
    voter_id: Text20 = None
    voter_zone: Text10 = None
    voter_section: Text10 = None
    ctps_number: Text20 = None
    ctps_series: Text10 = None
    military_certificate: Text30 = None


class Address(Group):
    cep: Cep = None
    uf: Uf = None
    city: Text100 = None
    district: Text100 = None
    street: Text150 = None
    number: Text20 = None
    complement: Text100 = None


class Phone(Group):
    type: Annotated[PhoneType, AsChoice]
    number: Annotated[str, BeforeValidator(_phone)]


class Email(Group):
    type: Annotated[EmailType, AsChoice]
    address: Annotated[EmailStr, Field(max_length=254)]


class ProfessionalData(Group):
    personal: Personal
    # Frozen models: a shared default cannot be changed through one professional.
    filiation: Filiation = Filiation()
    birthplace: Birthplace = Birthplace()
    documents: Documents = Documents()
    address: Address = Address()
    phones: list[Phone] = Field(default_factory=list, max_length=5)
    emails: list[Email] = Field(default_factory=list, max_length=5)

    def stored(self) -> dict[str, Any]:
        """The data as kept in the database: JSON types, no empty values."""
        return _without_empty(self.model_dump(mode="json"))


def _without_empty(value: Any) -> Any:
    if isinstance(value, dict):
        cleaned = {k: _without_empty(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value


@dataclass(frozen=True)
class GroupRule:
    proof_kinds: frozenset[str]
    council_only: bool


PROOF_OF_ADDRESS = frozenset({"proof_of_address"})
IDENTITY = frozenset({"identity_document"})
IDENTITY_OR_CIVIL = frozenset({"identity_document", "civil_certificate"})

GROUP_RULES: dict[str, GroupRule] = {
    "personal": GroupRule(IDENTITY_OR_CIVIL, council_only=True),
    "filiation": GroupRule(IDENTITY_OR_CIVIL, council_only=True),
    "birthplace": GroupRule(IDENTITY, council_only=True),
    "documents": GroupRule(IDENTITY, council_only=True),
    "address": GroupRule(PROOF_OF_ADDRESS, council_only=False),
    "phones": GroupRule(PROOF_OF_ADDRESS, council_only=False),
    "emails": GroupRule(PROOF_OF_ADDRESS, council_only=False),
}
COUNCIL_ONLY_GROUPS = tuple(group for group, rule in GROUP_RULES.items() if rule.council_only)


def field_errors(error: ValidationError, rename: dict[str, str] | None = None) -> dict[str, str]:
    """pydantic's errors as {"dotted.path": "pt-BR text"}; `rename` maps paths to other names."""
    fields: dict[str, str] = {}
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"])
        path = (rename or {}).get(path, path)
        fields.setdefault(path, _describe(item))
    return fields


def _describe(item: Any) -> str:
    kind = item["type"]
    context = item.get("ctx") or {}
    if kind in ("string_too_long", "too_long"):
        # Checked before MESSAGES, which has "too_long": its text needs the limit.
        too_many = "too_many_items" if context.get("field_type") == "List" else "too_long"
        return message(too_many, max=context.get("max_length", ""))
    if kind in MESSAGES:
        return message(kind)
    if kind == "missing" or (item.get("input") is None and kind.endswith("_type")):
        return message("required")
    if kind == "extra_forbidden":
        return message("unknown_field")
    if kind == "literal_error":
        allowed = context.get("expected", "").replace("'", "").replace(" or ", ", ")
        return message("invalid_choice", allowed=allowed)
    if kind == "value_error" and "email" in str(item.get("msg", "")).lower():
        return message("invalid_email")
    if kind == "list_type":
        return message("not_a_list")
    if kind == "string_type":
        return message("not_a_text")
    return message("invalid_value")
