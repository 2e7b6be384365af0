"""Professionals' session tokens (JWT, HS256) and the keyed hash of sign-in codes. The key is
a Secrets Manager secret, read once per container."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from chalicelib.domain.sessions import CODE, Session
from chalicelib.services.ports import InvalidToken

ISSUER = "recadastro"
AUDIENCE = "recadastro:professional"


class SecretKey:
    """The signing key, fetched lazily from Secrets Manager and kept for the container's life."""

    def __init__(self, client: Any, secret_name: str) -> None:
        self._client = client
        self._name = secret_name
        self._value: bytes | None = None

    def __call__(self) -> bytes:
        if self._value is None:
            answer = self._client.get_secret_value(SecretId=self._name)
            self._value = answer["SecretString"].encode()
        return self._value


class ProfessionalTokens:
    def __init__(self, key: Callable[[], bytes], ttl: timedelta) -> None:
        self._key = key
        self.ttl = ttl

    def issue(
        self,
        document: str,
        now: datetime,
        method: str = CODE,
        level: str | None = None,
        scope: str | None = None,
    ) -> tuple[str, Session]:
        # PyJWT (and its cryptography) loads in the functions that sign or check tokens only.
        import jwt

        session = Session(
            document=document,
            session_id=uuid.uuid4().hex,
            issued_ms=int(now.timestamp() * 1000),
            expires_at=int((now + self.ttl).timestamp()),
            method=method,
            level=level,
            scope=scope,
        )
        claims = {
            "sub": document,
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": int(now.timestamp()),
            "exp": session.expires_at,
            "jti": session.session_id,
        } | session.claims()
        return jwt.encode(claims, self._key(), algorithm="HS256"), session

    def verify(self, token: str) -> dict[str, Any]:
        import jwt

        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._key(),
                algorithms=["HS256"],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["sub", "exp", "iat", "aud", "iss", "jti"]},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from error
        return claims

    def code_hash(self, document: str, code: str) -> str:
        """Codes are kept only as this: six digits would fall to a plain hash's brute force."""
        return hmac.new(self._key(), f"{document}:{code}".encode(), hashlib.sha256).hexdigest()
