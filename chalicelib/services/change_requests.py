"""A professional's uploads and requests: submit, follow, cancel, resubmit; the public lookup."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, NoReturn
from urllib.parse import quote, unquote

from chalicelib.domain.change_requests import (
    ATTACHMENTS_MAX,
    NOTE_MAX,
    Attachment,
    HistoryEntry,
    Request,
    RequestKind,
    RequestStatus,
    check_can_change,
    check_proofs,
    clean_text,
    proposed_data,
)
from chalicelib.domain.clock import iso
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound, RejectedAttachment
from chalicelib.domain.messages import message
from chalicelib.domain.professional import Professional
from chalicelib.domain.protocol import new_protocol, normalize_protocol
from chalicelib.domain.uploads import (
    MAX_BYTES,
    Refusal,
    check_upload,
    clean_filename,
    real_type_allowed,
)
from chalicelib.observability import logger, mask_document
from chalicelib.services.attachment_checks import content_refusal
from chalicelib.services.ports import (
    ProfessionalRepository,
    ProtocolTaken,
    RequestRepository,
    Storage,
    UploadRepository,
)

UPLOAD_EXPIRES_IN = 15 * 60
# An upload not attached to a request within a day is removed: its record by TTL, its object by
# the bucket's lifecycle (uploads are stored tagged pending, expired after two days; attaching one
# removes the tag, see keep_attachments).
UPLOAD_KEPT_SECONDS = 24 * 3600
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
PROFESSIONAL = "profissional"
SYSTEM = "sistema"

TypeDetector = Callable[[bytes], str]


def upload_key(document: str, upload_id: str) -> str:
    """Every object of a professional lies under their own prefix."""
    return f"uploads/{document}/{upload_id}"


def create_upload(
    document: str, body: dict[str, Any], uploads: UploadRepository, storage: Storage, now: datetime
) -> dict[str, Any]:
    filename = clean_filename(body.get("filename"))
    content_type, size, kind = check_upload(
        body.get("content_type"), body.get("size"), body.get("kind")
    )
    upload_id = uuid.uuid4().hex
    key = upload_key(document, upload_id)
    expires = int(now.timestamp()) + UPLOAD_KEPT_SECONDS
    uploads.add(upload_id, document, key, filename, content_type, size, kind, expires)
    # S3 metadata travel as HTTP headers: ASCII only, so the name goes percent-encoded.
    url, fields = storage.presigned_post(
        key, content_type, {"filename": quote(filename), "kind": kind}, MAX_BYTES, UPLOAD_EXPIRES_IN
    )
    return {
        "upload_id": upload_id,
        "url": url,
        "fields": fields,
        "expires_in": UPLOAD_EXPIRES_IN,
        "max_bytes": MAX_BYTES,
    }


def upload_id_list(raw_ids: object) -> list[str]:
    """`upload_ids` as given: a list of strings, each once, at most ATTACHMENTS_MAX."""
    if raw_ids is None:
        return []
    if not isinstance(raw_ids, list) or not all(isinstance(item, str) for item in raw_ids):
        raise InvalidInput(fields={"upload_ids": message("not_a_list")})
    unique = list(dict.fromkeys(raw_ids))
    if len(unique) > ATTACHMENTS_MAX:
        raise RejectedAttachment("too_many_attachments", maximum=ATTACHMENTS_MAX)
    return unique


def inspect_attachments(
    document: str, raw_ids: object, storage: Storage, detect: TypeDetector, sniff_bytes: int
) -> list[Attachment]:
    """Each upload as it really is in the bucket: there, within the size, of an allowed type
    by its content, and safe past its first bytes (`content_refusal`). One that fails is
    deleted and the request refused with the reason."""
    return [
        inspect_attachment(document, upload_id, storage, detect, sniff_bytes)
        for upload_id in upload_id_list(raw_ids)
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


def submit_request(
    document: str,
    body: dict[str, Any],
    professionals: ProfessionalRepository,
    requests: RequestRepository,
    storage: Storage,
    detect: TypeDetector,
    sniff_bytes: int,
    now: datetime,
) -> Request:
    kind_value = body.get("kind")
    if kind_value not in tuple(RequestKind):
        raise InvalidInput(fields={"kind": message("invalid_kind")})
    kind = RequestKind(kind_value)
    professional = professional_of(document, professionals)
    note = clean_text(body.get("note"), "note", NOTE_MAX)
    group: str | None = None
    current = changes = None
    if kind == RequestKind.CHANGE:
        group = body.get("group")  # type: ignore[assignment]
        current, changes, _ = proposed_data(professional, group, body.get("changes"))
        assert group is not None
        check_can_change(professional, group)
    elif professional.open_groups:
        raise Conflict("open_requests_exist")
    attachments = inspect_attachments(
        document, body.get("upload_ids"), storage, detect, sniff_bytes
    )
    check_proofs(kind, group, attachments)
    keep_attachments(document, attachments, storage)

    at = iso(now)
    history = [HistoryEntry(at=at, actor=PROFESSIONAL, action="submitted")]
    if kind == RequestKind.CHANGE:
        status = RequestStatus.IN_REVIEW
        after = professional.with_progress(
            professional.open_groups | {str(group)}, professional.confirmed
        )
    else:
        status = RequestStatus.APPROVED
        history.append(HistoryEntry(at=at, actor=SYSTEM, action="approved"))
        after = professional.with_progress(professional.open_groups, confirmed=True)
    while True:
        protocol = new_protocol()
        request = Request(
            id=protocol, protocol=protocol, document=document, region=professional.region,
            kind=kind, group=group, status=status, current=current, changes=changes,
            attachments=attachments, note=note, history=history, created_at=at, updated_at=at,
            review_since=at if status == RequestStatus.IN_REVIEW else None,
        )  # fmt: skip
        try:
            requests.save(
                request,
                expected_version=None,
                professional=after,
                professional_version=professional.version,
                attach=[attachment.upload_id for attachment in attachments],
            )
        except ProtocolTaken:
            continue
        break
    logger.info("request submitted", kind=kind.value, group=group, region=professional.region)
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


def cancel_request(
    document: str,
    request_id: str,
    professionals: ProfessionalRepository,
    requests: RequestRepository,
    now: datetime,
) -> Request:
    request = own_request(document, request_id, requests)
    if not request.is_open:
        raise Conflict("not_cancellable")
    professional = professional_of(document, professionals)
    cancelled = request.then(iso(now), PROFESSIONAL, "cancelled", status=RequestStatus.CANCELLED)
    after = professional.with_progress(
        professional.open_groups - {str(request.group)}, professional.confirmed
    )
    requests.save(
        cancelled,
        expected_version=request.version,
        professional=after,
        professional_version=professional.version,
        attach=[],
    )
    return cancelled


def resubmit_request(
    document: str,
    request_id: str,
    body: dict[str, Any],
    professionals: ProfessionalRepository,
    requests: RequestRepository,
    storage: Storage,
    detect: TypeDetector,
    sniff_bytes: int,
    now: datetime,
) -> Request:
    """A returned request goes back to review under the same protocol, with what was asked."""
    request = own_request(document, request_id, requests)
    if request.status != RequestStatus.RETURNED:
        raise Conflict("not_returned")
    professional = professional_of(document, professionals)
    if request.group in professional.locked_groups:
        raise Conflict("group_locked")
    changes = request.changes
    if body.get("changes") is not None:
        _, changes, _ = proposed_data(professional, request.group, body.get("changes"))
    note = clean_text(body.get("note"), "note", NOTE_MAX) if "note" in body else request.note
    known = {attachment.upload_id for attachment in request.attachments}
    new_ids = [
        upload_id for upload_id in upload_id_list(body.get("upload_ids")) if upload_id not in known
    ]
    added = inspect_attachments(document, new_ids, storage, detect, sniff_bytes)
    attachments = [*request.attachments, *added]
    check_proofs(request.kind, request.group, attachments)
    keep_attachments(document, added, storage)
    at = iso(now)
    resubmitted = request.then(
        at, PROFESSIONAL, "resubmitted",
        status=RequestStatus.IN_REVIEW, changes=changes, note=note, attachments=attachments,
        review_since=at, reason=None,
    )  # fmt: skip
    requests.save(
        resubmitted,
        expected_version=request.version,
        professional=professional.with_progress(professional.open_groups, professional.confirmed),
        professional_version=professional.version,
        attach=[attachment.upload_id for attachment in added],
    )
    return resubmitted


def protocol_status(raw_protocol: str, requests: RequestRepository) -> dict[str, Any]:
    """Malformed and unknown numbers get the same answer: nothing to learn by probing."""
    request = find_request(raw_protocol, requests)
    if request is None:
        raise NotFound("protocol_not_found")
    return request.public_view()
