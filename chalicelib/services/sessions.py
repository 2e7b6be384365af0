"""Professionals' sessions that end: each /me call checks its session on the record it reads;
logging out ends one session at once; some changes end every session of a person."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.professional import Professional
from chalicelib.domain.sessions import GOVBR, Session, expired_entries
from chalicelib.observability import logger, mask_document
from chalicelib.services.ports import ProfessionalRepository, SessionEnding


def signed_in(session: Session, professionals: ProfessionalRepository) -> Professional:
    """The caller's record, read once (consistently), if their session still holds: 401
    `session_ended` after a logout or the end of every session, 401 if the record is gone."""
    professional = professionals.get(session.document)
    if professional is None:
        raise Unauthorized()
    if not professional.holds(session):
        raise Unauthorized("session_ended")
    return professional


def log_out(session: Session, ports: SessionEnding, now: datetime) -> dict[str, Any]:
    """Ends this session at once. A gov.br session is also handed gov.br's logout, which the
    manual makes mandatory: the page goes there, and gov.br sends the person back to the site."""
    professional = signed_in(session, ports.professionals)
    expired = expired_entries(professional.ended_sessions, int(now.timestamp()))
    ports.professionals.end_session(session.document, session.ended_entry, expired)
    logger.info("professional signed out", document=mask_document(session.document))
    return {"logout_url": ports.govbr_logout_url if session.method == GOVBR else None}


def end_every_session(document: str, professionals: ProfessionalRepository, now: datetime) -> int:
    """Every token of the person issued up to now stops working. The instant, in ms: a token
    issued for the caller right after must be issued later than it."""
    since_ms = int(now.timestamp() * 1000)
    professionals.end_all_sessions(document, since_ms)
    logger.info("every session ended", document=mask_document(document))
    return since_ms
