"""Bodies and query strings parsed at the edge into the use cases' typed inputs: each fault
answers with the field, key and pt-BR message the API has always given."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel

from chalicelib.api.common import parse
from chalicelib.domain.change_requests import RequestStatus
from chalicelib.domain.errors import InvalidInput
from chalicelib.services.auth import CodeAttempt, CodeRequest, StaffCredentials
from chalicelib.services.review import ExportQuery, QueueQuery


def fields_of(model: type[BaseModel], values: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as error:
        parse(model, values)
    assert error.value.key == "invalid_input"
    return error.value.fields


@pytest.mark.parametrize("body", [{}, {"username": 5, "password": ""}, {"username": None}])
def test_staff_credentials_name_each_missing_one(body: dict[str, Any]) -> None:
    assert fields_of(StaffCredentials, body) == {
        "username": "Campo obrigatório.",
        "password": "Campo obrigatório.",
    }


def test_a_document_is_checked_as_the_registry_keeps_it() -> None:
    assert parse(CodeRequest, {"document": "529.982.247-25"}).document == "52998224725"
    assert fields_of(CodeRequest, {}) == {
        "document": "Informe um CPF (11 dígitos) ou CNPJ (14 caracteres) válido."
    }
    assert fields_of(CodeAttempt, {"document": "111.111.111-11", "code": "123456"}) == {
        "document": "CPF inválido: confira os dígitos."
    }


def test_a_code_that_is_not_text_is_an_empty_one() -> None:
    assert parse(CodeAttempt, {"document": "52998224725", "code": 123456}).code == ""
    assert parse(CodeAttempt, {"document": "52998224725", "code": " 123456 "}).code == "123456"


def test_the_queue_filters_answer_one_fault_at_a_time_status_first() -> None:
    fields = fields_of(QueueQuery, {"status": "nope", "stalled": "maybe"})

    assert list(fields) == ["status"] and fields["status"].startswith("Situação inválida.")
    assert fields_of(QueueQuery, {"stalled": "maybe"}) == {"stalled": "Use true ou false."}


def test_the_queue_filters_default_as_before() -> None:
    query = parse(QueueQuery, {"status": "", "stalled": "TRUE", "group": "", "limit": "5"})

    assert (query.status, query.stalled, query.group, query.region) == (
        RequestStatus.IN_REVIEW, True, None, None,
    )  # fmt: skip
    assert parse(QueueQuery, {"stalled": "0"}).stalled is False


@pytest.mark.parametrize("since", ["20261101", "2026-W48-1", "2026-11-1", "2026-02-30"])
def test_the_export_takes_its_since_day_only_as_yyyy_mm_dd(since: str) -> None:
    assert fields_of(ExportQuery, {"since": since}) == {"since": "Data inválida: use AAAA-MM-DD."}


def test_the_export_since_is_a_day_or_nothing() -> None:
    assert parse(ExportQuery, {"since": "2026-11-01"}).since == date(2026, 11, 1)
    assert parse(ExportQuery, {"since": "", "region": ""}) == ExportQuery()
