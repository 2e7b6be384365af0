"""Sign-in of professionals by a one-time code sent to the e-mail on file."""

from __future__ import annotations

import contextlib
import hmac
import secrets
from datetime import datetime
from typing import Any

from chalicelib.domain.auth import (
    CODE_FORMAT,
    CODE_TTL_SECONDS,
    CODES_WINDOW_SECONDS,
    MAX_CODES,
    LoginCode,
)
from chalicelib.domain.campaign import Council
from chalicelib.domain.documents import normalize_document
from chalicelib.domain.errors import Conflict, NotFound, RateLimited, Unauthorized, Unavailable
from chalicelib.observability import logger, mask_document, mask_email
from chalicelib.services.emails import render
from chalicelib.services.ports import LoginCodeRepository, Mailer, ProfessionalRepository, Tokens


def send_login_code(
    raw_document: object,
    council: Council,
    professionals: ProfessionalRepository,
    codes: LoginCodeRepository,
    tokens: Tokens,
    mailer: Mailer,
    now: datetime,
) -> dict[str, Any]:
    document = normalize_document(raw_document)
    professional = professionals.get(document)
    if professional is None:
        raise NotFound("not_in_registry")
    email = professional.email
    if email is None:
        raise Conflict("no_email_on_file")
    moment = int(now.timestamp())
    previous = codes.get(document)
    recent = previous.recent_sends(moment) if previous else ()
    if len(recent) >= MAX_CODES:
        raise RateLimited(min(recent) + CODES_WINDOW_SECONDS - moment, "too_many_codes")
    code = f"{secrets.randbelow(10**6):06d}"
    fresh = LoginCode(
        code_hash=tokens.code_hash(document, code),
        expires_at=moment + CODE_TTL_SECONDS,
        sent_at=(*recent, moment),
    )
    try:
        codes.replace(document, fresh, previous)
    except Conflict as error:
        # Another code was issued this very moment: that one stands, and counts.
        raise RateLimited(1, "too_many_codes") from error
    message = render(
        "login_code",
        name=professional.data.personal.name,
        council=council.council,
        code=code,
        minutes=CODE_TTL_SECONDS // 60,
    )
    try:
        mailer.send([email], message.subject, message.text, message.html)
    except Exception as error:
        logger.exception("login code not sent", document=mask_document(document))
        raise Unavailable("email_failed") from error
    logger.info("login code sent", document=mask_document(document), to=mask_email(email))
    return {"masked_email": mask_email(email), "expires_in": CODE_TTL_SECONDS}


def open_session(
    raw_document: object,
    raw_code: object,
    codes: LoginCodeRepository,
    tokens: Tokens,
    now: datetime,
) -> dict[str, Any]:
    document = normalize_document(raw_document)
    code = raw_code.strip() if isinstance(raw_code, str) else ""
    if not CODE_FORMAT.match(code):
        raise Unauthorized("invalid_code")
    stored = codes.get(document)
    if stored is None or not stored.usable(int(now.timestamp())):
        raise Unauthorized("invalid_code")
    if not hmac.compare_digest(stored.code_hash, tokens.code_hash(document, code)):
        # Replaced or used meanwhile: then there is nothing left to burn.
        with contextlib.suppress(Conflict):
            codes.count_wrong_try(document, stored.code_hash)
        raise Unauthorized("invalid_code")
    if not codes.use(document, stored.code_hash):
        raise Unauthorized("invalid_code")
    token, expires_at = tokens.issue(document, now)
    logger.info("professional signed in", document=mask_document(document))
    return {"token": token, "expires_at": expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")}
