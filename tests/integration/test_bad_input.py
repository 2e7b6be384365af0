"""Input an attacker or a confused client sends: a 400 that names the field, never a 500
(each case was a 500 once), and answers that no cache keeps and no browser re-types."""

from __future__ import annotations

import base64
import json

import pytest

from tests.integration.api import PDF, Api
from tests.integration.conftest import ANA, ANA_EMAIL
from tests.integration.test_staff_api import submit_address_change


def raw_post(api: Api, path: str, body: str, token: str | None = None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return api.client.http.post(path, body=body.encode(), headers=headers)


def change(api: Api, token: str, group: str, changes: dict, kind: str = "proof_of_address"):
    body = {
        "kind": "change",
        "group": group,
        "changes": changes,
        "upload_ids": [api.upload(token, PDF, kind=kind)],
    }
    return api.call("POST", "/me/requests", body, token)


def test_json_nested_deeper_than_the_parser_goes_is_malformed_not_a_crash(api: Api) -> None:
    answer = raw_post(api, "/auth/code", "[" * 100_000 + "]" * 100_000)

    assert (answer.status_code, answer.json_body["code"]) == (400, "malformed_json")


@pytest.mark.parametrize(
    ("group", "changes", "field", "text"),
    [
        (
            "personal",
            {"name": "A" * 151},
            "changes.name",
            "Texto longo demais (máximo de 150 caracteres).",
        ),
        (
            "phones",
            {"phones": [{"type": "celular", "number": f"1198765432{i}"} for i in range(6)]},
            "changes.phones",
            "Informe no máximo 5 itens.",
        ),
        (
            "emails",
            {"emails": [{"type": "pessoal", "address": f"a{i}@example.org"} for i in range(6)]},
            "changes.emails",
            "Informe no máximo 5 itens.",
        ),
    ],
)
def test_values_over_their_limits_say_the_limit(
    api: Api, group: str, changes: dict, field: str, text: str
) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    kind = "identity_document" if group == "personal" else "proof_of_address"

    answer = change(api, token, group, changes, kind)

    assert answer.status_code == 400
    assert answer.json_body["fields"] == {field: text}


def test_too_many_reminder_days_are_refused_with_the_limit(api: Api) -> None:
    admin = api.staff_sign_in("admin")
    body = {"deadline": "2030-03-31", "reminder_days": list(range(1, 12))}

    answer = api.call("PUT", "/staff/campaign", body, admin)

    assert answer.status_code == 400
    assert answer.json_body["fields"] == {"reminder_days": "Informe no máximo 10 itens."}


@pytest.mark.parametrize("decision", [{}, [], ["approve"], 1, None])
def test_a_decision_that_is_not_a_word_is_a_400(api: Api, decision: object) -> None:
    request = submit_address_change(api)
    sp = api.staff_sign_in("revisor.sp")

    answer = api.call(
        "POST",
        f"/staff/requests/{request['id']}/decision",
        {"decision": decision, "version": request["version"]},
        sp,
    )

    assert answer.status_code == 400
    assert list(answer.json_body["fields"]) == ["decision"]


def cursor(**key: str) -> str:
    encoded = json.dumps({name: {"S": value} for name, value in key.items()})
    return base64.urlsafe_b64encode(encoded.encode()).decode()


@pytest.mark.parametrize(
    ("token_of", "query"),
    [
        # The shape of the region queue, but another region's (or status's) partition.
        ("revisor.sp", {"id": "X", "region_status": "RJ#in_review", "created_at": "2026"}),
        ("revisor.sp", {"id": "X", "region_status": "SP#approved", "created_at": "2026"}),
        # The shape of the all-regions queue, another status.
        ("admin", {"id": "X", "status": "rejected", "created_at": "2026"}),
        # An empty key value, and one longer than DynamoDB takes.
        ("revisor.sp", {"id": "", "region_status": "SP#in_review", "created_at": "2026"}),
        ("revisor.sp", {"id": "X", "region_status": "SP#in_review", "created_at": "9" * 2000}),
    ],
)
def test_an_edited_queue_cursor_is_a_400(api: Api, token_of: str, query: dict) -> None:
    token = api.staff_sign_in(token_of)

    answer = api.call("GET", f"/staff/requests?cursor={cursor(**query)}", token=token)

    assert answer.status_code == 400
    assert list(answer.json_body["fields"]) == ["cursor"]


def test_a_cursor_of_another_professional_is_a_400(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    other = cursor(id="X", document="08667638137", created_at="2026")

    answer = api.call("GET", f"/me/requests?cursor={other}", token=token)

    assert answer.status_code == 400
    assert list(answer.json_body["fields"]) == ["cursor"]


def test_full_width_digits_are_not_a_cpf(api: Api) -> None:
    full_width = "".join(chr(ord(digit) + 0xFEE0) for digit in ANA)  # "５２９…"

    answer = api.call("POST", "/auth/code", {"document": full_width})

    assert answer.status_code == 400
    assert list(answer.json_body["fields"]) == ["document"]


def test_full_width_digits_are_not_a_phone_or_a_cep(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    wide = "１１９８７６５４３２１"

    phone = change(api, token, "phones", {"phones": [{"type": "celular", "number": wide}]})
    cep = change(api, token, "address", {"cep": "０１３１００００"})

    assert phone.status_code == 400
    assert list(phone.json_body["fields"]) == ["changes.phones.0.number"]
    assert cep.status_code == 400
    assert list(cep.json_body["fields"]) == ["changes.cep"]


def test_the_export_never_hands_excel_a_formula(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    formula = '=HYPERLINK("http://example.org/x","Clique")'
    request = change(
        api, token, "filiation", {"mother_name": formula}, kind="identity_document"
    ).json_body
    sp = api.staff_sign_in("revisor.sp")
    api.call(
        "POST",
        f"/staff/requests/{request['id']}/decision",
        {"decision": "approve", "version": request["version"]},
        sp,
    )

    text = api.call("GET", "/staff/exports/changes.csv", token=sp).body.decode("utf-8")

    row = next(row for row in text.split("\r\n") if ";mother_name;" in row)
    new_value = row.split(";")[7]
    assert new_value == '"\'=HYPERLINK(""http://example.org/x"",""Clique"")"'


@pytest.mark.parametrize(
    ("method", "path", "token_of", "status"),
    [
        ("GET", "/me", "ana", 200),
        # The view's 401 (the gateway's own answers are checked in tests/infra/test_api.py).
        ("GET", "/me", "forged", 401),
        ("GET", "/health", None, 200),
        ("POST", "/auth/code", None, 400),
    ],
)
def test_answers_are_never_cached_or_sniffed(
    api: Api, method: str, path: str, token_of: str | None, status: int
) -> None:
    token = api.sign_in(ANA, ANA_EMAIL) if token_of == "ana" else token_of

    answer = api.call(method, path, {} if method == "POST" else None, token)

    assert answer.status_code == status
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("settings", "fields"),
    [
        ({"deadline": 4102444800}, {"deadline": "Data inválida: use AAAA-MM-DD."}),
        ({"deadline": "2099-12-31T00:00:00"}, {"deadline": "Data inválida: use AAAA-MM-DD."}),
        (
            {"deadline": "2099-12-31", "stall_days": "5", "fee_after_deadline": "yes"},
            {
                "stall_days": "Informe um número inteiro.",
                "fee_after_deadline": "Use true ou false.",
            },
        ),
        (
            {"deadline": "2099-12-31", "reminder_days": ["7", 3.0]},
            {
                "reminder_days.0": "Informe um número inteiro.",
                "reminder_days.1": "Informe um número inteiro.",
            },
        ),
        (
            {"deadline": "2099-12-31", "fee_after_deadline": 0},
            {"fee_after_deadline": "Use true ou false."},
        ),
    ],
)
def test_campaign_settings_are_taken_as_written_never_coerced(
    api: Api, settings: dict, fields: dict
) -> None:
    admin = api.staff_sign_in("admin")

    answer = api.call("PUT", "/staff/campaign", settings, admin)

    assert answer.status_code == 400
    assert answer.json_body["fields"] == fields
    assert api.call("GET", "/staff/campaign", token=admin).json_body["deadline"] != "2100-01-01"


@pytest.mark.parametrize("since", ["20261101", "2026-W48-1", "2026-11-1"])
def test_the_export_takes_its_since_day_only_as_yyyy_mm_dd(api: Api, since: str) -> None:
    admin = api.staff_sign_in("admin")

    answer = api.call("GET", f"/staff/exports/changes.csv?since={since}", token=admin)

    assert answer.status_code == 400
    assert list(answer.json_body["fields"]) == ["since"]
