"""gov.br's Login Único as its integration manual describes it: the authorization URL (code
flow, PKCE S256, state, nonce), the code exchanged at /token with HTTP Basic client
authentication, and the id_token verified against the keys at /jwk (RS256 only; an unknown
`kid` fetches the keys once more, for a key gov.br has just rotated). Endpoints are configured
one by one: gov.br publishes no discovery document to rely on."""

from __future__ import annotations

import base64
import hmac
import json
import threading
import urllib.parse
from collections.abc import Callable
from typing import Any

import urllib3

from chalicelib.domain.sessions import LEVELS
from chalicelib.services.ports import GovbrPerson, GovbrRefused, GovbrUnavailable

SCOPES = "openid email profile govbr_confiabilidades govbr_confiabilidades_idtoken govbr_empresa"
# A small leeway for clocks: gov.br's id_token lives 60 seconds.
LEEWAY_SECONDS = 30


class GovbrClient:
    def __init__(
        self, sso_url: str, client_id: str, secret: Callable[[], bytes], redirect_uri: str
    ) -> None:
        self._sso = sso_url.rstrip("/")
        self._client_id = client_id
        self._secret = secret
        self._redirect_uri = redirect_uri
        self._pool = urllib3.PoolManager(retries=False)
        self._timeout = urllib3.Timeout(connect=3.05, read=10)
        self._keys: dict[str, Any] = {}
        self._lock = threading.Lock()

    def authorize_url(self, state: str, nonce: str, challenge: str) -> str:
        query = urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": self._client_id,
                "scope": SCOPES,
                "redirect_uri": self._redirect_uri,
                "state": state,
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
            quote_via=urllib.parse.quote,
        )
        return f"{self._sso}/authorize?{query}"

    def identify(self, code: str, verifier: str, nonce: str) -> GovbrPerson:
        """The person gov.br vouches for: the code exchanged, the id_token verified."""
        tokens = self._exchange(code, verifier)
        claims = self._verified(str(tokens.get("id_token") or ""), nonce)
        return _person(claims)

    def _exchange(self, code: str, verifier: str) -> dict[str, Any]:
        credentials = f"{self._client_id}:{self._secret().decode()}".encode()
        body = urllib.parse.urlencode(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self._redirect_uri,
                "code_verifier": verifier,
            }
        )
        headers = {
            "Authorization": f"Basic {base64.b64encode(credentials).decode()}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        answer = self._request("POST", f"{self._sso}/token", body=body, headers=headers)
        if answer.status >= 500:
            raise GovbrUnavailable(f"token endpoint answered {answer.status}")
        if answer.status != 200:
            raise GovbrRefused(f"token endpoint answered {answer.status}: {_error_of(answer)}")
        try:
            tokens: dict[str, Any] = json.loads(answer.data)
        except ValueError as error:
            raise GovbrRefused("token endpoint answered no JSON") from error
        return tokens

    def _verified(self, id_token: str, nonce: str) -> dict[str, Any]:
        import jwt

        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as error:
            raise GovbrRefused(f"id_token unreadable: {error}") from error
        if header.get("alg") != "RS256":  # never "none", never HS256 keyed with the public key
            raise GovbrRefused(f"id_token alg {header.get('alg')!r} refused")
        key = self._key(str(header.get("kid") or ""))
        try:
            claims: dict[str, Any] = jwt.decode(
                id_token, key, algorithms=["RS256"], audience=self._client_id,
                issuer=f"{self._sso}/", leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
            )  # fmt: skip
        except jwt.PyJWTError as error:
            raise GovbrRefused(f"id_token refused: {error}") from error
        if not hmac.compare_digest(str(claims["nonce"]), nonce):
            raise GovbrRefused("id_token nonce is not the one sent")
        return claims

    def _key(self, kid: str) -> Any:
        """The public key named `kid`, from the key set kept for the container's life; fetched
        once more when the kid is unknown (gov.br rotated its key). Each call needs a state of
        ours, single use, so an unknown kid cannot make us fetch at will."""
        with self._lock:
            if kid not in self._keys:
                self._keys = self._fetch_keys()
            if kid not in self._keys:
                raise GovbrRefused(f"id_token signed by an unknown key {kid!r}")
            return self._keys[kid]

    def _fetch_keys(self) -> dict[str, Any]:
        import jwt

        answer = self._request("GET", f"{self._sso}/jwk")
        if answer.status != 200:
            raise GovbrUnavailable(f"jwk endpoint answered {answer.status}")
        try:
            keys = jwt.PyJWKSet.from_json(answer.data.decode()).keys
        except (ValueError, jwt.PyJWTError) as error:
            raise GovbrUnavailable(f"jwk endpoint answered no key set: {error}") from error
        return {key.key_id: key.key for key in keys if key.key_id}

    def _request(self, method: str, url: str, **options: Any) -> Any:
        try:
            return self._pool.request(method, url, timeout=self._timeout, **options)
        except urllib3.exceptions.HTTPError as error:
            raise GovbrUnavailable(f"{method} {url}: {error}") from error


def _error_of(answer: Any) -> str:
    try:
        return str(json.loads(answer.data).get("error"))
    except (ValueError, AttributeError):
        return "?"


def _person(claims: dict[str, Any]) -> GovbrPerson:
    reliability = claims.get("reliability_info") or {}
    level = reliability.get("level") if isinstance(reliability, dict) else None
    verified = claims.get("email_verified") in (True, "true")
    return GovbrPerson(
        cpf=str(claims["sub"]),
        name=str(claims.get("name") or ""),
        email=str(claims["email"]) if verified and claims.get("email") else None,
        level=level if level in LEVELS else None,
    )
