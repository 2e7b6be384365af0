"""The local gov.br simulator, driven over HTTP as a browser and our API would: it must refuse
what gov.br refuses, or our client's tests would pass against a provider kinder than the real one."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

import jwt
import pytest

from local.dynamodb_local import free_port
from local.govbr_sim import Client, GovbrSimulator

CLIENT_ID = "recadastro-local"
SECRET = "s3gredo-do-cliente"
REDIRECT_URI = "http://127.0.0.1:8000/auth/govbr/callback"
SITE = "http://127.0.0.1:8080/"
CPF = "52998224725"
SCOPE = "openid email profile govbr_confiabilidades govbr_confiabilidades_idtoken govbr_empresa"
CNPJ = "12ABC34501DE35"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    def redirect(self) -> tuple[str, dict[str, str]]:
        """Where a 302 sends the browser: the address without its query, and the query."""
        assert self.status == 302, (self.status, self.text)
        assert self.location is not None
        address, _, query = self.location.partition("?")
        return address, dict(urllib.parse.parse_qsl(query))


def call(
    method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> Answer:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=20) as answer:
            return Answer(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, error.headers, error.read())


def form(fields: dict[str, str]) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def basic(client_id: str = CLIENT_ID, secret: str = SECRET) -> dict[str, str]:
    pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {pair}", "Content-Type": "application/x-www-form-urlencoded"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def challenge_of(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class Authorization:
    """What our API keeps while the person is at gov.br."""

    verifier: str
    params: dict[str, str]


def new_authorization(**overrides: str | None) -> Authorization:
    verifier = secrets.token_urlsafe(48)
    params: dict[str, str | None] = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "scope": SCOPE,
        "redirect_uri": REDIRECT_URI,
        "state": secrets.token_urlsafe(16),
        "nonce": secrets.token_urlsafe(16),
        "code_challenge": challenge_of(verifier),
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return Authorization(verifier, {k: v for k, v in params.items() if v is not None})


def authorize(sim: GovbrSimulator, authorization: Authorization) -> Answer:
    return call("GET", f"{sim.base_url}/authorize?{urllib.parse.urlencode(authorization.params)}")


def pending_request(page: Answer) -> str:
    found = re.search(r'<input type="hidden" name="request" value="([^"]+)">', page.text)
    assert found, page.text
    return found.group(1)


def post_form(sim: GovbrSimulator, fields: dict[str, str]) -> Answer:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return call("POST", f"{sim.base_url}/authorize", form(fields), headers)


def sign_in(sim: GovbrSimulator, authorization: Authorization, cpf: str = CPF) -> str:
    """The person types their CPF in the form and presses "Entrar": the code gov.br returns."""
    page = authorize(sim, authorization)
    assert page.status == 200, page.text
    address, query = post_form(sim, {"request": pending_request(page), "cpf": cpf}).redirect()
    assert address == REDIRECT_URI and query["state"] == authorization.params["state"]
    return query["code"]


def exchange(
    sim: GovbrSimulator,
    code: str,
    verifier: str,
    *,
    redirect_uri: str = REDIRECT_URI,
    headers: dict[str, str] | None = None,
) -> Answer:
    fields = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    return call("POST", f"{sim.base_url}/token", form(fields), headers or basic())


def tokens(sim: GovbrSimulator, cpf: str = CPF, **overrides: str | None) -> dict[str, Any]:
    authorization = new_authorization(**overrides)
    answer = exchange(sim, sign_in(sim, authorization, cpf), authorization.verifier)
    assert answer.status == 200, answer.text
    return dict(answer.json()) | {"nonce": authorization.params["nonce"]}


def verified_id_token(sim: GovbrSimulator, token: str) -> dict[str, Any]:
    """The id_token checked as our API checks it: RS256 only, the JWKS's key of its `kid`."""
    key = jwt.PyJWKClient(f"{sim.base_url}/jwk", cache_keys=False).get_signing_key_from_jwt(token)
    claims: dict[str, Any] = jwt.decode(
        token, key.key, algorithms=["RS256"], audience=CLIENT_ID, issuer=f"{sim.base_url}/"
    )
    return claims


def start(state_file: Path, port: int | None = None, **options: Any) -> GovbrSimulator:
    sim = GovbrSimulator("127.0.0.1", port or free_port(), state_file, **options)
    sim.register_client(Client(CLIENT_ID, SECRET, REDIRECT_URI, SITE))
    sim.start()
    return sim


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[GovbrSimulator]:
    simulator = start(tmp_path / "govbr.json")
    simulator.put_account(
        {"cpf": CPF, "name": "Ana Souza Lima", "email": "ana@example.org", "level": "silver"}
    )
    yield simulator
    simulator.stop()


# --- the happy path -------------------------------------------------------------------------
def test_the_authorize_page_is_an_accessible_pt_br_form(sim: GovbrSimulator) -> None:
    page = authorize(sim, new_authorization())

    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    assert '<html lang="pt-BR">' in page.text
    assert page.text.count("<h1>") == 1 and "gov.br — simulador local" in page.text
    assert '<form method="post" action="/authorize">' in page.text
    assert '<label for="cpf">CPF</label>' in page.text and 'id="cpf" name="cpf"' in page.text
    assert '<button type="submit">Entrar</button>' in page.text
    assert '<button type="submit" name="cancel" value="1">Cancelar</button>' in page.text


def test_signing_in_gives_tokens_whose_id_token_verifies_with_the_jwks(
    sim: GovbrSimulator,
) -> None:
    authorization = new_authorization()
    code = sign_in(sim, authorization, cpf="529.982.247-25")  # typed with punctuation

    answer = exchange(sim, code, authorization.verifier)

    assert answer.status == 200, answer.text
    assert answer.headers["Cache-Control"] == "no-store"
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["scope"] == SCOPE
    assert jwt.get_unverified_header(body["id_token"])["alg"] == "RS256"
    claims = verified_id_token(sim, body["id_token"])
    assert claims["iss"] == f"{sim.base_url}/"  # with gov.br's trailing slash
    assert claims["sub"] == CPF and claims["aud"] == CLIENT_ID
    assert claims["exp"] - claims["iat"] == 60
    assert claims["nonce"] == authorization.params["nonce"]
    assert claims["amr"] == ["passwd"] and claims["name"] == "Ana Souza Lima"
    assert claims["email_verified"] == "true" and claims["email"] == "ana@example.org"
    assert claims["reliability_info"]["level"] == "silver"
    access = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert access["scope"] == SCOPE.split() and access["exp"] - access["iat"] == 3600
    assert access["sub"] == CPF and access["jti"]


def test_the_jwks_publishes_the_signing_key_without_use(sim: GovbrSimulator) -> None:
    id_token = tokens(sim)["id_token"]

    keys = call("GET", f"{sim.base_url}/jwk").json()["keys"]

    assert len(keys) == 1 and set(keys[0]) == {"kty", "kid", "alg", "n", "e"}
    assert keys[0]["kid"] == jwt.get_unverified_header(id_token)["kid"]
    assert keys[0]["alg"] == "RS256" and keys[0]["kty"] == "RSA"


def test_userinfo_answers_with_and_without_the_trailing_slash(sim: GovbrSimulator) -> None:
    access_token = tokens(sim)["access_token"]

    for path in ("/userinfo", "/userinfo/"):
        answer = call("GET", f"{sim.base_url}{path}", headers=bearer(access_token))
        assert answer.status == 200, answer.text
        assert answer.json() == {
            "sub": CPF,
            "name": "Ana Souza Lima",
            "email": "ana@example.org",
            "email_verified": True,
        }
    assert call("GET", f"{sim.base_url}/userinfo", headers=bearer("x.y.z")).status == 401


def test_token_parameters_in_the_query_string_are_accepted_as_govbrs_java_example_sends_them(
    sim: GovbrSimulator,
) -> None:
    authorization = new_authorization()
    code = sign_in(sim, authorization)
    query = urllib.parse.urlencode(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": authorization.verifier,
        }
    )

    answer = call("POST", f"{sim.base_url}/token?{query}", b"", basic())

    assert answer.status == 200, answer.text


def test_an_account_without_a_verified_email_gets_the_string_false_and_no_email(
    sim: GovbrSimulator,
) -> None:
    account = {"cpf": "111.444.777-35", "name": "Bruno Dias", "email": "b@example.org"}
    created = call(
        "POST",
        f"{sim.base_url}/_sim/accounts",
        json.dumps(account | {"email_verified": False, "level": "gold"}).encode(),
    )
    assert created.status == 201, created.text
    authorization = new_authorization(scope="openid email profile")

    body = exchange(
        sim, sign_in(sim, authorization, cpf="11144477735"), authorization.verifier
    ).json()

    claims = verified_id_token(sim, body["id_token"])
    assert claims["sub"] == "11144477735" and claims["email_verified"] == "false"
    assert "email" not in claims
    assert "reliability_info" not in claims  # not asked for: no govbr_confiabilidades_idtoken


# --- /authorize refuses -------------------------------------------------------------------
@pytest.mark.parametrize(
    "overrides",
    [
        {"redirect_uri": "http://127.0.0.1:8000/auth/govbr/callback/"},
        {"redirect_uri": "https://evil.example/callback"},
        {"redirect_uri": None},
        {"client_id": "someone-else"},
    ],
)
def test_an_unregistered_client_or_redirect_uri_gets_an_error_page_never_a_redirect(
    sim: GovbrSimulator, overrides: dict[str, str | None]
) -> None:
    answer = authorize(sim, new_authorization(**overrides))

    assert answer.status == 400 and answer.location is None
    assert answer.headers["Content-Type"].startswith("text/html")
    assert 'lang="pt-BR"' in answer.text


@pytest.mark.parametrize(
    "overrides",
    [
        {"code_challenge_method": "plain"},
        {"code_challenge_method": None},
        {"code_challenge": None},
        {"code_challenge": "short"},
        {"nonce": None},
        {"state": None},
    ],
)
def test_a_request_without_pkce_s256_nonce_or_state_goes_back_with_invalid_request(
    sim: GovbrSimulator, overrides: dict[str, str | None]
) -> None:
    authorization = new_authorization(**overrides)

    address, query = authorize(sim, authorization).redirect()

    assert address == REDIRECT_URI and query["error"] == "invalid_request"
    assert query["error_description"] and "code" not in query
    assert query.get("state") == authorization.params.get("state")


def test_a_scope_the_client_may_not_ask_for_goes_back_with_invalid_scope(
    sim: GovbrSimulator,
) -> None:
    authorization = new_authorization(scope="openid email govbr_tudo")

    answer = authorize(sim, authorization)

    address, query = answer.redirect()
    assert "error_description=Invalid%20scope%3A%20%5Bgovbr_tudo%5D" in (answer.location or "")
    assert address == REDIRECT_URI
    assert query == {
        "error": "invalid_scope",
        "error_description": "Invalid scope: [govbr_tudo]",
        "state": authorization.params["state"],
    }


def test_a_scope_without_openid_is_refused(sim: GovbrSimulator) -> None:
    _, query = authorize(sim, new_authorization(scope="email profile")).redirect()

    assert query["error"] == "invalid_scope"


def test_another_response_type_is_refused(sim: GovbrSimulator) -> None:
    _, query = authorize(sim, new_authorization(response_type="token")).redirect()

    assert query["error"] == "unsupported_response_type"


# --- the form -------------------------------------------------------------------------------
def test_cancelling_goes_back_with_access_denied_and_the_state(sim: GovbrSimulator) -> None:
    authorization = new_authorization()
    request = pending_request(authorize(sim, authorization))

    address, query = post_form(sim, {"request": request, "cancel": "1", "cpf": ""}).redirect()

    assert address == REDIRECT_URI
    assert query == {"error": "access_denied", "state": authorization.params["state"]}
    again = post_form(sim, {"request": request, "cpf": CPF})
    assert again.status == 400 and again.location is None


def test_a_cpf_without_account_gets_the_form_again_with_an_error(sim: GovbrSimulator) -> None:
    authorization = new_authorization()
    request = pending_request(authorize(sim, authorization))

    page = post_form(sim, {"request": request, "cpf": "111.444.777-35"})

    assert page.status == 200 and page.location is None
    assert "Não há conta gov.br para este CPF" in page.text and 'role="alert"' in page.text
    assert pending_request(page) == request
    empty = post_form(sim, {"request": request, "cpf": ""})
    assert empty.status == 200 and "Digite o número do seu CPF." in empty.text
    _, query = post_form(sim, {"request": request, "cpf": CPF}).redirect()
    assert query["code"] and query["state"] == authorization.params["state"]


def test_an_unknown_or_used_request_gets_an_error_page(sim: GovbrSimulator) -> None:
    authorization = new_authorization()
    request = pending_request(authorize(sim, authorization))
    post_form(sim, {"request": request, "cpf": CPF}).redirect()

    for used_or_made_up in (request, "inventado"):
        page = post_form(sim, {"request": used_or_made_up, "cpf": CPF})
        assert page.status == 400 and page.location is None


# --- /token refuses -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "headers",
    [
        basic(secret="errado"),
        basic(client_id="outro"),
        {"Content-Type": "application/x-www-form-urlencoded"},
        {
            "Authorization": "Basic não-é-base64",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    ],
)
def test_wrong_or_missing_client_credentials_get_401_and_leave_the_code_usable(
    sim: GovbrSimulator, headers: dict[str, str]
) -> None:
    authorization = new_authorization()
    code = sign_in(sim, authorization)

    refused = exchange(sim, code, authorization.verifier, headers=headers)

    assert refused.status == 401
    assert refused.json() == {"error": "invalid_client", "error_description": "Bad credentials"}
    assert exchange(sim, code, authorization.verifier).status == 200


@pytest.mark.parametrize(
    "verifier",
    [secrets.token_urlsafe(48), "a" * 42, "a" * 129, "espaços não valem" * 3],
)
def test_a_wrong_code_verifier_gets_invalid_grant(sim: GovbrSimulator, verifier: str) -> None:
    code = sign_in(sim, new_authorization())

    answer = exchange(sim, code, verifier)

    assert answer.status == 400 and answer.json()["error"] == "invalid_grant"


def test_another_redirect_uri_at_the_token_endpoint_gets_invalid_grant(
    sim: GovbrSimulator,
) -> None:
    authorization = new_authorization()
    code = sign_in(sim, authorization)

    answer = exchange(sim, code, authorization.verifier, redirect_uri="http://127.0.0.1:8000/outro")

    assert answer.status == 400 and answer.json()["error"] == "invalid_grant"


def test_another_grant_type_is_unsupported(sim: GovbrSimulator) -> None:
    fields = form({"grant_type": "client_credentials"})

    answer = call("POST", f"{sim.base_url}/token", fields, basic())

    assert answer.status == 400 and answer.json()["error"] == "unsupported_grant_type"


def test_a_json_body_is_not_a_form(sim: GovbrSimulator) -> None:
    headers = basic() | {"Content-Type": "application/json"}

    answer = call("POST", f"{sim.base_url}/token", b'{"grant_type": "x"}', headers)

    assert answer.status == 400 and answer.json()["error"] == "invalid_request"


def test_an_expired_code_gets_invalid_grant(tmp_path: Path) -> None:
    sim = start(tmp_path / "govbr.json", code_lifetime_s=0.3)
    try:
        sim.put_account({"cpf": CPF, "name": "Ana", "email": "ana@example.org"})
        authorization = new_authorization()
        code = sign_in(sim, authorization)
        time.sleep(0.5)

        answer = exchange(sim, code, authorization.verifier)

        assert answer.status == 400
        assert answer.json() == {"error": "invalid_grant", "error_description": "Code expired"}
    finally:
        sim.stop()


def test_a_replayed_code_is_refused_and_revokes_the_tokens_it_gave(sim: GovbrSimulator) -> None:
    sim.put_account(
        {
            "cpf": CPF,
            "name": "Ana",
            "email": "ana@example.org",
            "companies": [{"cnpj": CNPJ, "razao_social": "Clínica Ana", "atuacao": "SOCIO"}],
        }
    )
    authorization = new_authorization()
    code = sign_in(sim, authorization)
    first = exchange(sim, code, authorization.verifier).json()
    access = bearer(first["access_token"])
    assert call("GET", f"{sim.base_url}/userinfo", headers=access).status == 200

    replay = exchange(sim, code, authorization.verifier)

    assert replay.status == 400 and replay.json()["error"] == "invalid_grant"
    assert call("GET", f"{sim.base_url}/userinfo/", headers=access).status == 401
    companies = f"{sim.base_url}/empresas/v2/empresas?filtrar-por-participante={CPF}"
    assert call("GET", companies, headers=access).status == 401


def test_a_made_up_code_gets_invalid_grant(sim: GovbrSimulator) -> None:
    answer = exchange(sim, "inventado", secrets.token_urlsafe(48))

    assert answer.status == 400 and answer.json()["error"] == "invalid_grant"


# --- companies --------------------------------------------------------------------------------
@pytest.fixture
def partner(sim: GovbrSimulator) -> None:
    sim.put_account(
        {
            "cpf": CPF,
            "name": "Ana",
            "email": "ana@example.org",
            "companies": [
                {
                    "cnpj": "12.ABC.345/01DE-35",
                    "razao_social": "Clínica Ana Ltda",
                    "atuacao": "REPRESENTANTE_LEGAL",
                    "cadastrador": True,
                    "data_expiracao": "2030-01-01 00:00:00",
                }
            ],
        }
    )


def test_the_companies_of_the_tokens_own_cpf_are_listed(sim: GovbrSimulator, partner: None) -> None:
    access = bearer(tokens(sim)["access_token"])
    base = f"{sim.base_url}/empresas/v2/empresas"

    listed = call("GET", f"{base}?filtrar-por-participante={CPF}", headers=access)
    participant = call("GET", f"{base}/{CNPJ}/participantes/{CPF}", headers=access)
    stranger = call("GET", f"{base}/11222333000181/participantes/{CPF}", headers=access)

    assert listed.status == 200
    [company] = listed.json()
    assert company["cnpj"] == CNPJ and company["razaoSocial"] == "Clínica Ana Ltda"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", company["dataCriacao"])
    assert participant.status == 200
    assert participant.json() | {"dataCriacao": "-"} == {
        "cnpj": CNPJ,
        "cpf": CPF,
        "atuacao": "REPRESENTANTE_LEGAL",
        "cadastrador": True,
        "dataCriacao": "-",
        "dataExpiracao": "2030-01-01 00:00:00",
    }
    assert stranger.status == 404


def test_the_companies_of_another_cpf_are_forbidden(sim: GovbrSimulator, partner: None) -> None:
    access = bearer(tokens(sim)["access_token"])
    base = f"{sim.base_url}/empresas/v2/empresas"

    listed = call("GET", f"{base}?filtrar-por-participante=11144477735", headers=access)
    participant = call("GET", f"{base}/{CNPJ}/participantes/11144477735", headers=access)

    assert listed.status == 403 and participant.status == 403


def test_the_companies_need_the_govbr_empresa_scope(sim: GovbrSimulator, partner: None) -> None:
    access = bearer(tokens(sim, scope="openid email profile")["access_token"])
    url = f"{sim.base_url}/empresas/v2/empresas?filtrar-por-participante={CPF}"

    answer = call("GET", url, headers=access)

    assert answer.status == 403
    [error] = answer.json()["errors"]
    assert error["status"] == 403 and error["code"] == "ACCESSTOKEN_SCOPE_MUSTCONTAINSEXPECTEDSCOPE"
    assert error["title"].startswith("Escopo requerido não encontrado")
    assert call("GET", url, headers=bearer("não-é-um-token")).status == 401


# --- logout -------------------------------------------------------------------------------
def test_logout_to_the_registered_address_redirects_there_and_is_recorded(
    sim: GovbrSimulator,
) -> None:
    url = f"{sim.base_url}/logout?post_logout_redirect_uri={urllib.parse.quote(SITE)}"

    by_get = call("GET", url)
    by_post = call("POST", url, b"")

    assert by_get.status == 302 and by_get.location == SITE
    assert by_post.status == 302 and by_post.location == SITE
    logouts = call("GET", f"{sim.base_url}/_sim/logouts").json()["items"]
    assert [entry["post_logout_redirect_uri"] for entry in logouts] == [SITE, SITE]


@pytest.mark.parametrize("target", ["https://evil.example/", SITE.rstrip("/"), None])
def test_logout_to_an_unregistered_address_gets_an_error_page(
    sim: GovbrSimulator, target: str | None
) -> None:
    query = f"?post_logout_redirect_uri={urllib.parse.quote(target)}" if target else ""

    answer = call("GET", f"{sim.base_url}/logout{query}")

    assert answer.status == 400 and answer.location is None
    assert call("GET", f"{sim.base_url}/_sim/logouts").json()["items"] == []


# --- faults and keys ------------------------------------------------------------------------
def faults(sim: GovbrSimulator, body: dict[str, Any]) -> Answer:
    return call("POST", f"{sim.base_url}/_sim/faults", json.dumps(body).encode())


def test_a_rotated_key_signs_new_tokens_and_the_old_ones_stop_working(
    sim: GovbrSimulator,
) -> None:
    before = tokens(sim)
    old_kid = call("GET", f"{sim.base_url}/jwk").json()["keys"][0]["kid"]

    assert faults(sim, {"rotate_key": True}).status == 200

    [key] = call("GET", f"{sim.base_url}/jwk").json()["keys"]
    after = tokens(sim)
    assert key["kid"] != old_kid
    assert jwt.get_unverified_header(after["id_token"])["kid"] == key["kid"]
    assert verified_id_token(sim, after["id_token"])["sub"] == CPF
    with pytest.raises(jwt.PyJWKClientError):
        verified_id_token(sim, before["id_token"])  # its key is gone from the JWKS
    old_access = bearer(before["access_token"])
    assert call("GET", f"{sim.base_url}/userinfo", headers=old_access).status == 401


def test_token_and_jwks_can_be_made_unavailable_and_slow_until_cleared(
    sim: GovbrSimulator,
) -> None:
    authorization = new_authorization()
    code = sign_in(sim, authorization)
    faults(sim, {"token": "unavailable", "jwks": "unavailable"})

    assert exchange(sim, code, authorization.verifier).status == 503
    assert call("GET", f"{sim.base_url}/jwk").status == 503

    faults(sim, {"token": "slow", "jwks": None, "slow_s": 0.5})
    began = time.monotonic()
    assert exchange(sim, code, authorization.verifier).status == 200
    assert time.monotonic() - began >= 0.5
    assert call("GET", f"{sim.base_url}/jwk").status == 200

    assert call("DELETE", f"{sim.base_url}/_sim/faults").status == 200
    began = time.monotonic()
    tokens(sim)
    assert time.monotonic() - began < 0.5


# --- state ---------------------------------------------------------------------------------
def test_accounts_and_the_key_survive_a_restart(tmp_path: Path) -> None:
    state_file = tmp_path / "govbr.json"
    first = start(state_file)
    account = {"cpf": "11144477735", "name": "Bruno", "email": "b@example.org", "level": "gold"}
    assert (
        call("POST", f"{first.base_url}/_sim/accounts", json.dumps(account).encode()).status == 201
    )
    issued = tokens(first, cpf="11144477735")
    first.stop()

    again = start(state_file, port=int(first.base_url.rsplit(":", 1)[1]))
    try:
        # The account is found by the form, its level kept; the key verifies earlier tokens.
        claims = verified_id_token(again, tokens(again, cpf="11144477735")["id_token"])
        earlier = verified_id_token(again, issued["id_token"])
    finally:
        again.stop()

    assert claims["sub"] == earlier["sub"] == "11144477735"
    assert claims["reliability_info"]["level"] == "gold"
    assert state_file.stat().st_mode & 0o077 == 0  # it holds the private key


def test_a_malformed_account_is_refused(sim: GovbrSimulator) -> None:
    for account in ({"cpf": "123", "name": "X"}, {"cpf": CPF, "name": "X", "level": "platina"}):
        answer = call("POST", f"{sim.base_url}/_sim/accounts", json.dumps(account).encode())
        assert answer.status == 400
