"""The professional's side of API.md, route by route, on DynamoDB Local and moto."""

from __future__ import annotations

from tests.integration.api import PDF, Api
from tests.integration.conftest import ANA, ANA_EMAIL


def test_sign_in_and_see_the_data_on_file(api: Api) -> None:
    token = api.sign_in("529.982.247-25", ANA_EMAIL)

    me = api.call("GET", "/me", token=token)

    assert me.status_code == 200
    assert me.json_body["document"] == ANA
    assert me.json_body["status"] == "not_started"
    assert me.json_body["data"]["address"]["cep"] == "01310100"
    assert me.json_body["locked_groups"] == []


def test_the_whole_journey_of_an_address_change(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    upload_id = api.upload(token, PDF)

    created = api.call(
        "POST",
        "/me/requests",
        {
            "kind": "change",
            "group": "address",
            "changes": {"street": "Rua Augusta", "number": "500"},
            "upload_ids": [upload_id],
        },
        token,
    )

    assert created.status_code == 201, created.body
    request = created.json_body
    assert request["status"] == "in_review"
    assert request["current"]["street"] == "Avenida Paulista"
    assert request["changes"] == {"street": "Rua Augusta", "number": "500"}
    assert request["attachments"][0]["content_type"] == "application/pdf"
    lookup = api.call("GET", f"/protocols/{request['protocol'].lower()}")
    assert lookup.status_code == 200
    assert lookup.json_body["status"] == "in_review"
    assert "current" not in lookup.json_body
    assert api.call("GET", "/me", token=token).json_body["status"] == "in_progress"
