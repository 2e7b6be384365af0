"""What the services need from the outside world. Adapters implement these; tests use fakes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from chalicelib.domain.audit import AuditEvent
from chalicelib.domain.auth import LoginCode, Window
from chalicelib.domain.campaign import CampaignSettings, Council
from chalicelib.domain.change_requests import Request
from chalicelib.domain.professional import Professional, ProfessionalStatus
from chalicelib.domain.protocol import new_protocol
from chalicelib.domain.sessions import Session


@dataclass(frozen=True)
class ImportState:
    """What an import needs to know of a professional already on file."""

    registry_hash: str
    status: ProfessionalStatus
    version: int


class ProfessionalRepository(Protocol):
    def get(self, document: str) -> Professional | None: ...

    def get_many(self, documents: Sequence[str]) -> dict[str, Professional]: ...

    def end_session(self, document: str, entry: str, expired: frozenset[str]) -> None:
        """Writes a logged-out session on the record, and sweeps the expired entries. Touches
        no version: a submission in flight is not disturbed."""

    def end_all_sessions(self, document: str, since_ms: int) -> None:
        """Every session issued at or before `since_ms` is over."""

    def add_new(self, professionals: Sequence[Professional]) -> dict[str, ImportState]:
        """Adds those not on file; leaves the others as they are and returns what is on file
        for them."""

    def replace_registry_data(self, professional: Professional, expected_version: int) -> None:
        """Overwrites the registry data of one who has not started; Conflict if they have meanwhile."""

    def save_card(self, professional: Professional, expected_version: int) -> None:
        """Writes the card order and the status, fee flag and indexes that follow from it;
        Conflict if the professional changed since `expected_version`."""

    def failed_orders(self, region: str) -> list[Professional]:
        """Professionals of a region whose card order failed (a sparse index)."""

    def pending(self, region: str) -> Iterator[list[Professional]]:
        """Pages of a region's professionals who still have to act (a sparse index): only they
        are read, never the whole registry."""


class CampaignRepository(Protocol):
    def get_settings(self) -> CampaignSettings | None: ...

    def save_settings(self, settings: CampaignSettings, updated_by: str) -> None: ...


@dataclass(frozen=True)
class CounterChange:
    """What one stream record adds to counter items: (scope, key) -> {counter: delta}, where
    scope is "all" or "region#SP" and key "totals", "daily#<date>" or "inreview#<date>"."""

    record_id: str
    deltas: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)


class CounterRepository(Protocol):
    def add(self, changes: Iterable[CounterChange]) -> int:
        """Applies each change exactly once, however often it is given; returns how many were new."""

    def totals(self, scope: str) -> dict[str, int]: ...

    def scope_items(self, scope: str) -> dict[str, dict[str, int]]:
        """Every counter item of a scope by key, in one query."""


Entity = TypeVar("Entity")


@dataclass(frozen=True)
class Change(Generic[Entity]):
    """One stream record, read into the domain: the entity before and after one write (None
    where there was none), so a consumer never reads a storage column by name."""

    event_id: str  # the record's id: what the counters remember a record by
    sequence_number: str  # its place in the shard: what a partial batch answer names
    old: Entity | None
    new: Entity | None
    at: datetime | None = None  # when the write happened, as near as the stream says


@dataclass(frozen=True)
class StreamBatch(Generic[Entity]):
    """A batch of stream records, read: the changes, and the records that could not be read
    (an image no code of ours writes), each by sequence number, in the order delivered."""

    changes: list[Change[Entity]]
    order: tuple[str, ...]
    unreadable: frozenset[str] = frozenset()

    def first_failed(self, failed: Iterable[str] = ()) -> str | None:
        """The first record, in the batch's order, that failed or could not be read: a
        DynamoDB stream resumes from the lowest sequence number reported, so it is the one to
        report (what came after it is delivered again, and every consumer is idempotent)."""
        bad = self.unreadable | set(failed)
        return next((number for number in self.order if number in bad), None)


@dataclass(frozen=True)
class StoredObject:
    size: int
    metadata: dict[str, str]


class Mailer(Protocol):
    def send(self, to: Sequence[str], subject: str, text: str, html: str | None = None) -> str:
        """Sends one message; returns the provider's message id."""


# Runs an action once per key however often it is asked (a stream redelivers, a schedule runs
# again), and returns the first run's result: Powertools' idempotency utility.
Once = Callable[[str, Callable[[], Any]], Any]


class Idempotency(Protocol):
    """A `Once` that also learns how long the current Lambda invocation may still run, so a
    run cut short is not taken for one in progress forever."""

    def __call__(self, key: str, action: Callable[[], Any]) -> Any: ...

    def register(self, lambda_context: Any) -> None: ...


class StaffDirectory(Protocol):
    def add_staff(
        self, username: str, password: str, name: str, email: str, groups: Sequence[str]
    ) -> None: ...

    def emails_of_group(self, group: str) -> list[str]: ...


class LoginCodeRepository(Protocol):
    def get(self, document: str) -> LoginCode | None: ...

    def replace(self, document: str, code: LoginCode, previous: LoginCode | None) -> None: ...

    def take_attempt(self, document: str, now: int) -> LoginCode | None:
        """Counts one try at the live code, atomically, before it is compared: the code after
        the count, or None when no try is left (no code, used, expired, tries spent)."""

    def use(self, document: str, code_hash: str) -> bool: ...


class RateLimiter(Protocol):
    def hit(self, name: str, who: str, limit: int, window_seconds: int, now: int) -> None: ...


class AttemptLimiter(Protocol):
    """Tries of one kind (`name`) by one subject (`who`) within a window, counted atomically."""

    def take(self, name: str, who: str, limit: int, window: Window) -> int | None:
        """Counts one try: its place (1..limit), or None, uncounted, once `limit` are taken."""

    def give_back(self, name: str, who: str, window: Window) -> None:
        """Uncounts a try that turned out not to be a failure."""

    def taken(self, name: str, who: str, window: Window) -> int: ...


class InvalidToken(Exception):
    """A token that is missing, malformed, expired, or not a professional's."""


class GovbrUnavailable(Exception):
    """gov.br did not answer, or answered with a server error: try again later."""


class GovbrRefused(Exception):
    """gov.br refused the exchange, or its answer failed a check: this sign-in cannot go on."""


@dataclass(frozen=True)
class GovbrPerson:
    """Whom gov.br vouches for: the CPF (`sub`), the name, the e-mail when gov.br has verified
    it, and the account's assurance level (bronze, silver, gold)."""

    cpf: str
    name: str
    email: str | None
    level: str | None


class GovbrIdentity(Protocol):
    def authorize_url(self, state: str, nonce: str, challenge: str) -> str: ...

    def identify(self, code: str, verifier: str, nonce: str) -> GovbrPerson:
        """The code exchanged and the id_token verified; GovbrRefused or GovbrUnavailable."""


class Handoffs(Protocol):
    """Single-use handoffs between the steps of a sign-in (a gov.br authorization in flight,
    the ticket the site trades for a session), and what a session keeps on the server."""

    def put(self, key: str, payload: dict[str, Any], expires_at: int) -> None: ...

    def take(self, key: str, now: int) -> dict[str, Any] | None:
        """Removed as it is read: a second take gets None, as an unknown or expired key does."""

    def peek(self, key: str, now: int) -> dict[str, Any] | None: ...


class Tokens(Protocol):
    def issue(
        self,
        document: str,
        now: datetime,
        method: str = "code",
        level: str | None = None,
        scope: str | None = None,
    ) -> tuple[str, Session]:
        """A token of a new session, and the session."""

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims; InvalidToken if it is not one of ours, or no longer good."""

    def code_hash(self, document: str, code: str) -> str: ...


@dataclass(frozen=True)
class PendingUpload:
    """An upload granted to a professional and not yet attached: its record expires at
    `expires_at` (Unix time) unless a request takes it first."""

    upload_id: str
    document: str
    key: str
    filename: str
    content_type: str
    size: int
    kind: str
    expires_at: int


class UploadRepository(Protocol):
    def add(self, upload: PendingUpload) -> None: ...


class Storage(Protocol):
    def presigned_post(
        self, key: str, content_type: str, metadata: dict[str, str], max_bytes: int, expires_in: int
    ) -> tuple[str, dict[str, str]]: ...

    def head(self, key: str) -> StoredObject | None: ...

    def first_bytes(self, key: str, count: int) -> bytes: ...

    def bytes_from(self, key: str, start: int) -> Iterator[bytes]:
        """The object from byte `start` to its end, a chunk at a time (one streamed read)."""

    def last_bytes(self, key: str, count: int) -> bytes:
        """The object's last `count` bytes (all of it if shorter)."""

    def keep(self, key: str) -> bool:
        """An upload taken by a request: no longer expired as abandoned. False if it is gone."""

    def delete(self, key: str) -> None: ...

    def download_url(self, key: str, filename: str, content_type: str, expires_in: int) -> str: ...


class VendorError(Exception):
    """The card vendor did not take an order. `transient` (timeouts, 5xx, 429) may pass on a
    later try; otherwise the vendor refused the order itself."""

    def __init__(self, detail: str, transient: bool) -> None:
        super().__init__(detail)
        self.transient = transient


class CardVendor(Protocol):
    def order_card(self, document: str, order_id: str, card: dict[str, Any]) -> dict[str, Any]:
        """`{"cardholder_id", "enrollment_url", "status"}`; the same order id twice makes one
        cardholder. Raises VendorError."""


class Markers(Protocol):
    def first_time(self, name: str, keep_seconds: int) -> bool:
        """Writes a marker; False if it was there already (kept at least `keep_seconds`)."""

    def forget(self, name: str) -> None: ...


class ProtocolTaken(Exception):
    """A new request's random protocol number is already another's: draw again."""


@dataclass(frozen=True)
class RequestChange:
    """One step of a request, written as one transaction: the request after the step and the
    version it was read at (None: a new request), the professional after it and the version
    they were read at (no professional: a step that is the request's alone, a claim), and the
    uploads the step attaches. The professional is written even when the step leaves them as
    they were: their version guards the rules read from them (a locked or open group)."""

    request: Request
    request_version: int | None
    professional: Professional | None = None
    professional_version: int | None = None
    attach: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueueFilter:
    """Which requests a queue lists: of a status, in some regions (None: every region), of a
    group, and by when they entered review (ISO instants; `review_before` finds the stalled)."""

    status: str
    regions: tuple[str, ...] | None = None
    group: str | None = None
    kind: str | None = None
    review_before: str | None = None
    review_since: str | None = None


class RequestRepository(Protocol):
    def get(self, request_id: str) -> Request | None: ...

    def list_for(
        self, document: str, limit: int, cursor: str | None
    ) -> tuple[list[Request], str | None]: ...

    def queue(
        self, where: QueueFilter, limit: int, cursor: str | None
    ) -> tuple[list[Request], str | None]: ...

    def approved_changes(
        self, regions: tuple[str, ...] | None, since: str
    ) -> Iterator[Request]: ...

    def apply(self, change: RequestChange) -> None:
        """Writes the whole change or nothing. Raises ProtocolTaken when a new request's id is
        another's, Conflict("request_changed") when the request or the professional is no
        longer at the version read, RejectedAttachment("attachment_used") when an upload is
        another request's, another professional's or unknown."""


class AuditLog(Protocol):
    """What a service that audits needs of the subject log."""

    def record(self, event: AuditEvent) -> None: ...

    def trail(self, subject: str, limit: int = 100) -> list[AuditEvent]: ...


# A file's real type from its first bytes (libmagic).
TypeDetector = Callable[[bytes], str]


class StaffSignIn(Protocol):
    def sign_in(self, username: str, password: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Delivery:
    """One e-mail sent or tried."""

    subject: str
    at: str
    to: str
    template: str
    status: str  # "sent" or "failed"
    message_id: str | None = None
    error: str | None = None


class DeliveryLog(Protocol):
    """What a service that mails needs of the subject log."""

    def record(self, delivery: Delivery) -> None: ...

    def of(self, subject: str, limit: int = 50) -> list[Delivery]:
        """The newest deliveries to a subject, newest first."""


class SubjectLog(AuditLog, DeliveryLog, Protocol):
    """Everything recorded about one subject (a professional, a staff member, a region, the
    campaign): its audit events and the e-mails sent to it, each kind read apart, newest first."""

    def record(self, entry: AuditEvent | Delivery) -> None: ...

    def deliveries(self, subject: str, limit: int = 50) -> list[Delivery]:
        """The same as `of`."""


@dataclass(frozen=True)
class Outbox:
    """Sending e-mail: the mailer, and the log where every message sent or tried is kept."""

    mailer: Mailer
    deliveries: DeliveryLog


class Pacer(Protocol):
    def wait(self) -> None:
        """Returns when the next send keeps to the sending rate (sleeping if need be)."""


# What each use case needs: one frozen bundle per use case (or family), built in
# dependencies.py from each port's own factory, so a route passes one value and a new port
# touches one bundle and one factory.


@dataclass(frozen=True)
class CodeSignIn:
    """What signing in by code needs from the outside world."""

    council: Council
    professionals: ProfessionalRepository
    codes: LoginCodeRepository
    tries: AttemptLimiter
    tokens: Tokens


@dataclass(frozen=True)
class StaffSessions:
    """What a staff member's sign-in needs: Cognito's password flow, and the count of wrong
    passwords that locks a username for a while."""

    sign_in: StaffSignIn
    tries: AttemptLimiter


@dataclass(frozen=True)
class ChangeRequests:
    """What a professional's uploads and requests need: the professional on file, their
    requests, the uploads granted and the bucket they land in, how a file's real type is told
    (from its first `sniff_bytes`), and how a new request's protocol number is drawn."""

    professionals: ProfessionalRepository
    requests: RequestRepository
    uploads: UploadRepository
    storage: Storage
    detect_type: TypeDetector
    sniff_bytes: int
    draw_protocol: Callable[[], str] = new_protocol


@dataclass(frozen=True)
class ReviewDecisions:
    """What claiming and deciding a request need: the requests, the professional a decision
    changes in the same transaction, and the audit log that says which reviewer did it."""

    requests: RequestRepository
    professionals: ProfessionalRepository
    audit: AuditLog
    # Where an access recovery's photos lie, deleted once it is decided.
    storage: Storage


@dataclass(frozen=True)
class StaffReads:
    """What the staff's views read (the queue, a request, a professional's record, the
    dashboard, the export), the audit log where each view of personal data is recorded, and
    the campaign settings that say when a request is stalled."""

    requests: RequestRepository
    professionals: ProfessionalRepository
    storage: Storage
    audit: AuditLog
    counters: CounterRepository
    campaign: CampaignSettings


@dataclass(frozen=True)
class CampaignEditing:
    """What an admin's change to the campaign settings needs: where they are kept, and the
    audit log that says who changed them."""

    campaigns: CampaignRepository
    audit: AuditLog


@dataclass(frozen=True)
class Notifications:
    """What the e-mails about requests need: reviewers found by region in the staff directory,
    professionals by document, each message sent once (`once`) through the outbox, and the
    campaign settings whose expected review time the receipts tell."""

    council: Council
    directory: StaffDirectory
    professionals: ProfessionalRepository
    outbox: Outbox
    once: Once
    campaign: CampaignSettings
    admin_url: str  # the admin page, linked from the reviewers' e-mail
    portal_url: str  # the professionals' site, linked from their receipts and decisions


@dataclass(frozen=True)
class GovbrSignIn:
    """What signing in with gov.br needs: gov.br itself (None where the stage has no client),
    the handoffs between the steps, the registry, our tokens, and the site to send people to."""

    identity: GovbrIdentity | None
    handoffs: Handoffs
    professionals: ProfessionalRepository
    tokens: Tokens
    site_url: str


@dataclass(frozen=True)
class GovbrContact:
    """What taking the contact e-mail from gov.br needs: what the gov.br session kept here, the
    request machinery that puts the e-mail on file, and our tokens for the caller's new session."""

    handoffs: Handoffs
    requests: ChangeRequests
    tokens: Tokens


@dataclass(frozen=True)
class AccessRecovery:
    """What an access recovery needs: the sign-in's ports (registry, codes, tries, tokens),
    the handoffs between its steps, the mailer of its codes, and the request machinery."""

    sign_in: CodeSignIn
    handoffs: Handoffs
    mailer: Mailer
    changes: ChangeRequests


@dataclass(frozen=True)
class SessionEnding:
    """What logging out needs: the records that hold ended sessions, and gov.br's logout (with
    the site to come back to), or None where the stage has no gov.br sign-in."""

    professionals: ProfessionalRepository
    govbr_logout_url: str | None


@dataclass(frozen=True)
class CardOrdering:
    """What placing card orders from the professionals stream needs: the ports, and the
    settings that decide an order (the fee) and its e-mail (the council, the portal's link)."""

    professionals: ProfessionalRepository
    vendor: CardVendor
    once: Once
    outbox: Outbox
    council: Council
    campaign: CampaignSettings
    attempts_allowed: int  # vendor calls an order gets before it is failed for an admin
    portal_url: str


@dataclass(frozen=True)
class VendorReports:
    """What taking the card vendor's signed reports needs; the shared secret is read when a
    report comes, not when the bundle is built."""

    professionals: ProfessionalRepository
    markers: Markers
    audit: AuditLog
    webhook_secret: Callable[[], bytes]


@dataclass(frozen=True)
class DeadlineReminders:
    """What a run of the deadline reminders needs: the campaign's days, who still has to act,
    and mail sent once per professional per reminder day, paced to the sending rate."""

    council: Council
    campaign: CampaignSettings
    professionals: ProfessionalRepository
    once: Once
    outbox: Outbox
    pace: Pacer
    portal_url: str  # the professionals' site, linked from the reminder


@dataclass(frozen=True)
class StalledDigest:
    """What the daily digest of stalled requests needs: the requests in review, each region's
    reviewers, and one e-mail per region per day."""

    council: Council
    campaign: CampaignSettings
    requests: RequestRepository
    directory: StaffDirectory
    once: Once
    outbox: Outbox
    admin_url: str  # the admin page, linked from the digest
