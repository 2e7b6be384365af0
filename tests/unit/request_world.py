"""A campaign in memory for the request use cases: two professionals (Ana of SP, Bruno of RJ),
the fakes of their ports, and the steps a professional or a reviewer takes, as the routes call
them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from chalicelib.domain.campaign import Council
from chalicelib.domain.change_requests import Request
from chalicelib.domain.professional import Professional
from chalicelib.domain.registry import professional_from_row
from chalicelib.domain.request_commands import (
    DecisionCommand,
    ResubmitCommand,
    SubmitCommand,
    UploadCommand,
)
from chalicelib.domain.sessions import Session
from chalicelib.domain.staff import StaffCall, StaffMember
from chalicelib.services import decisions
from chalicelib.services.change_requests import (
    cancel_request,
    create_upload,
    resubmit_request,
    submit_request,
    upload_key,
)
from chalicelib.services.ports import ChangeRequests, ReviewDecisions
from tests.conftest import registry_row
from tests.fakes import (
    InMemoryProfessionalRepository,
    InMemoryRequestRepository,
    InMemoryStorage,
    InMemorySubjectLog,
    InMemoryUploadRepository,
)

ANA, BRUNO = "52998224725", "08667638137"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
EXE = b"MZ" + b"\x00" * 200
SNIFF = 64


def detect(head: bytes) -> str:
    """libmagic, for the two kinds of file these tests send."""
    return "image/png" if head.startswith(b"\x89PNG") else "application/x-dosexec"


class World:
    def __init__(self, council: Council) -> None:
        self.professionals = InMemoryProfessionalRepository()
        self.professionals.add_new(
            [
                professional_from_row(registry_row(), council),
                professional_from_row(
                    registry_row(document="086.676.381-37", region="RJ", uf="RJ"), council
                ),
            ]
        )
        self.uploads = InMemoryUploadRepository()
        self.requests = InMemoryRequestRepository(self.professionals, self.uploads)
        self.storage = InMemoryStorage()
        self.audit = InMemorySubjectLog()
        self.ports = ChangeRequests(
            self.professionals, self.requests, self.uploads, self.storage, detect, SNIFF
        )
        self.review = ReviewDecisions(self.requests, self.professionals, self.audit, self.storage)

    def professional(self, document: str = ANA) -> Professional:
        professional = self.professionals.get(document)
        assert professional is not None
        return professional

    def set_professional(self, document: str, **update: Any) -> None:
        """Someone else wrote the professional (the import, a card order): a new version."""
        before = self.professional(document)
        self.professionals.items[document] = before.model_copy(
            update=update | {"version": before.version + 1}
        )

    def draw_protocols(self, protocols: Iterator[str]) -> None:
        self.ports = dataclasses.replace(self.ports, draw_protocol=lambda: next(protocols))

    def upload(
        self,
        kind: str = "proof_of_address",
        content: bytes | None = PNG,
        document: str = ANA,
        filename: str = "conta.png",
    ) -> str:
        """An upload granted and, unless `content` is None, sent to the bucket."""
        command = UploadCommand(filename, "image/png", 10, kind)
        upload_id = str(create_upload(document, command, self.ports, NOW)["upload_id"])
        if content is not None:
            self.storage.put(upload_key(document, upload_id), content, filename, kind)
        return upload_id

    def submit(self, body: dict[str, Any], document: str = ANA) -> Request:
        return submit_request(
            Session.trusted(document), SubmitCommand.from_body(body), self.ports, NOW
        )

    def change_address(self, document: str = ANA, **body: Any) -> Request:
        return self.submit(
            {
                "kind": "change",
                "group": "address",
                "changes": {"street": "Rua Augusta"},
                "upload_ids": [self.upload(document=document)],
            }
            | body,
            document,
        )

    def cancel(self, request_id: str, document: str = ANA) -> Request:
        return cancel_request(document, request_id, self.ports, NOW)

    def resubmit(self, request_id: str, body: dict[str, Any], document: str = ANA) -> Request:
        command = ResubmitCommand.from_body(body)
        return resubmit_request(Session.trusted(document), request_id, command, self.ports, NOW)

    def call(self, username: str = "revisor.sp", groups: tuple[str, ...] = ("region-SP",)):
        return StaffCall(StaffMember.from_groups(username, list(groups)), "203.0.113.9", NOW)

    def claim(self, request_id: str, call: StaffCall | None = None) -> Request:
        return decisions.claim(call or self.call(), request_id, self.review)

    def decide(self, request: Request, body: dict[str, Any], call: StaffCall | None = None):
        command = DecisionCommand.from_body({"version": request.version} | body)
        return decisions.decide(call or self.call(), request.id, command, self.review)

    def returned(self, **body: Any) -> Request:
        """Ana's address change, returned for more information."""
        request = self.change_address(**body)
        return self.decide(request, {"decision": "return", "reason": "Envie a conta legível."})
