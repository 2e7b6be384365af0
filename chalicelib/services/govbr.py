"""Sign-in with gov.br (Login Único). The site asks to start; gov.br sends the browser back to
the callback with a code; the callback checks the state, has the code exchanged and the
id_token verified, finds the professional by the CPF, and sends the browser on to the site
with a one-time ticket, away from the address that held the code. The site trades the ticket
for a session of ours. gov.br's tokens never leave the server and are never our session."""

from __future__ import annotations

import base64
import hashlib
import secrets
import urllib.parse
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from stdnum.br import cpf

from chalicelib.domain.clock import iso_from_unix
from chalicelib.domain.errors import Conflict, Forbidden, NotFound, Unauthorized
from chalicelib.domain.sessions import GOVBR, Session
from chalicelib.observability import logger, mask_document
from chalicelib.services.change_requests import use_verified_email
from chalicelib.services.ports import (
    GovbrContact,
    GovbrPerson,
    GovbrRefused,
    GovbrSignIn,
    GovbrUnavailable,
)
from chalicelib.services.sessions import end_every_session

STATE_SECONDS = 600  # an authorization in flight: 10 minutes, single use
TICKET_SECONDS = 120  # the ticket the site trades for a session: 2 minutes, single use
# Why a callback failed, as the site's sign-in screen explains it (`#/entrar?govbr_error=`).
STATE_INVALID, ACCESS_DENIED, TOKEN_INVALID = "state_invalid", "access_denied", "token_invalid"
NOT_IN_REGISTRY, UNAVAILABLE = "not_in_registry", "govbr_unavailable"


def _key(kind: str, secret: str) -> str:
    """Handoffs are stored under a hash: the table never holds a usable state or ticket."""
    return f"govbr-{kind}#{hashlib.sha256(secret.encode()).hexdigest()}"


def session_key(session_id: str) -> str:
    return f"govbr-session#{session_id}"


def start(ports: GovbrSignIn, now: datetime) -> dict[str, Any]:
    """gov.br's authorization URL for a new sign-in; its state, nonce and PKCE verifier are
    kept here, single use, for 10 minutes."""
    if ports.identity is None:
        raise NotFound("govbr_disabled")
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters of RFC 7636's alphabet
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    expires = int(now.timestamp()) + STATE_SECONDS
    ports.handoffs.put(_key("state", state), {"nonce": nonce, "verifier": verifier}, expires)
    return {"authorize_url": ports.identity.authorize_url(state, nonce, challenge)}


def callback(query: dict[str, str], ports: GovbrSignIn, now: datetime) -> str:
    """Where the browser goes from the callback: the site, with a ticket or the reason."""
    try:
        ticket = _ticket_for(query, ports, now)
    except _Failed as failure:
        return _site(ports, govbr_error=failure.code)
    return _site(ports, govbr_ticket=ticket)


class _Failed(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _ticket_for(query: dict[str, str], ports: GovbrSignIn, now: datetime) -> str:
    if ports.identity is None:
        raise _Failed(TOKEN_INVALID)
    moment = int(now.timestamp())
    pending = ports.handoffs.take(_key("state", query.get("state") or ""), moment)
    if pending is None:
        raise _Failed(STATE_INVALID)
    error = query.get("error")
    if error:
        logger.info("gov.br sign-in not completed", error=error[:40])
        raise _Failed(ACCESS_DENIED if error == "access_denied" else TOKEN_INVALID)
    person = _identify(query.get("code") or "", pending, ports)
    if not cpf.is_valid(person.cpf) or ports.professionals.get(cpf.compact(person.cpf)) is None:
        logger.info(
            "gov.br sign-in of a CPF not in the registry", document=mask_document(person.cpf)
        )
        raise _Failed(NOT_IN_REGISTRY)
    ticket = secrets.token_urlsafe(32)
    payload = {"document": cpf.compact(person.cpf), "level": person.level, "email": person.email}
    ports.handoffs.put(_key("ticket", ticket), payload, moment + TICKET_SECONDS)
    return ticket


def _identify(code: str, pending: dict[str, Any], ports: GovbrSignIn) -> GovbrPerson:
    assert ports.identity is not None
    try:
        return ports.identity.identify(code, str(pending["verifier"]), str(pending["nonce"]))
    except GovbrUnavailable as error:
        logger.warning("gov.br unavailable", error=str(error)[:200])
        raise _Failed(UNAVAILABLE) from error
    except GovbrRefused as error:
        logger.warning("gov.br sign-in refused", error=str(error)[:200])
        raise _Failed(TOKEN_INVALID) from error


def _site(ports: GovbrSignIn, **params: str) -> str:
    return f"{ports.site_url}#/entrar?{urllib.parse.urlencode(params)}"


class TicketInput(BaseModel):
    """`POST /auth/govbr/session`'s body."""

    model_config = ConfigDict(frozen=True)

    ticket: str = Field(min_length=1, max_length=200)


class ContactEmailInput(BaseModel):
    """`PUT /me/contact-email`'s body: where the e-mail comes from (gov.br only, for now)."""

    model_config = ConfigDict(frozen=True)

    source: Literal["govbr"]


def open_session(ticket: str, ports: GovbrSignIn, now: datetime) -> dict[str, Any]:
    """The ticket, once and within 2 minutes, for a session of ours. What the session may need
    of gov.br later (the verified e-mail) stays here, under the session's id, until it ends."""
    handed = ports.handoffs.take(_key("ticket", ticket), int(now.timestamp()))
    if handed is None:
        raise Unauthorized("ticket_invalid")
    document, level = str(handed["document"]), handed.get("level")
    token, session = ports.tokens.issue(document, now, method=GOVBR, level=level)
    keep = {"email": handed.get("email")}
    ports.handoffs.put(session_key(session.session_id), keep, session.expires_at)
    logger.info("professional signed in", document=mask_document(document), method=GOVBR)
    return {"token": token, "expires_at": iso_from_unix(session.expires_at), "level": level}


def use_govbr_email(session: Session, ports: GovbrContact, now: datetime) -> dict[str, Any]:
    """`PUT /me/contact-email` from gov.br: the e-mail gov.br verified becomes the first on
    file at once, for a silver or gold session only. A changed e-mail is a changed way in:
    every session of the person ends, and the caller gets a new one."""
    if not session.verified_at_least_silver:
        raise Forbidden("level_too_low")
    kept = ports.handoffs.peek(session_key(session.session_id), int(now.timestamp()))
    email = (kept or {}).get("email")
    if not email:
        raise Conflict("email_unverified")
    _, professional = use_verified_email(session, str(email), ports.requests, now)
    end_every_session(session.document, ports.requests.professionals, now)
    token, renewed = ports.tokens.issue(
        session.document, now + timedelta(milliseconds=1), method=GOVBR, level=session.level
    )
    ports.handoffs.put(session_key(renewed.session_id), {"email": email}, renewed.expires_at)
    return professional.view(renewed) | {
        "token": token,
        "expires_at": iso_from_unix(renewed.expires_at),
    }
