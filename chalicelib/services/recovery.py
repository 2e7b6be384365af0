"""Access recovery, for a professional whose e-mail on file no longer works.

1. In the open (`POST /auth/recovery`): the CPF, the registration number, the birth date, the
   mother's name and a new e-mail. The answer is the same whether or not the CPF is on file;
   the new address gets a code (or, for an unknown CPF, an e-mail saying so, with the
   regionals' contacts). 3 per document per Brasília day.
2. The code (`POST /auth/recovery/session`) proves the person reads the new address and gives a
   recovery-only token.
3. With it (`POST /me/recovery`) the person sends a photo of an ID and a selfie holding it: an
   `access_recovery` request in the region's queue. A reviewer decides (services/decisions.py);
   the answers only tell the reviewer which matched the registry."""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, EmailStr, Field, StringConstraints

from chalicelib.domain.audit import professional_subject
from chalicelib.domain.auth import (
    CODE_FORMAT,
    CODE_TTL_SECONDS,
    MAX_ATTEMPTS,
    LoginCode,
    brasilia_day_window,
)
from chalicelib.domain.change_requests import (
    HistoryEntry,
    Request,
    RequestKind,
    RequestStatus,
    proposed_data,
)
from chalicelib.domain.clock import iso, iso_from_unix
from chalicelib.domain.errors import (
    Conflict,
    InvalidInput,
    RateLimited,
    Unauthorized,
    Unavailable,
)
from chalicelib.domain.messages import message
from chalicelib.domain.recovery import answers_matched
from chalicelib.domain.request_commands import DecisionCommand
from chalicelib.domain.sessions import RECOVERY, Session
from chalicelib.domain.staff import StaffCall
from chalicelib.observability import logger, mask_document, mask_email
from chalicelib.services.auth import Document
from chalicelib.services.change_requests import (
    PROFESSIONAL,
    SYSTEM,
    inspect_attachments,
    keep_attachments,
    professional_of,
    upload_key,
)
from chalicelib.services.emails import render
from chalicelib.services.ports import (
    AccessRecovery,
    ProtocolTaken,
    RequestChange,
    ReviewDecisions,
)
from chalicelib.services.sessions import end_every_session, signed_in

RECOVERIES_PER_DAY = 3
RECOVERIES = "recoveries"
NEEDED = ("identity_document", "selfie_with_document")

Text = Annotated[str, StringConstraints(min_length=1, max_length=150)]


def _iso_date(value: Any) -> date:
    """A date as JSON carries one: "YYYY-MM-DD" text, never a number or another spelling."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected YYYY-MM-DD")
    return date.fromisoformat(value)


class RecoveryForm(BaseModel):
    """`POST /auth/recovery`'s body."""

    model_config = ConfigDict(frozen=True)

    document: Document
    registration_number: Annotated[str, StringConstraints(max_length=40)]
    birth_date: Annotated[date, BeforeValidator(_iso_date)]
    mother_name: Text
    new_email: Annotated[EmailStr, Field(max_length=254)]


class RecoveryAttempt(BaseModel):
    """`POST /auth/recovery/session`'s body."""

    model_config = ConfigDict(frozen=True)

    document: Document
    code: Annotated[str, Field(default="", max_length=20, repr=False)]


def code_key(document: str) -> str:
    """A recovery's code lives beside the sign-in code, never over it: a stranger starting a
    recovery for someone must not spoil their sign-in."""
    return f"recovery#{document}"


def _pending_key(document: str) -> str:
    return f"recovery-pending#{document}"


def _session_key(session_id: str) -> str:
    return f"recovery-session#{session_id}"


def start_recovery(form: RecoveryForm, ports: AccessRecovery, now: datetime) -> dict[str, Any]:
    """The same answer for a CPF on file or not; only the e-mail to the new address differs."""
    document, moment, day = form.document, int(now.timestamp()), brasilia_day_window(now)
    if ports.sign_in.tries.take(RECOVERIES, document, RECOVERIES_PER_DAY, day) is None:
        raise RateLimited(day.seconds_left(moment), "too_many_recoveries")
    professional = ports.sign_in.professionals.get(document)
    if professional is None:
        mail = render("recovery_not_found", council=ports.sign_in.council.council,
                      regions=ports.sign_in.council.regions)  # fmt: skip
    else:
        code = f"{secrets.randbelow(10**6):06d}"
        key = code_key(document)
        fresh = LoginCode(ports.sign_in.tokens.code_hash(key, code), moment + CODE_TTL_SECONDS)
        try:
            ports.sign_in.codes.replace(key, fresh, ports.sign_in.codes.get(key))
        except Conflict:
            # Another recovery code was written this very moment: that one stands. The answer
            # stays the one every CPF gets.
            return {"masked_email": mask_email(str(form.new_email)), "expires_in": CODE_TTL_SECONDS}
        answers = answers_matched(
            professional, form.registration_number, form.birth_date, form.mother_name
        )
        pending = {"new_email": str(form.new_email), "answers": answers}
        ports.handoffs.put(_pending_key(document), pending, moment + CODE_TTL_SECONDS)
        mail = render("recovery_code", name=professional.data.personal.name, code=code,
                      minutes=CODE_TTL_SECONDS // 60, council=ports.sign_in.council.council)  # fmt: skip
    try:
        ports.mailer.send([str(form.new_email)], mail.subject, mail.text, mail.html)
    except Exception as error:
        logger.exception("recovery e-mail not sent", document=mask_document(document))
        raise Unavailable("email_failed") from error
    logger.info("access recovery asked", document=mask_document(document),
                on_file=professional is not None)  # fmt: skip
    return {"masked_email": mask_email(str(form.new_email)), "expires_in": CODE_TTL_SECONDS}


def open_recovery_session(
    attempt: RecoveryAttempt, ports: AccessRecovery, now: datetime
) -> dict[str, Any]:
    """The code, 5 tries, once: a token that opens the recovery routes only."""
    document, key, moment = attempt.document, code_key(attempt.document), int(now.timestamp())
    stored = (
        ports.sign_in.codes.take_attempt(key, moment) if CODE_FORMAT.match(attempt.code) else None
    )
    if stored is None:
        raise Unauthorized("invalid_code")
    if not hmac.compare_digest(stored.code_hash, ports.sign_in.tokens.code_hash(key, attempt.code)):
        error = Unauthorized("invalid_code")
        left = MAX_ATTEMPTS - stored.attempts
        error.message = (
            message("wrong_code_tries_left", tries=left)
            if left > 1
            else message("wrong_code_last_try" if left == 1 else "wrong_code_spent")
        )
        raise error
    pending = ports.handoffs.take(_pending_key(document), moment)
    if pending is None or not ports.sign_in.codes.use(key, stored.code_hash):
        raise Unauthorized("invalid_code")
    token, session = ports.sign_in.tokens.issue(document, now, scope=RECOVERY)
    ports.handoffs.put(_session_key(session.session_id), pending, session.expires_at)
    return {"token": token, "expires_at": iso_from_unix(session.expires_at), "scope": RECOVERY}


class RecoveryProof(BaseModel):
    """`POST /me/recovery`'s body."""

    model_config = ConfigDict(frozen=True)

    upload_ids: Annotated[list[str], Field(min_length=2, max_length=2)]


def submit_recovery(
    session: Session, proof: RecoveryProof, ports: AccessRecovery, now: datetime
) -> Request:
    """The ID and the selfie, checked by content like every upload: the request joins the
    region's queue. One open recovery at a time."""
    changes = ports.changes
    professional = signed_in(session, changes.professionals)
    pending = ports.handoffs.peek(_session_key(session.session_id), int(now.timestamp()))
    if pending is None:
        raise Unauthorized("session_ended")
    latest = own_recovery(session.document, ports)
    if latest is not None and latest.status == RequestStatus.IN_REVIEW:
        raise Conflict("recovery_open")
    attachments = inspect_attachments(
        session.document, proof.upload_ids, changes.storage, changes.detect_type,
        changes.sniff_bytes,
    )  # fmt: skip
    if sorted(attachment.kind for attachment in attachments) != sorted(NEEDED):
        needed = message("recovery_proofs")
        raise InvalidInput(fields={"upload_ids": needed})
    keep_attachments(session.document, attachments, changes.storage)
    at = iso(now)
    request = Request(
        id="", protocol="", document=professional.document, region=professional.region,
        kind=RequestKind.ACCESS_RECOVERY, group=None, status=RequestStatus.IN_REVIEW,
        current={"emails": [e.model_dump(mode="json") for e in professional.data.emails]},
        history=[HistoryEntry(at=at, actor=PROFESSIONAL, action="submitted")],
        created_at=at, updated_at=at, review_since=at, recovery=pending,
    )  # fmt: skip
    while True:
        protocol = changes.draw_protocol()
        filed = request.model_copy(
            update={"id": protocol, "protocol": protocol, "attachments": attachments}
        )
        taken = tuple(attachment.upload_id for attachment in attachments)
        try:
            changes.requests.apply(RequestChange(filed, None, None, None, taken))
        except ProtocolTaken:
            continue  # another request drew that protocol first
        logger.info("access recovery submitted", region=filed.region)
        return filed


def own_recovery(document: str, ports: AccessRecovery) -> Request | None:
    """The person's latest access recovery, if any."""
    items, _ = ports.changes.requests.list_for(document, 50, None)
    return next((item for item in items if item.kind == RequestKind.ACCESS_RECOVERY), None)


def decide_recovery(
    call: StaffCall, request: Request, command: DecisionCommand, ports: ReviewDecisions
) -> Request:
    """Approved: the new e-mail becomes the first on file and every earlier session ends (the
    stream tells the old address and the new one). Returned or rejected: the new address is
    told why. Either way the two photos are deleted at once (biometric-like data is kept no
    longer than needed), and the request keeps a note that they were."""
    professional = professional_of(request.document, ports.professionals)
    after, changes = professional, None
    if command.status == RequestStatus.APPROVED:
        new_email = str((request.recovery or {}).get("new_email"))
        emails = [{"type": _first_type(professional), "address": new_email}]
        emails += [
            entry.model_dump(mode="json")
            for entry in professional.data.emails
            if entry.address.lower() != new_email.lower()
        ]
        _, changes, data = proposed_data(
            professional, "emails", {"emails": emails}, require_difference=False
        )
        after = professional.with_data(data)
    decided = request.then(
        call.at, call.staff.username, command.action, command.reason,
        status=command.status, reason=command.reason, assigned_to=call.staff.username,
        changes=changes,
    )  # fmt: skip
    ports.requests.apply(RequestChange(decided, request.version, after, professional.version))
    if command.status == RequestStatus.APPROVED:
        end_every_session(request.document, ports.professionals, call.now)
    ports.audit.record(call.audit(
        professional_subject(request.document), f"request_{command.action}", request.id
    ))  # fmt: skip
    return _photos_deleted(call, decided, ports)


def _first_type(professional: Any) -> str:
    return professional.data.emails[0].type if professional.data.emails else "pessoal"


def _photos_deleted(call: StaffCall, decided: Request, ports: ReviewDecisions) -> Request:
    """Deletes the photos and notes it on the request. Should a deletion fail, the decision
    stands and the photos stay listed: the failure is logged and the note not written."""
    try:
        for attachment in decided.attachments:
            ports.storage.delete(upload_key(decided.document, attachment.upload_id))
    except Exception:
        logger.exception("recovery photos not deleted", request=decided.id)
        return decided
    noted = decided.then(
        call.at, SYSTEM, "photos_deleted", attachments=[],
        recovery=(decided.recovery or {}) | {"photos_deleted": len(decided.attachments)},
    )  # fmt: skip
    ports.requests.apply(RequestChange(noted, decided.version, None, None))
    return noted
