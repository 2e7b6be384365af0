"""The dashboard's counters, kept by the stream consumers through the pump, equal a full recount
after a random sequence of submissions, cancellations, decisions and resubmissions."""

from __future__ import annotations

import contextlib
import random
import uuid
from collections import Counter
from datetime import UTC, datetime

import boto3

from app import app
from chalicelib import dependencies
from chalicelib.adapters.dynamodb.models import ProfessionalModel, RequestModel
from chalicelib.domain.errors import DomainError
from chalicelib.domain.registry import professional_from_row
from chalicelib.domain.request_commands import DecisionCommand, ResubmitCommand, SubmitCommand
from chalicelib.domain.sessions import Session
from chalicelib.domain.staff import StaffCall, StaffMember
from chalicelib.services.change_requests import cancel_request, resubmit_request, submit_request
from chalicelib.services.counters import ALL, dashboard, region_scope
from chalicelib.services.decisions import decide
from chalicelib.services.ports import ChangeRequests, PendingUpload, StoredObject
from local.demo import registry_rows
from local.pump import Pump
from tests.integration.api import PDF


class BucketOfProofs:
    """Every upload is there, a PDF proof of address (the bucket is not what this tests)."""

    def head(self, key: str) -> StoredObject:
        return StoredObject(len(PDF), {"filename": "comprovante.pdf", "kind": "proof_of_address"})

    def first_bytes(self, key: str, count: int) -> bytes:
        return PDF

    def keep(self, key: str) -> bool:
        return True


def test_counters_equal_a_recount_after_a_random_campaign(tables, council, tmp_path) -> None:
    rng = random.Random(7)
    professionals = [professional_from_row(row, council) for row in registry_rows(8, council)]
    dependencies.professionals().add_new(professionals)
    requests, people, uploads = (
        dependencies.requests(),
        dependencies.professionals(),
        dependencies.uploads(),
    )
    admin = StaffMember.from_groups("admin", ["admin"])
    storage = BucketOfProofs()
    ports = ChangeRequests(people, requests, uploads, storage, lambda data: "application/pdf", 10)

    def proof(document: str) -> list[str]:
        upload_id = uuid.uuid4().hex
        uploads.add(
            PendingUpload(
                upload_id,
                document,
                f"uploads/{document}/{upload_id}",
                "c.pdf",
                "application/pdf",
                10,
                "proof_of_address",
                2**31,
            )
        )
        return [upload_id]

    def step() -> None:
        now = datetime.now(UTC)
        professional = rng.choice(professionals)
        document = professional.document
        mine = requests.list_for(document, 100, None)[0]
        action = rng.choice(
            ["change", "change", "no_change", "cancel", "decide", "decide", "resubmit"]
        )
        if action == "change":
            street = f"Rua {rng.randint(1, 10_000)}"
            body = {
                "kind": "change",
                "group": "address",
                "changes": {"street": street},
                "upload_ids": proof(document),
            }
            submit_request(Session.trusted(document), SubmitCommand.from_body(body), ports, now)
        elif action == "no_change":
            body = {"kind": "no_change", "upload_ids": proof(document)}
            submit_request(Session.trusted(document), SubmitCommand.from_body(body), ports, now)
        elif action == "cancel" and mine:
            cancel_request(document, rng.choice(mine).id, ports, now)
        elif action == "decide" and mine:
            chosen = rng.choice(mine)
            body = {
                "decision": rng.choice(["approve", "reject", "return"]),
                "reason": "ok",
                "version": chosen.version,
            }
            decide(
                StaffCall(admin, "127.0.0.1", now), chosen.id, DecisionCommand.from_body(body),
                dependencies.review_decisions(),
            )  # fmt: skip
        elif action == "resubmit" and mine:
            resubmit_request(
                Session.trusted(document), rng.choice(mine).id, ResubmitCommand(), ports, now
            )

    for _ in range(80):
        # A move the rules refuse (a 4xx) is skipped: refused moves must count nothing either.
        with contextlib.suppress(DomainError):
            step()

    clients = {
        "dynamodb": boto3.client("dynamodb"),
        "dynamodbstreams": boto3.client("dynamodbstreams"),
        "sqs": None,
    }
    Pump(app, tables.tables, clients, tmp_path).drain()

    request_items = list(dependencies.tables().bind(RequestModel).scan())
    professional_items = list(dependencies.tables().bind(ProfessionalModel).scan())
    assert len(request_items) >= 15  # the sequence did something
    counters = dependencies.counters()
    today = datetime.now(UTC).date()
    for scope, region in [(ALL, None), *((region_scope(r.code), r.code) for r in council.regions)]:
        board = dashboard(counters.scope_items(scope), today, stall_days=5)
        statuses = Counter(item.status for item in request_items if region in (None, item.region))
        people_statuses = Counter(
            item.status for item in professional_items if region in (None, item.region)
        )
        for status in ("in_review", "returned", "approved", "rejected", "cancelled"):
            assert board["requests"][status] == statuses[status], (scope, status)
        assert board["professionals"]["total"] == sum(people_statuses.values())
        for status, count in people_statuses.items():
            assert board["professionals"][status] == count, (scope, status)
        assert sum(day["submitted"] for day in board["daily"]) == sum(statuses.values())
        decisions = sum(
            1
            for item in request_items
            if region in (None, item.region)
            for entry in item.history
            if entry["action"] in ("approved", "rejected", "returned") and entry["actor"] == "admin"
        )
        assert sum(day["decided"] for day in board["daily"]) == decisions
        assert board["requests"]["stalled"] == 0
