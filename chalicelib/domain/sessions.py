"""A professional's session: who a token speaks for, how they signed in, and when it ends.

A token is a signed statement; ending one before its expiry needs state. That state lives on
the professional's own record, which every /me call reads anyway: `ended_sessions` (each
"<expiry>:<session id>" logged out) and `sessions_since_ms` (every session issued at or before
that instant is over: an e-mail changed, access recovered)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CODE = "code"
GOVBR = "govbr"
# A recovery token opens only the access-recovery routes (403 `recovery_only` elsewhere).
RECOVERY = "recovery"
METHODS = (CODE, GOVBR)
# gov.br's assurance levels (reliability_info.level), weakest first.
LEVELS = ("bronze", "silver", "gold")


@dataclass(frozen=True)
class Session:
    document: str
    session_id: str
    issued_ms: int
    expires_at: int  # Unix seconds, the token's `exp`
    method: str = CODE
    level: str | None = None
    # The person acting, when it is not the document's owner (a company's representative).
    actor: str | None = None
    # What the session may do: None for everything a professional may; RECOVERY for an access
    # recovery in progress only.
    scope: str | None = None

    def claims(self) -> dict[str, Any]:
        """What a token carries besides the standard claims."""
        return {
            "ms": self.issued_ms, "method": self.method, "level": self.level, "act": self.actor,
            "scope": self.scope,
        }  # fmt: skip

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Session:
        return cls(
            document=str(claims["sub"]),
            session_id=str(claims["jti"]),
            issued_ms=int(claims.get("ms") or int(claims["iat"]) * 1000),
            expires_at=int(claims["exp"]),
            method=str(claims.get("method") or CODE),
            level=claims.get("level") or None,
            actor=claims.get("act") or None,
            scope=claims.get("scope") or None,
        )

    def context(self) -> dict[str, str]:
        """The authorizer's context (strings only): what a route knows of its caller."""
        return {
            "document": self.document, "sid": self.session_id, "ms": str(self.issued_ms),
            "exp": str(self.expires_at), "method": self.method, "level": self.level or "",
            "actor": self.actor or "", "scope": self.scope or "",
        }  # fmt: skip

    @classmethod
    def from_context(cls, context: dict[str, Any]) -> Session:
        return cls(
            document=str(context["document"]),
            session_id=str(context.get("sid") or ""),
            issued_ms=int(context.get("ms") or 0),
            expires_at=int(context.get("exp") or 0),
            method=str(context.get("method") or CODE),
            level=context.get("level") or None,
            actor=context.get("actor") or None,
            scope=context.get("scope") or None,
        )

    def view(self) -> dict[str, Any]:
        """`GET /me`'s `session`."""
        return {"method": self.method, "level": self.level, "actor": self.actor}

    @classmethod
    def trusted(cls, document: str, method: str = CODE, level: str | None = None) -> Session:
        """A session for code that acts as the professional outside a request (the load
        benchmark, tests): issued at the epoch, so it holds until their sessions are ended."""
        return cls(document, "trusted", 0, 2**31 - 1, method, level)

    @property
    def ended_entry(self) -> str:
        """How a logged-out session is written on the record: its expiry first, so entries of
        sessions that would have expired anyway can be swept."""
        return f"{self.expires_at}:{self.session_id}"

    @property
    def recovery_only(self) -> bool:
        return self.scope == RECOVERY

    @property
    def verified_at_least_silver(self) -> bool:
        return self.method == GOVBR and self.level in ("silver", "gold")


def session_open(session: Session, sessions_since_ms: int | None, ended: frozenset[str]) -> bool:
    """Whether a token's session still holds on the record read for this call."""
    if sessions_since_ms is not None and session.issued_ms <= sessions_since_ms:
        return False
    return session.ended_entry not in ended


def expired_entries(ended: frozenset[str], now: int) -> frozenset[str]:
    """Logged-out sessions whose tokens have expired since: nothing left to refuse."""
    return frozenset(entry for entry in ended if int(entry.split(":", 1)[0]) <= now)
