"""Repositories against DynamoDB Local: what AWS would enforce, enforced."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib import dependencies
from chalicelib.domain.campaign import CampaignSettings
from chalicelib.domain.errors import Conflict
from chalicelib.domain.professional import ProfessionalStatus
from chalicelib.domain.registry import professional_from_row
from chalicelib.services.counters import professional_change
from chalicelib.services.ports import Change
from tests.conftest import registry_row
from tests.integration.conftest import ANA


def test_a_professional_comes_back_as_it_went_in(tables, council) -> None:
    repository = dependencies.professionals()
    professional = professional_from_row(registry_row(), council)

    assert repository.add_new([professional]) == {}

    assert repository.get("52998224725") == professional
    assert repository.get("08667638137") is None


def test_adding_keeps_whoever_is_on_file_and_tells_what_is_there(tables, council) -> None:
    repository = dependencies.professionals()
    original = professional_from_row(registry_row(), council)
    repository.add_new([original])
    other = professional_from_row(registry_row(document="08667638137"), council)
    moved = professional_from_row(registry_row(street="Rua Augusta"), council)

    on_file = repository.add_new([moved, other])

    assert list(on_file) == ["52998224725"]
    assert on_file["52998224725"].registry_hash == original.registry_hash
    assert on_file["52998224725"].status == ProfessionalStatus.NOT_STARTED
    assert repository.get("52998224725").data.address.street == "Avenida Paulista"
    assert repository.get("08667638137") is not None


def test_a_batch_of_more_than_a_transaction_holds_is_added_whole(tables, council) -> None:
    from local.demo import registry_rows

    repository = dependencies.professionals()
    batch = [professional_from_row(row, council) for row in registry_rows(150, council)]

    assert repository.add_new(batch[:40]) == {}
    assert len(repository.add_new(batch)) == 40

    assert repository.get(batch[149].document) == batch[149]


def test_refreshing_registry_data_is_guarded_by_the_version(tables, council) -> None:
    repository = dependencies.professionals()
    repository.add_new([professional_from_row(registry_row(), council)])
    moved = professional_from_row(registry_row(street="Rua Augusta"), council)

    repository.replace_registry_data(moved, expected_version=1)
    with pytest.raises(Conflict):
        repository.replace_registry_data(moved, expected_version=1)

    stored = repository.get("52998224725")
    assert (stored.data.address.street, stored.version) == ("Rua Augusta", 2)


def test_counters_count_each_stream_record_once_however_often_it_comes(tables, council) -> None:
    counters = dependencies.counters()
    newcomer = professional_from_row(registry_row(), council)  # in SP, not started
    changes = [
        professional_change(Change(f"event-{index}", str(index), None, newcomer))
        for index in range(90)
    ]

    assert counters.add(changes[:50]) == 50
    assert counters.add(changes) == 40  # the first 50 again, and 40 new, across chunks

    assert counters.totals("region#SP") == {
        "professionals_total": 90,
        "professionals_not_started": 90,
    }
    assert counters.totals("all")["professionals_total"] == 90
    assert counters.totals("region#RJ") == {}


def test_campaign_settings_are_saved_and_read_back(tables) -> None:
    campaigns = dependencies.campaigns()
    assert campaigns.get_settings() is None

    settings = CampaignSettings(deadline=date(2027, 6, 30), reminder_days=[15, 1], stall_days=3)
    campaigns.save_settings(settings, updated_by="admin")

    assert campaigns.get_settings() == settings


def test_create_tables_adds_the_indexes_a_table_of_an_older_version_lacks(tables) -> None:
    """The local stack keeps its data across versions: a new index is added, not a new table."""
    from chalicelib.adapters.dynamodb.models import create_tables

    client = dependencies.boto3_client("dynamodb")
    name = dependencies.tables().name("professionals")
    client.delete_table(TableName=name)
    client.get_waiter("table_not_exists").wait(TableName=name)
    client.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "document", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "document", "KeyType": "HASH"}],
    )
    client.put_item(TableName=name, Item={"document": {"S": "52998224725"}})

    create_tables(dependencies.tables())

    table = client.describe_table(TableName=name)["Table"]
    assert {index["IndexName"] for index in table["GlobalSecondaryIndexes"]} == {
        "pending-by-region",
        "card-failed-by-region",
    }
    assert client.get_item(TableName=name, Key={"document": {"S": "52998224725"}})["Item"]


def test_a_sign_in_code_put_again_after_it_landed_is_not_a_conflict(tables) -> None:
    """The SDK sends a write again when its answer is lost; the second finds its own code."""
    from chalicelib.domain.auth import LoginCode

    codes = dependencies.login_codes()
    first = LoginCode("hash-of-the-first-code", 1_900_000_000)
    codes.replace(ANA, first, None)
    fresh = LoginCode("hash-of-a-new-code", 1_900_000_600)

    codes.replace(ANA, fresh, first)
    codes.replace(ANA, fresh, first)  # the same put, sent again

    assert codes.get(ANA).code_hash == "hash-of-a-new-code"
    with pytest.raises(Conflict):
        codes.replace(ANA, LoginCode("hash-of-another-code", 1_900_001_200), first)


def test_a_try_sent_again_after_it_was_counted_is_counted_once(tables, monkeypatch) -> None:
    """The SDK sends an update again when its answer is lost; an ADD would count it twice."""
    import uuid

    from chalicelib.adapters.dynamodb import access
    from chalicelib.domain.auth import LoginCode, Window

    codes, limiter = dependencies.login_codes(), dependencies.attempt_limiter()
    codes.replace(ANA, LoginCode("hash-of-the-code", 1_900_000_000), None)
    window = Window(1_800_000_000, 1_800_086_400)
    same = uuid.UUID("00000000-0000-4000-8000-000000000001")
    monkeypatch.setattr(access.uuid, "uuid4", lambda: same)

    first, again = codes.take_attempt(ANA, 1_800_000_000), codes.take_attempt(ANA, 1_800_000_000)
    places = [limiter.take("codes", ANA, 10, window) for _ in range(2)]

    assert first is not None and again is not None
    assert (first.attempts, again.attempts, codes.get(ANA).attempts) == (1, 1, 1)
    assert places == [1, 1]
    assert limiter.taken("codes", ANA, window) == 1
