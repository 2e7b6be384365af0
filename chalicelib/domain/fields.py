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
MARITAL_STATUSES = ("solteiro", "casado", "divorciado", "separado", "viuvo", "uniao_estavel")
SEXES = ("feminino", "masculino")
BLOOD_TYPES = ("A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-")
RACES = ("branca", "preta", "parda", "amarela", "indigena", "nao_declarada")
PHONE_TYPES = ("celular", "residencial", "comercial")
EMAIL_TYPES = ("pessoal", "profissional")
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
    if len(digits) != 8 or not digits.isdigit():
        raise PydanticCustomError("invalid_cep", "invalid cep")
    return digits


def _phone(value: Any) -> Any:
    digits = re.sub(r"[\s().+-]", "", str(value or ""))
    if digits.startswith("55") and len(digits) in (12, 13):
        digits = digits[2:]
    valid = (
        digits.isdigit()
        and len(digits) in (10, 11)
        and int(digits[:2]) in DDDS
        and (len(digits) == 10 or digits[2] == "9")
    )
    if not valid:
        raise PydanticCustomError("invalid_phone", "invalid phone")
    return digits


def _text(max_length: int) -> Any:
    return Annotated[
        Annotated[str, StringConstraints(max_length=max_length)] | None,
        BeforeValidator(_blank_to_none),
        Field(default=None),
    ]


Name = Annotated[str, BeforeValidator(_blank_to_none), Field(max_length=150)]
OptionalName = _text(150)
Uf = Annotated[str | None, BeforeValidator(_uf), Field(default=None)]
PastDate = Annotated[date | None, BeforeValidator(_past_date), Field(default=None)]


def _optional_choice(choices: tuple[str, ...]) -> Any:
    return Annotated[
        Literal[choices] | None,  # type: ignore[valid-type]
        BeforeValidator(_choice),
        Field(default=None),
    ]


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Personal(Group):
    name: Name
    social_name: OptionalName
    birth_date: PastDate
    marital_status: _optional_choice(MARITAL_STATUSES)  # type: ignore[valid-type]
    sex: _optional_choice(SEXES)  # type: ignore[valid-type]
    blood_type: Annotated[
        Literal[BLOOD_TYPES] | None,  # type: ignore[valid-type]
        BeforeValidator(_upper),
        Field(default=None),
    ]
    race: _optional_choice(RACES)  # type: ignore[valid-type]


class Filiation(Group):
    mother_name: OptionalName
    mother_absent: bool = False
    father_name: OptionalName


class Birthplace(Group):
    uf: Uf
    city: _text(100)  # type: ignore[valid-type]


class Documents(Group):
    rg_number: _text(20)  # type: ignore[valid-type]
    rg_issuer: _text(20)  # type: ignore[valid-type]
    rg_uf: Uf
    rg_issued_on: PastDate
    voter_id: _text(20)  # type: ignore[valid-type]
    voter_zone: _text(10)  # type: ignore[valid-type]
    voter_section: _text(10)  # type: ignore[valid-type]
    ctps_number: _text(20)  # type: ignore[valid-type]
    ctps_series: _text(10)  # type: ignore[valid-type]
    military_certificate: _text(30)  # type: ignore[valid-type]


class Address(Group):
    cep: Annotated[str | None, BeforeValidator(_cep), Field(default=None)]
    uf: Uf
    city: _text(100)  # type: ignore[valid-type]
    district: _text(100)  # type: ignore[valid-type]
    street: _text(150)  # type: ignore[valid-type]
    number: _text(20)  # type: ignore[valid-type]
    complement: _text(100)  # type: ignore[valid-type]


class Phone(Group):
    type: Annotated[Literal[PHONE_TYPES], BeforeValidator(_choice)]  # type: ignore[valid-type]
    number: Annotated[str, BeforeValidator(_phone)]


class Email(Group):
    type: Annotated[Literal[EMAIL_TYPES], BeforeValidator(_choice)]  # type: ignore[valid-type]
    address: Annotated[EmailStr, Field(max_length=254)]


class ProfessionalData(Group):
    personal: Personal
    filiation: Filiation = Field(default_factory=Filiation)
    birthplace: Birthplace = Field(default_factory=Birthplace)
    documents: Documents = Field(default_factory=Documents)
    address: Address = Field(default_factory=Address)
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
    if kind in MESSAGES:
        return message(kind)
    if kind == "missing":
        return message("required")
    if kind == "extra_forbidden":
        return message("unknown_field")
    if kind in ("string_too_long", "too_long"):
        return message("too_long", max=context.get("max_length", ""))
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
