"""Domain errors: one class per meaning, mapped to HTTP once, in `api/errors.py`."""

from __future__ import annotations

from chalicelib.domain.messages import message


class DomainError(Exception):
    """Base of every error a person can be told about."""

    default_key = "invalid_input"

    def __init__(
        self,
        key: str | None = None,
        *,
        fields: dict[str, str] | None = None,
        **params: object,
    ) -> None:
        self.key = key or self.default_key
        self.fields = fields or {}
        self.message = message(self.key, **params)
        super().__init__(self.key)


class InvalidInput(DomainError):
    """Malformed or invalid input; `fields` names each field at fault (400)."""


class Unauthorized(DomainError):
    """No credentials, or credentials that are wrong or expired (401)."""

    default_key = "unauthorized"


class Forbidden(DomainError):
    """Authenticated, but not allowed to do this (403)."""

    default_key = "forbidden"


class NotFound(DomainError):
    """Unknown, or not visible to the caller (404)."""

    default_key = "not_found"


class Conflict(DomainError):
    """Stale version, wrong state, or a rule that another item already holds (409)."""

    default_key = "conflict"


class RejectedAttachment(DomainError):
    """An attachment that is missing, too big or of a type not accepted (422)."""


class Unavailable(DomainError):
    """A service we depend on failed after its retries; the person may try again (503)."""


class RateLimited(DomainError):
    """Too many attempts; `retry_after` seconds until the next one is accepted (429)."""

    default_key = "rate_limited"

    def __init__(self, retry_after: int, key: str | None = None) -> None:
        super().__init__(key)
        self.retry_after = retry_after
