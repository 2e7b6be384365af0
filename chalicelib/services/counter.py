"""Service at the regional's counter and by post: a staff member, for a professional of their
regions, fixes the e-mail on file after checking an ID in person, and enters the uploads and
the requests of papers brought in or posted. Outside the caller's regions every professional
answers as if they did not exist; each step is in the professional's audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from chalicelib.domain.audit import professional_subject
from chalicelib.domain.change_requests import REASON_MAX, HistoryEntry, Request, clean_text
from chalicelib.domain.documents import normalize_document
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.fields import Email
from chalicelib.domain.messages import message
from chalicelib.domain.professional import Professional
from chalicelib.domain.request_commands import SubmitCommand, UploadCommand
from chalicelib.domain.staff import StaffCall
from chalicelib.observability import logger, mask_document
from chalicelib.services.change_requests import (
    EnteredBy,
    create_upload,
    put_email_first,
    submit_entered_request,
)
from chalicelib.services.ports import AuditLog, ChangeRequests, ProfessionalRepository
from chalicelib.services.sessions import end_every_session

COUNTER, MAIL = "counter", "mail"
CHANNELS = (COUNTER, MAIL)


@dataclass(frozen=True)
class EmailFix:
    """`PUT /staff/professionals/{document}/email`: the address the person showed they use, and
    why the staff member changed it (required: it is what the audit trail keeps)."""

    email: str
    reason: str

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> EmailFix:
        raw = body.get("email")
        if not isinstance(raw, str) or not raw.strip():
            raise InvalidInput(fields={"email": message("required")})
        try:
            email = Email(type="pessoal", address=raw.strip()).address
        except ValidationError as error:
            raise InvalidInput(fields={"email": message("invalid_email")}) from error
        reason = clean_text(body.get("reason"), "reason", REASON_MAX, required=True)
        return cls(str(email), str(reason))


@dataclass(frozen=True)
class CounterEntry:
    """`POST /staff/professionals/{document}/requests`: what `POST /me/requests` takes, and how
    the papers came (`counter` or `mail`)."""

    channel: str
    command: SubmitCommand

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> CounterEntry:
        channel = body.get("channel")
        if channel not in CHANNELS:
            raise InvalidInput(fields={"channel": message("invalid_channel")})
        return cls(str(channel), SubmitCommand.from_body(body))


def visible_professional(
    call: StaffCall, raw_document: object, professionals: ProfessionalRepository
) -> Professional:
    """The professional, if in one of the caller's regions; anyone else answers 404."""
    document = normalize_document(raw_document)
    professional = professionals.get(document)
    if professional is None or not call.staff.sees(professional.region):
        raise NotFound()
    return professional


def fix_email(
    call: StaffCall, raw_document: str, fix: EmailFix, ports: ChangeRequests, audit: AuditLog
) -> tuple[Request, Professional]:
    """The e-mail a staff member saw the person use, after checking their ID at the counter,
    becomes the first on file: an e-mails change approved as it is made (the registry export
    carries it; the requests stream tells the old address), entered at the counter by the
    caller. A changed e-mail is a changed way in: every session of the person ends."""
    professional = visible_professional(call, raw_document, ports.professionals)
    username = call.staff.username
    history = [
        HistoryEntry(at=call.at, actor=username, action="submitted"),
        HistoryEntry(at=call.at, actor=username, action="approved", reason=fix.reason),
    ]
    entered = EnteredBy(username, COUNTER)
    request, after = put_email_first(professional, fix.email, history, ports, entered)
    end_every_session(professional.document, ports.professionals, call.now)
    detail = {"channel": COUNTER, "reason": fix.reason}
    audit.record(
        call.audit(professional_subject(professional.document), "email_fixed", request.id, detail)
    )
    logger.info("e-mail fixed at the counter", document=mask_document(professional.document))
    return request, after


def create_staff_upload(
    call: StaffCall, raw_document: object, command: UploadCommand, ports: ChangeRequests,
    audit: AuditLog,
) -> dict[str, Any]:  # fmt: skip
    """An upload of a paper the professional brought or posted, under their own document, so a
    request entered for them can take it."""
    professional = visible_professional(call, raw_document, ports.professionals)
    answer = create_upload(professional.document, command, ports, call.now)
    detail = {"kind": command.kind}
    subject = professional_subject(professional.document)
    audit.record(call.audit(subject, "upload_entered", str(answer["upload_id"]), detail))
    return answer


def enter_request(
    call: StaffCall, raw_document: str, entry: CounterEntry, ports: ChangeRequests,
    audit: AuditLog,
) -> Request:  # fmt: skip
    """A change or a confirmation for the professional, entered by the caller from papers
    brought to the counter or posted: the professional's rules, and another staff member
    decides it."""
    professional = visible_professional(call, raw_document, ports.professionals)
    entered = EnteredBy(call.staff.username, entry.channel)
    request = submit_entered_request(professional.document, entered, entry.command, ports, call.now)
    detail = {"channel": entry.channel, "kind": request.kind.value, "group": request.group}
    audit.record(
        call.audit(professional_subject(request.document), "request_entered", request.id, detail)
    )
    return request
