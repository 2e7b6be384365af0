import json
from datetime import date

import pytest
from chalice.test import Client

from app import app
from chalicelib import dependencies
from chalicelib.domain.campaign import CampaignSettings
from tests.fakes import InMemoryCampaignRepository
from tools.openapi_json import SOURCE, TARGET, openapi_json


@pytest.fixture
def campaigns(monkeypatch: pytest.MonkeyPatch) -> InMemoryCampaignRepository:
    repository = InMemoryCampaignRepository()
    monkeypatch.setattr(dependencies, "campaigns", lambda: repository)
    return repository


@pytest.fixture
def client():
    dependencies.reset()
    with Client(app, stage_name="local") as client:
        yield client
    dependencies.reset()


def test_health(client) -> None:
    answer = client.http.get("/health")

    assert (answer.status_code, answer.json_body) == (200, {"status": "ok"})


def test_the_campaign_shows_the_deadline_an_admin_set(client, campaigns) -> None:
    campaigns.settings = CampaignSettings(deadline=date(2099, 12, 31))

    answer = client.http.get("/campaign")

    assert answer.status_code == 200
    assert answer.json_body["deadline"] == "2099-12-31"
    assert answer.json_body["days_left"] > 0
    assert {"code": "SP", "name": "Região São Paulo", "ufs": ["SP"]}.items() <= next(
        region for region in answer.json_body["regions"] if region["code"] == "SP"
    ).items()


def test_every_region_tells_how_to_reach_its_office(client, campaigns) -> None:
    answer = client.http.get("/campaign")

    regions = {region["code"]: region for region in answer.json_body["regions"]}
    assert regions["SP"]["contacts"] == {
        "phone": "(11) 3000-0202",
        "email": "atendimento.sp@example.org",
        "address": "Avenida Paulista, 1000, 12º andar, Bela Vista, São Paulo/SP, CEP 01310-100",
        "hours": "segunda a sexta, das 9h às 17h",
        "site": "https://sp.example.org",
    }
    assert all(
        region["contacts"]["phone"] and region["contacts"]["email"] for region in regions.values()
    )


def test_a_method_a_route_does_not_take_gets_our_error_shape_in_pt_br(client) -> None:
    answer = client.http.post("/health", body=b"{}", headers={"Content-Type": "application/json"})

    assert answer.status_code == 405
    assert answer.json_body == {
        "code": "method_not_allowed",
        "message": "Esta operação não é aceita neste endereço.",
    }


def test_the_outbox_exists_only_on_the_local_stage() -> None:
    dependencies.reset()
    with Client(app, stage_name="dev") as client:
        answer = client.http.get("/_dev/outbox")
    dependencies.reset()

    assert answer.status_code == 404
    assert answer.json_body["code"] == "route_not_found"


def test_the_openapi_document_and_the_app_routes_agree(client) -> None:
    document = client.http.get("/openapi.json").json_body

    documented = {
        (path, method.upper())
        for path, operations in document["paths"].items()
        for method in operations
        if method in ("get", "put", "post", "delete", "patch")
    }
    served = {(path, method) for path, entries in app.routes.items() for method in entries}

    assert documented == served
    json.dumps(document)  # serves as JSON


def test_the_contract_ships_and_is_served_as_the_json_of_openapi_yaml(client) -> None:
    contract = json.loads(openapi_json(SOURCE.read_text(encoding="utf-8")))

    shipped = json.loads(TARGET.read_text(encoding="utf-8")) if TARGET.exists() else None
    served = client.http.get("/openapi.json").json_body

    assert shipped == contract, (
        "chalicelib/openapi.json is not chalicelib/openapi.yaml as it stands: run make openapi"
    )
    assert served == contract
