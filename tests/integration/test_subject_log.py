"""The subject log against DynamoDB Local: a subject's audit events and its deliveries share a
partition, and each kind is read apart, newest first, with an exact limit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib import dependencies
from chalicelib.domain.audit import AuditEvent, professional_subject
from chalicelib.services.ports import Delivery

ANA = professional_subject("52998224725")


def audit(at: str, action: str, subject: str = ANA) -> AuditEvent:
    return AuditEvent(subject=subject, at=at, actor="staff#ana.revisora", action=action,
                      target="K3QM9-XH2TZ", ip="203.0.113.7", detail={"version": 2})  # fmt: skip


def delivery(at: str, template: str, status: str = "sent") -> Delivery:
    return Delivery(subject=ANA, at=at, to="ana@example.org", template=template, status=status,
                    message_id=f"ses-{at}" if status == "sent" else None,
                    error="SES is down" if status == "failed" else None)  # fmt: skip


def test_each_kind_comes_back_in_its_own_list_newest_first_as_it_went_in(tables) -> None:
    log = dependencies.subject_log()
    claimed = audit("2027-03-02T10:00:00+00:00", "request_claimed")
    decided = audit("2027-03-02T11:00:00+00:00", "request_decided")
    failed = delivery("2027-03-01T09:00:00+00:00", "reminder", status="failed")
    sent = delivery("2027-03-03T09:00:00+00:00", "decision")
    for entry in (failed, claimed, sent, decided):
        log.record(entry)

    assert log.trail(ANA) == [decided, claimed]
    assert log.deliveries(ANA) == [sent, failed]
    assert log.trail(professional_subject("08667638137")) == []


def test_the_limit_is_exact_for_each_kind_whatever_the_other_holds(tables) -> None:
    log = dependencies.subject_log()
    for minute in range(12):
        log.record(delivery(f"2027-03-01T09:{minute:02d}:00+00:00", "reminder"))
    for minute in range(3):
        log.record(audit(f"2027-03-01T10:{minute:02d}:00+00:00", "viewed_professional"))

    trail = log.trail(ANA, limit=2)
    sent = log.deliveries(ANA, limit=5)

    assert [event.at for event in trail] == [
        "2027-03-01T10:02:00+00:00",
        "2027-03-01T10:01:00+00:00",
    ]
    assert [entry.at[11:16] for entry in sent] == ["09:11", "09:10", "09:09", "09:08", "09:07"]
    assert len(log.trail(ANA, limit=10)) == 3


def test_the_audit_and_delivery_views_are_the_one_log(tables) -> None:
    seen = audit("2027-03-02T10:00:00+00:00", "viewed_request")
    mailed = delivery("2027-03-02T10:05:00+00:00", "request_received")

    dependencies.audit_log().record(seen)
    dependencies.deliveries().record(mailed)

    assert dependencies.subject_log().trail(ANA) == [seen]
    assert dependencies.deliveries().of(ANA) == [mailed]


@pytest.fixture
def former_tables(tables) -> Iterator[Any]:
    """The `audit` and `deliveries` tables of before, as they were keyed."""
    client = dependencies.boto3_client("dynamodb")
    for name in ("former-audit", "former-deliveries"):
        client.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "subject", "KeyType": "HASH"},
                       {"AttributeName": "at_id", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "subject", "AttributeType": "S"},
                                  {"AttributeName": "at_id", "AttributeType": "S"}],
        )  # fmt: skip
    yield client
    for name in ("former-audit", "former-deliveries"):
        client.delete_table(TableName=name)


def test_the_former_audit_and_delivery_tables_are_copied_in_once_however_often_run(
    former_tables,
) -> None:
    from chalicelib.adapters.dynamodb.subject_log import copy_former_logs

    client = former_tables
    for minute in range(30):
        client.put_item(TableName="former-audit", Item={
            "subject": {"S": ANA}, "at_id": {"S": f"2027-03-01T10:{minute:02d}:00+00:00#a1b2c3d4e5f6"},
            "actor": {"S": "staff#ana.revisora"}, "action": {"S": "viewed_professional"},
            "ip": {"S": "203.0.113.7"},
        })  # fmt: skip
    client.put_item(TableName="former-deliveries", Item={
        "subject": {"S": ANA}, "at_id": {"S": "2027-03-01T09:00:00+00:00#0f0f0f0f0f0f"},
        "to": {"S": "ana@example.org"}, "template": {"S": "reminder"}, "status": {"S": "sent"},
        "message_id": {"S": "ses-1"},
    })  # fmt: skip

    copied = [copy_former_logs(client, dependencies.tables(), "former-audit", "former-deliveries")
              for _ in range(2)]  # fmt: skip

    log = dependencies.subject_log()
    assert copied == [31, 31]
    assert len(log.trail(ANA)) == 30
    (newest,) = log.trail(ANA, limit=1)
    assert (newest.at, newest.actor, newest.action, newest.ip) == (
        "2027-03-01T10:29:00+00:00", "staff#ana.revisora", "viewed_professional", "203.0.113.7",
    )  # fmt: skip
    (mailed,) = log.deliveries(ANA)
    assert (mailed.at, mailed.template, mailed.status, mailed.message_id) == (
        "2027-03-01T09:00:00+00:00", "reminder", "sent", "ses-1",
    )  # fmt: skip


def test_the_cli_copies_the_former_logs_and_says_how_many(former_tables, capsys) -> None:
    import argparse

    import manage

    former_tables.put_item(TableName="former-audit", Item={
        "subject": {"S": ANA}, "at_id": {"S": "2027-03-01T10:00:00+00:00#a1b2c3d4e5f6"},
        "actor": {"S": "ana.revisora"}, "action": {"S": "viewed_professional"},
    })  # fmt: skip
    arguments = argparse.Namespace(
        stage="local", audit_table="former-audit", deliveries_table="former-deliveries"
    )

    assert manage.copy_former_logs_command(arguments) == manage.EXIT_OK
    assert "registros copiados para o histórico: 1" in capsys.readouterr().out
    assert [event.action for event in dependencies.subject_log().trail(ANA)] == [
        "viewed_professional"
    ]


def test_the_cli_says_so_when_a_former_table_is_not_there(tables) -> None:
    import argparse

    import manage

    arguments = argparse.Namespace(stage="local", audit_table=None, deliveries_table=None)

    with pytest.raises(manage.CommandError, match="recadastro-local-audit"):
        manage.copy_former_logs_command(arguments)
