"""Sign-in of professionals by a one-time code sent to the e-mail on file, and the limits on
wrong tries that professionals' codes and staff passwords share."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from chalicelib.domain.auth import (
    CODE_FORMAT,
    CODE_TTL_SECONDS,
    CODES_WINDOW_SECONDS,
    MAX_ATTEMPTS,
    MAX_CODES,
    MAX_WRONG_CODES_PER_DAY,
    STAFF_FAILURE_WINDOW_SECONDS,
    STAFF_FAILURES,
    STAFF_MAX_FAILURES,
    WRONG_CODES,
    LoginCode,
    Window,
    brasilia_day_window,
    fixed_window,
    normalize_username,
)
from chalicelib.domain.campaign import Council
from chalicelib.domain.clock import iso_from_unix
from chalicelib.domain.documents import normalize_document
from chalicelib.domain.errors import Conflict, NotFound, RateLimited, Unauthorized, Unavailable
from chalicelib.domain.messages import message
from chalicelib.domain.professional import Professional
from chalicelib.observability import logger, mask_document, mask_email
from chalicelib.services.emails import render
from chalicelib.services.ports import CodeSignIn, Mailer, StaffSessions


def _document(raw: object) -> str:
    return normalize_document(raw)


def _code(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def _given(raw: object) -> str:
    if not isinstance(raw, str) or not raw:
        # The error's type is a message key: api.common.parse answers "Campo obrigatório.".
        raise PydanticCustomError("required", "required")
    return raw


# The document's own check raises InvalidInput naming the field (invalid_cpf, invalid_cnpj...),
# which pydantic lets through; a missing document is checked as the empty one it always was.
Document = Annotated[str, BeforeValidator(_document), Field(default=None, validate_default=True)]


class CodeRequest(BaseModel):
    """POST /auth/code: whose code to send."""

    model_config = ConfigDict(frozen=True)

    document: Document


class CodeAttempt(BaseModel):
    """POST /auth/session: a document and the code tried for it. A code that is not text is
    an empty one: a wrong code (401), not a malformed request."""

    model_config = ConfigDict(frozen=True)

    document: Document
    code: Annotated[
        str, BeforeValidator(_code), Field(default="", validate_default=True, repr=False)
    ]


class StaffCredentials(BaseModel):
    """POST /staff/session: each of the two required, as non-empty text."""

    model_config = ConfigDict(frozen=True)

    username: Annotated[str, BeforeValidator(_given), Field(default=None, validate_default=True)]
    password: Annotated[
        str, BeforeValidator(_given), Field(default=None, validate_default=True, repr=False)
    ]


def send_login_code(
    request: CodeRequest, ports: CodeSignIn, mailer: Mailer, now: datetime
) -> dict[str, Any]:
    document = request.document
    professional = ports.professionals.get(document)
    if professional is None:
        raise NotFound("not_in_registry")
    moment, day = int(now.timestamp()), brasilia_day_window(now)
    if ports.tries.taken(WRONG_CODES, document, day) >= MAX_WRONG_CODES_PER_DAY:
        raise _sign_in_locked(ports.council, professional, day.seconds_left(moment))
    email = professional.email
    if email is None:
        raise Conflict("no_email_on_file")
    previous = ports.codes.get(document)
    recent = previous.recent_sends(moment) if previous else ()
    if len(recent) >= MAX_CODES:
        raise RateLimited(min(recent) + CODES_WINDOW_SECONDS - moment, "too_many_codes")
    code = f"{secrets.randbelow(10**6):06d}"
    fresh = LoginCode(
        code_hash=ports.tokens.code_hash(document, code),
        expires_at=moment + CODE_TTL_SECONDS,
        sent_at=(*recent, moment),
    )
    try:
        ports.codes.replace(document, fresh, previous)
    except Conflict as error:
        # Another code was issued this very moment: that one stands, and counts.
        raise RateLimited(1, "too_many_codes") from error
    mail = render(
        "login_code",
        name=professional.data.personal.name,
        council=ports.council.council,
        code=code,
        minutes=CODE_TTL_SECONDS // 60,
    )
    try:
        mailer.send([email], mail.subject, mail.text, mail.html)
    except Exception as error:
        logger.exception("login code not sent", document=mask_document(document))
        raise Unavailable("email_failed") from error
    logger.info("login code sent", document=mask_document(document), to=mask_email(email))
    return {"masked_email": mask_email(email), "expires_in": CODE_TTL_SECONDS}


def open_session(attempt: CodeAttempt, ports: CodeSignIn, now: datetime) -> dict[str, Any]:
    """Each try takes its place among the code's 5 and the document's 10 of the day before
    the code is compared, so no timing lets a 6th try, or an 11th of the day, be evaluated.
    Only a wrong try keeps its place in the day's count."""
    document, code = attempt.document, attempt.code
    if not CODE_FORMAT.match(code):
        raise Unauthorized("invalid_code")
    moment, day = int(now.timestamp()), brasilia_day_window(now)
    stored = ports.codes.take_attempt(document, moment)
    if stored is None:
        if ports.tries.taken(WRONG_CODES, document, day) >= MAX_WRONG_CODES_PER_DAY:
            raise _document_locked(ports, document, day, moment)
        raise Unauthorized("invalid_code")
    wrong_today = ports.tries.take(WRONG_CODES, document, MAX_WRONG_CODES_PER_DAY, day)
    if wrong_today is None:
        raise _document_locked(ports, document, day, moment)
    if not hmac.compare_digest(stored.code_hash, ports.tokens.code_hash(document, code)):
        logger.info("wrong sign-in code", document=mask_document(document), today=wrong_today)
        if wrong_today >= MAX_WRONG_CODES_PER_DAY:
            raise _document_locked(ports, document, day, moment)
        raise _wrong_code(MAX_ATTEMPTS - stored.attempts)
    ports.tries.give_back(WRONG_CODES, document, day)
    if not ports.codes.use(document, stored.code_hash):
        raise Unauthorized("invalid_code")  # used or replaced meanwhile: a code works once
    token, session = ports.tokens.issue(document, now)
    logger.info("professional signed in", document=mask_document(document), method="code")
    return {"token": token, "expires_at": iso_from_unix(session.expires_at)}


def _wrong_code(tries_left: int) -> Unauthorized:
    """The 401 of a wrong code (its code stays `invalid_code`), saying how many tries the code
    has left, so a person knows when to ask for a new one."""
    error = Unauthorized("invalid_code")
    if tries_left > 1:
        error.message = message("wrong_code_tries_left", tries=tries_left)
    else:
        error.message = message("wrong_code_last_try" if tries_left == 1 else "wrong_code_spent")
    return error


def sign_in_staff(
    credentials: StaffCredentials, ports: StaffSessions, now: datetime
) -> dict[str, Any]:
    """Cognito's password flow, after the username (as Cognito matches it, whether or not it
    exists) takes a place among its 5 tries of the 15-minute window. A right password gives
    its place back; it does not clear the wrong ones, so a staff member signing in between an
    attacker's guesses does not give the attacker fresh tries."""
    username, tries = credentials.username, ports.tries
    moment = int(now.timestamp())
    who, window = normalize_username(username), fixed_window(moment, STAFF_FAILURE_WINDOW_SECONDS)
    place = tries.take(STAFF_FAILURES, who, STAFF_MAX_FAILURES, window)
    if place is None:
        raise _staff_locked(window, moment)
    try:
        session = ports.sign_in.sign_in(username, credentials.password)
    except Unauthorized as error:
        if place >= STAFF_MAX_FAILURES:
            logger.warning("staff sign-in locked", window_end=window.end)
            raise _staff_locked(window, moment) from error
        raise
    except Exception:
        tries.give_back(STAFF_FAILURES, who, window)  # Cognito failed, not the password
        raise
    tries.give_back(STAFF_FAILURES, who, window)
    return session


def _document_locked(ports: CodeSignIn, document: str, day: Window, now: int) -> RateLimited:
    professional = ports.professionals.get(document)
    logger.warning("code sign-in locked for the day", document=mask_document(document))
    return _sign_in_locked(ports.council, professional, day.seconds_left(now))


def _sign_in_locked(
    council: Council, professional: Professional | None, retry_after: int
) -> RateLimited:
    text = message("sign_in_locked", tries=MAX_WRONG_CODES_PER_DAY)
    region = council.region(professional.region) if professional else None
    if region is not None and region.contacts is not None:
        contacts = region.contacts.model_dump()
        text = f"{text} {message('regional_contacts', region=region.name, **contacts)}"
    return _rate_limited(retry_after, "sign_in_locked", text)


def _staff_locked(window: Window, now: int) -> RateLimited:
    retry_after = window.seconds_left(now)
    minutes = -(-retry_after // 60)
    text = message("staff_locked", minutes=minutes, tries=STAFF_MAX_FAILURES)
    return _rate_limited(retry_after, "staff_locked", text)


def _rate_limited(retry_after: int, key: str, text: str) -> RateLimited:
    # RateLimited formats its message without parameters; these messages have some.
    error = RateLimited(retry_after)
    error.key, error.message = key, text
    return error
