"""A professional's uploads and requests: submit, follow, cancel, resubmit; the public lookup."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn
from urllib.parse import quote, unquote

from chalicelib.domain.change_requests import (
    Attachment,
    HistoryEntry,
    Request,
    RequestKind,
    RequestStatus,
    check_can_change,
    check_proofs,
    proposed_data,
)
from chalicelib.domain.clock import iso
from chalicelib.domain.errors import Conflict, NotFound, RejectedAttachment
from chalicelib.domain.professional import Professional
from chalicelib.domain.protocol import normalize_protocol
from chalicelib.domain.request_commands import ResubmitCommand, SubmitCommand, UploadCommand
from chalicelib.domain.sessions import Session
from chalicelib.domain.uploads import MAX_BYTES, Refusal, real_type_allowed
from chalicelib.observability import logger, mask_document
from chalicelib.services.attachment_checks import content_refusal
from chalicelib.services.ports import (
    ChangeRequests,
    PendingUpload,
    ProfessionalRepository,
    ProtocolTaken,
    RequestChange,
    RequestRepository,
    Storage,
    TypeDetector,
)
from chalicelib.services.sessions import signed_in

UPLOAD_EXPIRES_IN = 15 * 60
# An upload not attached to a request within a day is removed: its record by TTL, its object by
# the bucket's lifecycle (uploads are stored tagged pending, expired after two days; attaching one
# removes the tag, see keep_attachments).
UPLOAD_KEPT_SECONDS = 24 * 3600
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
PROFESSIONAL = "profissional"
SYSTEM = "sistema"
# Why an e-mail taken from gov.br needs no reviewer.
VERIFIED_BY_GOVBR = "E-mail verificado pela conta gov.br (nível prata ou ouro)."


def upload_key(document: str, upload_id: str) -> str:
    """Every object of a professional lies under their own prefix."""
    return f"uploads/{document}/{upload_id}"


def create_upload(
    document: str, command: UploadCommand, ports: ChangeRequests, now: datetime
) -> dict[str, Any]:
    """A presigned POST for one file, bound to its key, type and size, and the upload's record,
    which expires unless a request takes it."""
    upload_id = uuid.uuid4().hex
    key = upload_key(document, upload_id)
    expires = int(now.timestamp()) + UPLOAD_KEPT_SECONDS
    ports.uploads.add(
        PendingUpload(
            upload_id, document, key, command.filename, command.content_type, command.size,
            command.kind, expires,
        )
    )  # fmt: skip
    # S3 metadata travel as HTTP headers: ASCII only, so the name goes percent-encoded.
    metadata = {"filename": quote(command.filename), "kind": command.kind}
    url, fields = ports.storage.presigned_post(
        key, command.content_type, metadata, MAX_BYTES, UPLOAD_EXPIRES_IN
    )
    return {
        "upload_id": upload_id,
        "url": url,
        "fields": fields,
        "expires_in": UPLOAD_EXPIRES_IN,
        "max_bytes": MAX_BYTES,
    }


def inspect_attachments(
    document: str,
    upload_ids: Sequence[str],
    storage: Storage,
    detect: TypeDetector,
    sniff_bytes: int,
) -> list[Attachment]:
    """Each upload as it really is in the bucket: there, within the size, of an allowed type
    by its content, and safe past its first bytes (`content_refusal`). One that fails is
    deleted and the request refused with the reason."""
    return [
        inspect_attachment(document, upload_id, storage, detect, sniff_bytes)
        for upload_id in upload_ids
    ]


def inspect_attachment(
    document: str, upload_id: str, storage: Storage, detect: TypeDetector, sniff_bytes: int
) -> Attachment:
    if not _UPLOAD_ID.match(upload_id):
        raise RejectedAttachment("attachment_missing")
    key = upload_key(document, upload_id)
    stored = storage.head(key)
    if stored is None:
        raise RejectedAttachment("attachment_missing")
    filename = unquote(stored.metadata.get("filename", upload_id))
    if stored.size > MAX_BYTES or stored.size == 0:
        storage.delete(key)
        problem = "attachment_too_big" if stored.size else "attachment_empty"
        raise RejectedAttachment(problem, filename=filename)
    head = storage.first_bytes(key, sniff_bytes)
    real_type = real_type_allowed(detect(head))
    if real_type is None:
        refuse_stored(document, key, filename, Refusal("attachment_type"), storage)
    refusal = content_refusal(storage, key, real_type, head, stored.size)
    if refusal is not None:
        refuse_stored(document, key, filename, refusal, storage)
    return Attachment(
        upload_id=upload_id,
        filename=filename,
        kind=stored.metadata.get("kind", "other"),
        content_type=real_type,
        size=stored.size,
    )


def refuse_stored(
    document: str, key: str, filename: str, refusal: Refusal, storage: Storage
) -> NoReturn:
    """A refused file is deleted: it never reaches a reviewer, nor stays to be attached again."""
    storage.delete(key)
    logger.info(
        "attachment refused by content",
        document=mask_document(document),
        problem=refusal.problem,
        detail=refusal.detail,
    )
    raise RejectedAttachment(refusal.problem, filename=filename)


def keep_attachments(document: str, attachments: list[Attachment], storage: Storage) -> None:
    """The uploads a request is about to take are no longer pending, so the bucket's lifecycle
    never expires them. Done before the request is written: should the write then fail, an
    upload stays unexpired but unattached (it can still be attached again), whereas the other
    order could lose an attached proof."""
    for attachment in attachments:
        if not storage.keep(upload_key(document, attachment.upload_id)):
            raise RejectedAttachment("attachment_missing")


def professional_of(document: str, professionals: ProfessionalRepository) -> Professional:
    professional = professionals.get(document)
    if professional is None:
        raise NotFound()
    return professional


@dataclass(frozen=True)
class EnteredBy:
    """A staff member entering a request for a professional who brought papers to the
    regional's counter ("counter") or sent them by post ("mail")."""

    username: str
    channel: str


@dataclass(frozen=True)
class _Sender:
    """Who sends a request: the professional in a session of theirs, or a staff member on
    their behalf (`entered`)."""

    document: str
    session: Session | None = None
    entered: EnteredBy | None = None

    def read(self, professionals: ProfessionalRepository) -> Professional:
        """The professional on file; for their own session, only while it holds."""
        if self.session is not None:
            return signed_in(self.session, professionals)
        return professional_of(self.document, professionals)

    def submitted(self, at: str) -> HistoryEntry:
        if self.entered is not None:
            return HistoryEntry(at=at, actor=self.entered.username, action="submitted")
        session = self.session
        return HistoryEntry(
            at=at, actor=PROFESSIONAL, action="submitted",
            method=session.method if session else None, level=session.level if session else None,
        )  # fmt: skip


def submit_request(
    session: Session, command: SubmitCommand, ports: ChangeRequests, now: datetime
) -> Request:
    """A change to one group (in review until a reviewer decides) or the professional's
    confirmation that their data is correct ("no change": approved at once, concluding them now
    or when their last open request is approved), with its proofs checked in the bucket. The
    one read of the professional also checks that the caller's session holds; how they signed
    in is recorded with the step."""
    return _submit(_Sender(session.document, session=session), command, ports, now)


def submit_entered_request(
    document: str, entered: EnteredBy, command: SubmitCommand, ports: ChangeRequests, now: datetime
) -> Request:
    """A change or a confirmation a staff member enters for the professional, under the same
    rules and proof checks as the professional's own. It records who entered it and how the
    papers came; a confirmation too waits in review, so that another staff member approves it
    (four eyes: services/decisions.py)."""
    return _submit(_Sender(document, entered=entered), command, ports, now)


def _submit(
    sender: _Sender, command: SubmitCommand, ports: ChangeRequests, now: datetime
) -> Request:
    document = sender.document
    draft = _draft(sender.read(ports.professionals), command, now, sender)
    attachments = inspect_attachments(
        document, command.upload_ids, ports.storage, ports.detect_type, ports.sniff_bytes
    )
    check_proofs(command.kind, command.group, attachments, draft.professional.address_proven)
    keep_attachments(document, attachments, ports.storage)
    try:
        request = _file(draft, attachments, ports)
    except Conflict:
        # A new request conflicts only on its professional, whom a stream consumer may have
        # written since the read (a card order): once more, rules and all, from a fresh read.
        draft = _draft(sender.read(ports.professionals), command, now, sender)
        request = _file(draft, attachments, ports)
    logger.info(
        "request submitted", kind=command.kind.value, group=command.group, region=request.region,
        channel=request.channel,
    )  # fmt: skip
    return request


@dataclass(frozen=True)
class _Draft:
    """A new request as the rules allow it against one read of its professional: the request
    yet without its protocol number and attachments, and the professional once it is filed."""

    request: Request
    professional: Professional
    professional_version: int


def _draft(
    professional: Professional, command: SubmitCommand, now: datetime, sender: _Sender
) -> _Draft:
    at = iso(now)
    submitted = sender.submitted(at)
    entered = sender.entered
    current = changes = None
    if command.kind == RequestKind.CHANGE:
        group = str(command.group)
        current, changes, _ = proposed_data(professional, group, command.changes)
        check_can_change(professional, group)
        status, history, after = RequestStatus.IN_REVIEW, [submitted], professional.opened(group)
    elif entered is not None:
        # Entered by staff: another staff member approves it, which confirms the professional.
        status, history, after = RequestStatus.IN_REVIEW, [submitted], professional
    else:
        approved = HistoryEntry(at=at, actor=SYSTEM, action="approved")
        status, history = RequestStatus.APPROVED, [submitted, approved]
        after = professional.confirmed_without_change()
    request = Request(
        id="", protocol="", document=professional.document, region=professional.region,
        kind=command.kind, group=command.group, status=status, current=current, changes=changes,
        note=command.note, history=history, created_at=at, updated_at=at,
        review_since=at if status == RequestStatus.IN_REVIEW else None,
        channel=entered.channel if entered else None,
        entered_by=entered.username if entered else None,
    )  # fmt: skip
    return _Draft(request, after, professional.version)


def _file(draft: _Draft, attachments: list[Attachment], ports: ChangeRequests) -> Request:
    """Writes the new request under a protocol number of its own, drawn again on a collision."""
    while True:
        protocol = ports.draw_protocol()
        request = draft.request.model_copy(
            update={"id": protocol, "protocol": protocol, "attachments": attachments}
        )
        change = RequestChange(
            request, None, draft.professional, draft.professional_version,
            tuple(attachment.upload_id for attachment in attachments),
        )  # fmt: skip
        try:
            ports.requests.apply(change)
        except ProtocolTaken:
            continue
        return request


def find_request(request_id: str, requests: RequestRepository) -> Request | None:
    """A request by its id (its protocol number), however the person typed it."""
    protocol = normalize_protocol(request_id)
    return requests.get(protocol) if protocol else None


def own_request(document: str, request_id: str, requests: RequestRepository) -> Request:
    """The caller's request; another's answers exactly as an unknown one does."""
    request = find_request(request_id, requests)
    if request is None or request.document != document:
        raise NotFound()
    return request


def cancel_request(document: str, request_id: str, ports: ChangeRequests, now: datetime) -> Request:
    """An open request withdrawn by its professional: its group is free again."""
    request = own_request(document, request_id, ports.requests)
    if not request.is_open:
        raise Conflict("not_cancellable")
    professional = professional_of(document, ports.professionals)
    cancelled = request.then(iso(now), PROFESSIONAL, "cancelled", status=RequestStatus.CANCELLED)
    after = professional.cancelled(str(request.group))
    ports.requests.apply(RequestChange(cancelled, request.version, after, professional.version))
    return cancelled


def resubmit_request(
    session: Session,
    request_id: str,
    command: ResubmitCommand,
    ports: ChangeRequests,
    now: datetime,
) -> Request:
    """A returned request goes back to review under the same protocol, with what was asked."""
    document = session.document
    request = own_request(document, request_id, ports.requests)
    if request.status != RequestStatus.RETURNED:
        raise Conflict("not_returned")
    professional = signed_in(session, ports.professionals)
    if request.group in professional.locked_groups:
        raise Conflict("group_locked")
    changes = request.changes
    if command.changes is not None:
        _, changes, _ = proposed_data(professional, request.group, command.changes)
    known = {attachment.upload_id for attachment in request.attachments}
    new_ids = [upload_id for upload_id in command.upload_ids if upload_id not in known]
    added = inspect_attachments(
        document, new_ids, ports.storage, ports.detect_type, ports.sniff_bytes
    )
    attachments = [*request.attachments, *added]
    check_proofs(request.kind, request.group, attachments)
    keep_attachments(document, added, ports.storage)
    at = iso(now)
    resubmitted = request.then(
        at, PROFESSIONAL, "resubmitted", signed_in=session,
        status=RequestStatus.IN_REVIEW, changes=changes, note=command.note_after(request.note),
        attachments=attachments, review_since=at, reason=None,
    )  # fmt: skip
    # The professional is written as read: their version guards the locked groups read above.
    taken = tuple(attachment.upload_id for attachment in added)
    ports.requests.apply(
        RequestChange(resubmitted, request.version, professional, professional.version, taken)
    )
    return resubmitted


def protocol_status(raw_protocol: str, requests: RequestRepository) -> dict[str, Any]:
    """Malformed and unknown numbers get the same answer: nothing to learn by probing."""
    request = find_request(raw_protocol, requests)
    if request is None:
        raise NotFound("protocol_not_found")
    return request.public_view()


# A link to a stored file works five minutes: long enough to open it, too short to pass around.
DOWNLOAD_EXPIRES_IN = 300


def attachment_link(document: str, attachment: Attachment, storage: Storage) -> str:
    """A link to one file of a request of `document`'s, opened under its own name and type."""
    key = upload_key(document, attachment.upload_id)
    return storage.download_url(
        key, attachment.filename, attachment.content_type, DOWNLOAD_EXPIRES_IN
    )


def own_attachment_link(
    document: str, request_id: str, upload_id: str, requests: RequestRepository, storage: Storage
) -> dict[str, str]:
    """A five-minute link to one file of the caller's own request. Another's request, an unknown
    one and a file the request does not hold all answer alike: nothing to learn by probing."""
    request = own_request(document, request_id, requests)
    attachment = next((a for a in request.attachments if a.upload_id == upload_id), None)
    if attachment is None:
        raise NotFound()
    return {"download_url": attachment_link(document, attachment, storage)}


def use_verified_email(
    session: Session, email: str, ports: ChangeRequests, now: datetime
) -> tuple[Request, Professional]:
    """An e-mail verified by gov.br for a silver or gold account becomes the first address on
    file, without review: an e-mails change approved as it is made (so the export to the
    registry carries it like any other), the old address told by the requests stream."""
    professional = signed_in(session, ports.professionals)
    at = iso(now)
    history = [
        HistoryEntry(at=at, actor=PROFESSIONAL, action="submitted", method=session.method,
                     level=session.level),
        HistoryEntry(at=at, actor=SYSTEM, action="approved", reason=VERIFIED_BY_GOVBR),
    ]  # fmt: skip
    request, after = put_email_first(professional, email, history, ports)
    logger.info("contact e-mail taken from gov.br", document=mask_document(session.document))
    return request, after


def put_email_first(
    professional: Professional,
    email: str,
    history: list[HistoryEntry],
    ports: ChangeRequests,
    entered: EnteredBy | None = None,
) -> tuple[Request, Professional]:
    """`email` first on file (the other addresses kept), filed as an e-mails change approved as
    it is made, with the `history` that says who made and approved it."""
    check_can_change(professional, "emails")
    others = [entry.model_dump(mode="json") for entry in professional.data.emails]
    kept = [entry for entry in others if entry["address"].lower() != email.lower()]
    first_type = others[0]["type"] if others else "pessoal"
    emails = [{"type": first_type, "address": email}, *kept]
    current, changes, data = proposed_data(
        professional, "emails", {"emails": emails}, require_difference=False
    )
    at = history[0].at
    draft = Request(
        id="", protocol="", document=professional.document, region=professional.region,
        kind=RequestKind.CHANGE, group="emails", status=RequestStatus.APPROVED, current=current,
        changes=changes, history=history, created_at=at, updated_at=at,
        channel=entered.channel if entered else None,
        entered_by=entered.username if entered else None,
    )  # fmt: skip
    after = professional.with_data(data).approved("emails")
    request = _file(_Draft(draft, after, professional.version), [], ports)
    return request, after
