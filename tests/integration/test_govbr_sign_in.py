"""Sign-in with gov.br, our API against the local gov.br simulator: the flow as the manual
requires it, and every refusal — a state missing, foreign, reused or expired; a code replayed;
a verifier gov.br refuses; id_tokens that must not pass; a CPF not in the registry; a
cancelled login; a ticket used twice or too late."""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib import dependencies
from chalicelib.adapters.govbr import GovbrClient
from chalicelib.services import govbr
from chalicelib.services.ports import GovbrRefused
from local.dynamodb_local import free_port
from local.govbr_sim import Client, GovbrSimulator
from local.moto_state import MotoState
from tests.integration.api import Api
from tests.integration.conftest import ANA
from tests.integration.test_govbr_sim import call, form

SITE = "http://127.0.0.1:8080/"
CALLBACK = "http://127.0.0.1:8000/auth/govbr/callback"
NOT_ON_FILE = "11144477735"  # a valid CPF the council does not have


@dataclass
class Govbr:
    sim: GovbrSimulator
    api: Api
    secret: str

    def start(self) -> dict[str, str]:
        """POST /auth/govbr/start: gov.br's authorization URL, as its query."""
        answer = self.api.call("POST", "/auth/govbr/start", {})
        assert answer.status_code == 200, answer.body
        url = answer.json_body["authorize_url"]
        assert url.startswith(f"{self.sim.base_url}/authorize?")
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))

    def at_govbr(self, params: dict[str, str], cpf: str = ANA, cancel: bool = False) -> dict:
        """The person at gov.br's form: where gov.br sends the browser back (the query)."""
        page = call("GET", f"{self.sim.base_url}/authorize?{urllib.parse.urlencode(params)}")
        found = re.search(r'name="request" value="([^"]+)"', page.text)
        assert found, page.text
        fields = {"request": found.group(1)} | ({"cancel": "1"} if cancel else {"cpf": cpf})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        back = call("POST", f"{self.sim.base_url}/authorize", form(fields), headers)
        address, _, query = (back.location or "").partition("?")
        assert address == CALLBACK, back.location
        return dict(urllib.parse.parse_qsl(query))

    def callback(self, query: dict[str, str]) -> dict[str, str]:
        """GET /auth/govbr/callback: where our API sends the browser (the site's hash query)."""
        answer = self.api.call("GET", f"/auth/govbr/callback?{urllib.parse.urlencode(query)}")
        assert answer.status_code == 302
        location = answer.headers["Location"]
        assert location.startswith(f"{SITE}#/entrar?"), location
        assert "code=" not in location and answer.headers["Cache-Control"] == "no-store"
        return dict(urllib.parse.parse_qsl(location.partition("#/entrar?")[2]))

    def ticket(self, cpf: str = ANA) -> str:
        return self.callback(self.at_govbr(self.start(), cpf))["govbr_ticket"]

    def client(self) -> GovbrClient:
        return GovbrClient(self.sim.base_url, "recadastro-local", self.secret.encode, CALLBACK)


@pytest.fixture
def gov(api: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Govbr]:
    port = free_port()
    sim = GovbrSimulator("127.0.0.1", port, tmp_path / "govbr.json", code_lifetime_s=60)
    settings = dependencies.settings()
    secret = MotoState(tmp_path / "aws").secret_value(settings.govbr_client_secret_name)
    sim.register_client(Client("recadastro-local", secret, CALLBACK, SITE))
    for cpf, name in ((ANA, "Ana Maria Souza"), (NOT_ON_FILE, "Fulano Fora")):
        sim.put_account(
            {"cpf": cpf, "name": name, "email": "ana.gov@example.org", "email_verified": True,
             "level": "silver", "companies": []}
        )  # fmt: skip
    sim.start()
    for name, value in (("GOVBR_SSO_URL", sim.base_url), ("GOVBR_REDIRECT_URI", CALLBACK)):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("WEB_ORIGIN", SITE.rstrip("/"))
    dependencies.reset()
    yield Govbr(sim, api, secret)
    sim.stop()


def test_a_person_signs_in_with_govbr_and_gets_a_session_of_ours(gov: Govbr) -> None:
    ticket = gov.ticket()

    session = gov.api.call("POST", "/auth/govbr/session", {"ticket": ticket})

    assert session.status_code == 200
    assert session.json_body["level"] == "silver"
    token = session.json_body["token"]
    me = gov.api.call("GET", "/me", token=token).json_body
    assert me["document"] == ANA
    assert me["session"] == {"method": "govbr", "level": "silver", "actor": None}
    logout = gov.api.call("POST", "/auth/logout", token=token).json_body
    back = urllib.parse.quote(SITE, safe="")
    assert logout == {"logout_url": f"{gov.sim.base_url}/logout?post_logout_redirect_uri={back}"}
    assert gov.api.call("GET", "/me", token=token).status_code == 401


def test_the_authorization_asks_what_the_manual_requires(gov: Govbr) -> None:
    params = gov.start()

    assert params["response_type"] == "code" and params["code_challenge_method"] == "S256"
    assert set(params["scope"].split()) >= {"openid", "email", "profile", "govbr_confiabilidades"}
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert params["redirect_uri"] == CALLBACK and params["client_id"] == "recadastro-local"


def test_a_ticket_works_once_and_for_two_minutes(gov: Govbr) -> None:
    first = gov.ticket()
    assert gov.api.call("POST", "/auth/govbr/session", {"ticket": first}).status_code == 200
    again = gov.api.call("POST", "/auth/govbr/session", {"ticket": first})
    assert (again.status_code, again.json_body["code"]) == (401, "ticket_invalid")

    late = gov.ticket()
    ports, later = dependencies.govbr_sign_in(), datetime.now(UTC) + timedelta(seconds=121)
    with pytest.raises(Exception, match="ticket_invalid"):
        govbr.open_session(late, ports, later)


@pytest.mark.parametrize("state", ["", "foreign-state-never-issued"])
def test_a_missing_or_foreign_state_is_refused(gov: Govbr, state: str) -> None:
    back = gov.at_govbr(gov.start())

    assert gov.callback({"code": back["code"], "state": state}) == {"govbr_error": "state_invalid"}


def test_a_state_works_once_and_a_replayed_code_gets_nothing(gov: Govbr) -> None:
    back = gov.at_govbr(gov.start())
    assert "govbr_ticket" in gov.callback(back)

    assert gov.callback(back) == {"govbr_error": "state_invalid"}


def test_an_expired_state_is_refused(gov: Govbr) -> None:
    params = gov.start()
    ports, later = dependencies.govbr_sign_in(), datetime.now(UTC) + timedelta(minutes=11)
    back = gov.at_govbr(params)

    where = govbr.callback(back, ports, later)

    assert where.endswith("#/entrar?govbr_error=state_invalid")


def test_a_cancelled_login_comes_back_as_access_denied(gov: Govbr) -> None:
    back = gov.at_govbr(gov.start(), cancel=True)

    assert gov.callback(back) == {"govbr_error": "access_denied"}


def test_a_cpf_not_in_the_registry_is_told_so(gov: Govbr) -> None:
    back = gov.at_govbr(gov.start(), cpf=NOT_ON_FILE)

    assert gov.callback(back) == {"govbr_error": "not_in_registry"}


def test_govbr_down_is_told_as_unavailable(gov: Govbr) -> None:
    back = gov.at_govbr(gov.start())
    call("POST", f"{gov.sim.base_url}/_sim/faults", b'{"token": "unavailable"}',
         {"Content-Type": "application/json"})  # fmt: skip

    assert gov.callback(back) == {"govbr_error": "govbr_unavailable"}


def test_govbr_refuses_a_wrong_verifier_and_a_replayed_code(gov: Govbr) -> None:
    params = gov.start()
    back = gov.at_govbr(params)
    with pytest.raises(GovbrRefused, match="400"):
        gov.client().identify(back["code"], "x" * 64, params["nonce"])

    params = gov.start()
    back = gov.at_govbr(params)
    pending = {"nonce": params["nonce"]}
    # Our own verifier, the right one: the code works once.
    ports = dependencies.govbr_sign_in()
    stored = ports.handoffs.take(govbr._key("state", params["state"]), int(time.time()))
    assert stored is not None and stored["nonce"] == pending["nonce"]
    assert gov.client().identify(back["code"], stored["verifier"], params["nonce"]).cpf == ANA
    with pytest.raises(GovbrRefused):
        gov.client().identify(back["code"], stored["verifier"], params["nonce"])


# --- id_tokens that must not pass -------------------------------------------------------


def _claims(gov: Govbr, **update: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": f"{gov.sim.base_url}/", "aud": "recadastro-local", "sub": ANA, "iat": now,
        "exp": now + 60, "nonce": "the-nonce", "email_verified": "true", "email": "a@example.org",
    } | update  # fmt: skip


def _signed(gov: Govbr, claims: dict[str, Any], **options: Any) -> str:
    key = options.pop("key", gov.sim.state.key["pem"])
    headers = {"kid": options.pop("kid", gov.sim.state.key["kid"])}
    return jwt.encode(claims, key, algorithm=options.pop("algorithm", "RS256"), headers=headers)


def _public_pem(gov: Govbr) -> bytes:
    private = serialization.load_pem_private_key(gov.sim.state.key["pem"].encode(), None)
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_the_id_token_check_accepts_a_good_one(gov: Govbr) -> None:
    claims = gov.client()._verified(_signed(gov, _claims(gov)), "the-nonce")

    assert claims["sub"] == ANA


@pytest.mark.parametrize(
    "case",
    ["nonce", "issuer", "issuer-without-slash", "audience", "expired", "none", "hs256", "kid"],
)
def test_the_id_token_check_refuses(gov: Govbr, case: str) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tokens = {
        "nonce": lambda: _signed(gov, _claims(gov, nonce="another")),
        "issuer": lambda: _signed(gov, _claims(gov, iss="https://sso.example.org/")),
        "issuer-without-slash": lambda: _signed(gov, _claims(gov, iss=gov.sim.base_url)),
        "audience": lambda: _signed(gov, _claims(gov, aud="another-client")),
        "expired": lambda: _signed(gov, _expired(gov)),
        "none": lambda: jwt.encode(_claims(gov), None, algorithm="none"),  # type: ignore[arg-type]
        "hs256": lambda: _hs256_with_public_key(gov),
        "kid": lambda: _signed(gov, _claims(gov), key=other, kid="rsa-unknown"),
    }

    with pytest.raises(GovbrRefused):
        gov.client()._verified(tokens[case](), "the-nonce")


def _expired(gov: Govbr) -> dict[str, Any]:
    """Expired two minutes ago: well past the 30-second leeway."""
    now = int(time.time())
    return _claims(gov, iat=now - 300, exp=now - 120)


def _hs256_with_public_key(gov: Govbr) -> str:
    """The classic confusion: HS256 keyed with the provider's public key, which anyone has."""
    import base64
    import hashlib
    import hmac
    import json

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    head = part({"alg": "HS256", "typ": "JWT", "kid": gov.sim.state.key["kid"]})
    signing_input = f"{head}.{part(_claims(gov))}"
    mac = hmac.new(_public_pem(gov), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def test_a_rotated_key_is_fetched_once_and_the_new_token_passes(gov: Govbr) -> None:
    client = gov.client()
    client._verified(_signed(gov, _claims(gov)), "the-nonce")  # keys fetched and kept
    call("POST", f"{gov.sim.base_url}/_sim/faults", b'{"rotate_key": true}',
         {"Content-Type": "application/json"})  # fmt: skip

    claims = client._verified(_signed(gov, _claims(gov)), "the-nonce")

    assert claims["sub"] == ANA


# --- the contact e-mail from gov.br -----------------------------------------------------


def _govbr_session(gov: Govbr, **account: Any) -> str:
    if account:
        gov.sim.put_account(
            {"cpf": ANA, "name": "Ana Maria Souza", "email": "ana.gov@example.org",
             "email_verified": True, "level": "silver", "companies": []} | account
        )  # fmt: skip
    answer = gov.api.call("POST", "/auth/govbr/session", {"ticket": gov.ticket()})
    return str(answer.json_body["token"])


def test_a_silver_session_takes_the_verified_govbr_email_and_ends_every_other(gov: Govbr) -> None:
    other = gov.api.sign_in(ANA, "ana.souza@example.org")
    token = _govbr_session(gov)

    answer = gov.api.call("PUT", "/me/contact-email", {"source": "govbr"}, token)

    assert answer.status_code == 200, answer.body
    body = answer.json_body
    assert body["data"]["emails"][0]["address"] == "ana.gov@example.org"
    assert {"address": "ana.souza@example.org", "type": "pessoal"} in body["data"]["emails"]
    for ended in (token, other):
        assert gov.api.call("GET", "/me", token=ended).status_code == 401
    renewed = gov.api.call("GET", "/me", token=body["token"]).json_body
    assert renewed["session"]["method"] == "govbr"
    [change] = gov.api.call("GET", "/me/requests", token=body["token"]).json_body["items"]
    assert (change["group"], change["status"]) == ("emails", "approved")
    assert change["history"][0]["level"] == "silver"


@pytest.mark.parametrize(("account", "status", "code"), [
    ({"level": "bronze"}, 403, "level_too_low"),
    ({"email_verified": False}, 409, "email_unverified"),
])  # fmt: skip
def test_the_govbr_email_needs_silver_and_a_verified_address(
    gov: Govbr, account: dict[str, Any], status: int, code: str
) -> None:
    token = _govbr_session(gov, **account)

    answer = gov.api.call("PUT", "/me/contact-email", {"source": "govbr"}, token)

    assert (answer.status_code, answer.json_body["code"]) == (status, code)
    assert gov.api.call("GET", "/me", token=token).status_code == 200  # nothing ended


def test_a_code_session_cannot_take_an_email_from_govbr(gov: Govbr) -> None:
    token = gov.api.sign_in(ANA, "ana.souza@example.org")

    answer = gov.api.call("PUT", "/me/contact-email", {"source": "govbr"}, token)

    assert (answer.status_code, answer.json_body["code"]) == (403, "level_too_low")
