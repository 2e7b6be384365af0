"""The OpenAPI document's field rules against the code behind them: every value a field's schema
allows (drawn from its pattern, length and choices) is accepted, and the values the code refuses
that a pattern can name are refused by the schema too. The fuzzing of tests/e2e/test_fuzz.py finds
the same through the running stack; this finds it in a second, field by field."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from chalicelib.domain.change_requests import NOTE_MAX, REASON_MAX, clean_text
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.fields import Address, Documents, Personal, Phone
from chalicelib.domain.uploads import check_upload, clean_filename

CONTRACT = Path(__file__).resolve().parents[2] / "chalicelib" / "openapi.yaml"
SCHEMAS: dict[str, Any] = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))["components"][
    "schemas"
]


def field(schema: str, name: str) -> dict[str, Any]:
    found = SCHEMAS[schema]["properties"][name]
    return SCHEMAS[found["$ref"].rsplit("/", 1)[-1]] if "$ref" in found else found


def model_takes(model: type[BaseModel], field_name: str, **others: Any) -> Callable[[str], bool]:
    def takes(value: str) -> bool:
        try:
            model.model_validate(others | {field_name: value})
        except ValidationError:
            return False
        return True

    return takes


def refuses_nothing(check: Callable[[str], object]) -> Callable[[str], bool]:
    def takes(value: str) -> bool:
        try:
            check(value)
        except InvalidInput:
            return False
        return True

    return takes


FIELDS: dict[str, tuple[dict[str, Any], Callable[[str], bool]]] = {
    "name": (field("PersonalChanges", "name"), model_takes(Personal, "name")),
    "social_name": (
        field("PersonalChanges", "social_name"),
        model_takes(Personal, "social_name", name="Ana"),
    ),
    "marital_status": (
        field("PersonalChanges", "marital_status"),
        model_takes(Personal, "marital_status", name="Ana"),
    ),
    "blood_type": (
        field("PersonalChanges", "blood_type"),
        model_takes(Personal, "blood_type", name="Ana"),
    ),
    "voter_zone": (field("DocumentsChanges", "voter_zone"), model_takes(Documents, "voter_zone")),
    "rg_uf": (field("DocumentsChanges", "rg_uf"), model_takes(Documents, "rg_uf")),
    "cep": (field("AddressChanges", "cep"), model_takes(Address, "cep")),
    "street": (field("AddressChanges", "street"), model_takes(Address, "street")),
    "phone": (field("PhoneInput", "number"), model_takes(Phone, "number", type="celular")),
    "filename": (field("UploadRequest", "filename"), refuses_nothing(clean_filename)),
    "content_type": (
        field("UploadRequest", "content_type"),
        refuses_nothing(lambda value: check_upload(value, 1, "other")),
    ),
    "note": (SCHEMAS["Note"], refuses_nothing(lambda value: clean_text(value, "note", NOTE_MAX))),
    "reason to reject": (
        field("Refusal", "reason"),
        refuses_nothing(lambda value: clean_text(value, "reason", REASON_MAX, required=True)),
    ),
}


def allowed(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    """Strings the schema allows (null aside), drawn as a client reading it would write them."""
    if "enum" in schema:
        return st.sampled_from([value for value in schema["enum"] if value is not None])
    strategy = st.from_regex(schema["pattern"]) if "pattern" in schema else st.text()
    most = schema.get("maxLength")
    return strategy.filter(lambda value: most is None or len(value) <= most)


def schema_allows(schema: dict[str, Any], value: str) -> bool:
    if "enum" in schema:
        return value in schema["enum"]
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return False
    return len(value) <= schema.get("maxLength", len(value))


@pytest.mark.parametrize("name", FIELDS)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_every_value_a_field_schema_allows_is_accepted(name: str, data: st.DataObject) -> None:
    schema, accepts = FIELDS[name]

    value = data.draw(allowed(schema), label=name)

    assert accepts(value), f"{name}: the document allows {value!r}, the code refuses it"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("name", ""),
        ("name", " \t"),
        ("name", "\x1c\u3000"),
        ("name", "a" * 151),
        ("phone", "10987654321"),  # DDD 10 is not in use
        ("phone", "1187654321x"),
        ("phone", "11887654321"),  # 11 digits must be a mobile: 9 after the DDD
        ("cep", "1310100"),
        ("filename", "pasta/"),
        ("filename", 'C:\\docs\\"<>'),
        ("filename", "\x00\x1f"),
        ("reason to reject", " \n "),
        ("reason to reject", "x" * 1001),
        ("note", "x" * 1001),
        ("content_type", "application/x-msdownload"),
    ],
)
def test_what_the_code_refuses_the_document_refuses_too(name: str, value: str) -> None:
    schema, accepts = FIELDS[name]

    assert not accepts(value)
    assert not schema_allows(schema, value), f"{name}: the document allows {value!r}"
