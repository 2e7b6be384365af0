"""In-memory stand-ins for the ports, for unit tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from chalicelib.domain.audit import AuditEvent
from chalicelib.domain.auth import USED, LoginCode, Window
from chalicelib.domain.campaign import CampaignSettings
from chalicelib.domain.change_requests import Request, RequestKind, RequestStatus
from chalicelib.domain.errors import Conflict, RejectedAttachment, Unauthorized
from chalicelib.domain.professional import CardStatus, Professional, ProfessionalStatus
from chalicelib.services.ports import (
    CounterChange,
    Delivery,
    ImportState,
    PendingUpload,
    ProtocolTaken,
    QueueFilter,
    RequestChange,
    StoredObject,
)


class InMemoryProfessionalRepository:
    def __init__(self) -> None:
        self.items: dict[str, Professional] = {}
        self.hashes: dict[str, str] = {}

    def get(self, document: str) -> Professional | None:
        return self.items.get(document)

    def end_session(self, document: str, entry: str, expired: frozenset[str]) -> None:
        current = self.items[document]
        ended = (current.ended_sessions | {entry}) - expired
        self.items[document] = current.model_copy(update={"ended_sessions": ended})

    def end_all_sessions(self, document: str, since_ms: int) -> None:
        current = self.items[document]
        update = {"sessions_since_ms": since_ms, "ended_sessions": frozenset()}
        self.items[document] = current.model_copy(update=update)

    def add_new(self, professionals: Sequence[Professional]) -> dict[str, ImportState]:
        on_file = {}
        for professional in professionals:
            current = self.items.get(professional.document)
            if current is None:
                self._put(professional)
            else:
                on_file[current.document] = ImportState(
                    self.hashes[current.document], current.status, current.version
                )
        return on_file

    def replace_registry_data(self, professional: Professional, expected_version: int) -> None:
        current = self.items[professional.document]
        if current.version != expected_version or current.status != ProfessionalStatus.NOT_STARTED:
            raise Conflict()
        self._put(professional.model_copy(update={"version": expected_version + 1}))

    def save_card(self, professional: Professional, expected_version: int) -> None:
        if self.items[professional.document].version != expected_version:
            raise Conflict()
        self._put(professional.model_copy(update={"version": expected_version + 1}))

    def failed_orders(self, region: str) -> list[Professional]:
        return [
            p for p in self.items.values()
            if p.region == region and p.card is not None and p.card.status == CardStatus.FAILED
        ]  # fmt: skip

    def pending(self, region: str) -> Iterator[list[Professional]]:
        """Pages of two, so paging is exercised."""
        waiting = sorted(
            (p for p in self.items.values() if p.region == region and p.needs_action),
            key=lambda p: p.document,
        )
        for start in range(0, len(waiting), 2):
            yield waiting[start : start + 2]

    def _put(self, professional: Professional) -> None:
        self.items[professional.document] = professional
        self.hashes[professional.document] = professional.registry_hash

    def start_campaign(self, document: str) -> None:
        """Test helper: the professional opened a request."""
        current = self.items[document]
        self.items[document] = current.model_copy(
            update={"status": ProfessionalStatus.IN_PROGRESS, "version": current.version + 1}
        )


class FakeOnce:
    """Powertools idempotency in memory: a result is kept only when the action succeeds."""

    def __init__(self) -> None:
        self.done: dict[str, Any] = {}

    def __call__(self, key: str, action: Callable[[], Any]) -> Any:
        if key not in self.done:
            self.done[key] = action()
        return self.done[key]


class FakeMailer:
    """Keeps what it sends; fails from the `fail_after`-th message on, if set."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.sent: list[dict[str, Any]] = []
        self.fail_after = fail_after

    def send(self, to: Sequence[str], subject: str, text: str, html: str | None = None) -> str:
        if self.fail_after is not None and len(self.sent) >= self.fail_after:
            raise RuntimeError("SES is down")
        self.sent.append({"to": list(to), "subject": subject, "text": text})
        return f"message-{len(self.sent)}"


class InMemorySubjectLog:
    """Audit events and deliveries, each kind in its own list in the order recorded."""

    def __init__(self) -> None:
        self.audit_events: list[AuditEvent] = []
        self.delivered: list[Delivery] = []

    def record(self, entry: AuditEvent | Delivery) -> None:
        if isinstance(entry, AuditEvent):
            self.audit_events.append(entry)
        else:
            self.delivered.append(entry)

    def trail(self, subject: str, limit: int = 100) -> list[AuditEvent]:
        return _newest([e for e in self.audit_events if e.subject == subject], limit)

    def deliveries(self, subject: str, limit: int = 50) -> list[Delivery]:
        return _newest([d for d in self.delivered if d.subject == subject], limit)

    of = deliveries


def _newest(entries: list[Any], limit: int) -> list[Any]:
    """Newest first, as DynamoDB's sort key orders them (by time, then as recorded)."""
    return sorted(reversed(entries), key=lambda entry: entry.at, reverse=True)[:limit]


class InMemoryCampaignRepository:
    def __init__(self, settings: CampaignSettings | None = None) -> None:
        self.settings = settings

    def get_settings(self) -> CampaignSettings | None:
        return self.settings

    def save_settings(self, settings: CampaignSettings, updated_by: str) -> None:
        self.settings = settings


class InMemoryCounterRepository:
    def __init__(self) -> None:
        self.counts: dict[str, dict[str, dict[str, int]]] = {}
        self.applied: set[str] = set()

    def add(self, changes: Iterable[CounterChange]) -> int:
        new = 0
        for change in changes:
            if change.record_id in self.applied or not change.deltas:
                continue
            self.applied.add(change.record_id)
            new += 1
            for (scope, key), deltas in change.deltas.items():
                totals = self.counts.setdefault(scope, {}).setdefault(key, {})
                for name, delta in deltas.items():
                    totals[name] = totals.get(name, 0) + delta
        return new

    def totals(self, scope: str) -> dict[str, int]:
        return dict(self.counts.get(scope, {}).get("totals", {}))

    def scope_items(self, scope: str) -> dict[str, dict[str, int]]:
        return {key: dict(values) for key, values in self.counts.get(scope, {}).items()}


class FakeStaffDirectory:
    def __init__(self) -> None:
        self.users: dict[str, dict[str, object]] = {}

    def add_staff(
        self, username: str, password: str, name: str, email: str, groups: Sequence[str]
    ) -> None:
        if username in self.users:
            raise Conflict("staff_exists")
        self.users[username] = {"name": name, "email": email, "groups": list(groups)}


class InMemoryLoginCodeRepository:
    def __init__(self) -> None:
        self.items: dict[str, LoginCode] = {}

    def get(self, document: str) -> LoginCode | None:
        return self.items.get(document)

    def replace(self, document: str, code: LoginCode, previous: LoginCode | None) -> None:
        if self.items.get(document) != previous:
            raise Conflict()
        self.items[document] = code

    def take_attempt(self, document: str, now: int) -> LoginCode | None:
        code = self.items.get(document)
        if code is None or not code.usable(now):
            return None
        self.items[document] = dataclasses.replace(code, attempts=code.attempts + 1)
        return self.items[document]

    def use(self, document: str, code_hash: str) -> bool:
        code = self.items.get(document)
        if code is None or code.code_hash != code_hash:
            return False
        self.items[document] = dataclasses.replace(code, code_hash=USED)
        return True


class InMemoryAttemptLimiter:
    def __init__(self) -> None:
        self.counts: dict[tuple[str, str, int], int] = {}

    def take(self, name: str, who: str, limit: int, window: Window) -> int | None:
        key = (name, who, window.start)
        if self.counts.get(key, 0) >= limit:
            return None
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]

    def give_back(self, name: str, who: str, window: Window) -> None:
        key = (name, who, window.start)
        self.counts[key] = max(self.counts.get(key, 0) - 1, 0)

    def taken(self, name: str, who: str, window: Window) -> int:
        return self.counts.get((name, who, window.start), 0)


class FakeStaffSignIn:
    """Cognito's password flow over a dict of username -> password (case-insensitive names)."""

    def __init__(self, passwords: dict[str, str]) -> None:
        self.passwords = passwords
        self.calls = 0

    def sign_in(self, username: str, password: str) -> dict[str, Any]:
        self.calls += 1
        if self.passwords.get(username.lower()) != password:
            raise Unauthorized("invalid_credentials")
        return {"token": f"token-{username.lower()}", "expires_in": 3600, "claims": {}}


class InMemoryStorage:
    """The attachments bucket as a dict of key -> bytes; `reads` lists the GETs by kind, and
    `chunks_served` counts what streamed reads handed over."""

    def __init__(self, objects: dict[str, bytes] | None = None, chunk: int = 1024 * 1024) -> None:
        self.objects = dict(objects or {})
        self.metadata: dict[str, dict[str, str]] = {}
        self.chunk = chunk
        self.reads: list[str] = []
        self.chunks_served = 0

    def put(self, key: str, content: bytes, filename: str, kind: str = "proof_of_address") -> None:
        self.objects[key] = content
        self.metadata[key] = {"filename": filename, "kind": kind}

    def head(self, key: str) -> StoredObject | None:
        if key not in self.objects:
            return None
        return StoredObject(len(self.objects[key]), self.metadata.get(key, {}))

    def first_bytes(self, key: str, count: int) -> bytes:
        self.reads.append("first")
        return self.objects[key][:count]

    def bytes_from(self, key: str, start: int) -> Iterator[bytes]:
        self.reads.append("from")
        content = self.objects[key]
        for position in range(start, len(content), self.chunk):
            self.chunks_served += 1
            yield content[position : position + self.chunk]

    def last_bytes(self, key: str, count: int) -> bytes:
        self.reads.append("last")
        return self.objects[key][-count:]

    def keep(self, key: str) -> bool:
        return key in self.objects

    def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    def presigned_post(
        self, key: str, content_type: str, metadata: dict[str, str], max_bytes: int, expires_in: int
    ) -> tuple[str, dict[str, str]]:
        return "https://bucket.example.org/", {"key": key, "Content-Type": content_type}

    def download_url(self, key: str, filename: str, content_type: str, expires_in: int) -> str:
        return f"https://bucket.example.org/{key}"


class InMemoryUploadRepository:
    """Upload records, and which request took each (`taken_by`)."""

    def __init__(self) -> None:
        self.items: dict[str, PendingUpload] = {}
        self.taken_by: dict[str, str] = {}

    def add(self, upload: PendingUpload) -> None:
        self.items[upload.upload_id] = upload


class InMemoryRequestRepository:
    """Requests in a dict, and `apply` as the DynamoDB transaction does it: every condition
    checked before anything is written (the request's version or a new id, the professional's
    version, each upload the owner's and untaken), then all of it written. `meanwhile`, if
    set, is another writer landing between a use case's read and its transaction (once)."""

    def __init__(
        self, professionals: InMemoryProfessionalRepository, uploads: InMemoryUploadRepository
    ) -> None:
        self.items: dict[str, Request] = {}
        self.professionals = professionals
        self.uploads = uploads
        self.meanwhile: Callable[[], None] | None = None
        self.applied = 0

    def get(self, request_id: str) -> Request | None:
        return self.items.get(request_id)

    def list_for(
        self, document: str, limit: int, cursor: str | None
    ) -> tuple[list[Request], str | None]:
        mine = [r for r in self.items.values() if r.document == document]
        return _page(sorted(mine, key=lambda r: r.created_at, reverse=True), limit, cursor)

    def queue(
        self, where: QueueFilter, limit: int, cursor: str | None
    ) -> tuple[list[Request], str | None]:
        def wanted(r: Request) -> bool:
            since = r.review_since or ""
            return (
                r.status == where.status
                and (where.regions is None or r.region in where.regions)
                and (where.group is None or r.group == where.group)
                and (where.review_before is None or since < where.review_before)
                and (where.review_since is None or since >= where.review_since)
            )

        found = sorted(filter(wanted, self.items.values()), key=lambda r: r.created_at)
        return _page(found, limit, cursor)

    def approved_changes(self, regions: tuple[str, ...] | None, since: str) -> Iterator[Request]:
        approved = [
            r for r in self.items.values()
            if r.status == RequestStatus.APPROVED and r.kind == RequestKind.CHANGE
            and r.updated_at >= since and (regions is None or r.region in regions)
        ]  # fmt: skip
        yield from sorted(approved, key=lambda r: r.created_at)

    def apply(self, change: RequestChange) -> None:
        if self.meanwhile is not None:
            meanwhile, self.meanwhile = self.meanwhile, None
            meanwhile()
        self._check(change)
        request = change.request
        self.items[request.id] = request
        if change.professional is not None:
            version = (change.professional_version or 0) + 1
            stored = change.professional.model_copy(update={"version": version})
            self.professionals.items[stored.document] = stored
        for upload_id in change.attach:
            self.uploads.taken_by[upload_id] = request.id
        self.applied += 1

    def _check(self, change: RequestChange) -> None:
        request = change.request
        on_file = self.items.get(request.id)
        if change.request_version is None and on_file is not None:
            raise ProtocolTaken()
        if change.request_version is not None and (
            on_file is None or on_file.version != change.request_version
        ):
            raise Conflict("request_changed")
        if change.professional is not None:
            professional = self.professionals.items.get(change.professional.document)
            if professional is None or professional.version != change.professional_version:
                raise Conflict("request_changed")
        for upload_id in change.attach:
            upload = self.uploads.items.get(upload_id)
            if upload is None or upload.document != request.document:
                raise RejectedAttachment("attachment_used")
            if upload_id in self.uploads.taken_by:
                raise RejectedAttachment("attachment_used")


def _page(items: list[Request], limit: int, cursor: str | None) -> tuple[list[Request], str | None]:
    """A page after `cursor` (the count already given, as text)."""
    start = int(cursor or 0)
    end = start + limit
    return items[start:end], str(end) if end < len(items) else None
