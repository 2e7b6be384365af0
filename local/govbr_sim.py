"""A gov.br Login Único that speaks its integration manual's contract, for the local stack and
the tests (API.md, "The local gov.br simulator"). One port serves both of gov.br's hosts (SSO
and API), so GOVBR_SSO_URL and GOVBR_API_URL both point at it.

`GET /authorize` checks the client and its exact registered redirect URI (an error page, never a
redirect, when either is wrong); past that, protocol errors go back to the redirect URI as
`error`/`error_description`/`state` (PKCE `S256` only, `nonce` and `state` required, scopes of
the client only, `openid` among them). A valid request gets the pt-BR sign-in form; posting a
CPF with an account there answers the redirect with a code, "Cancelar" with `access_denied`.
`POST /token` wants HTTP Basic client credentials and the code's redirect URI and PKCE verifier;
codes live `code_lifetime_s` (60 s) and work once: a replayed code revokes what it gave. Tokens
are RS256 JWTs with a `kid`: the id_token lives 60 s, `iss` is the public URL with a trailing
slash, `email_verified` is the string "true" or "false" (no `email` when "false") and
`reliability_info` comes with the scope `govbr_confiabilidades_idtoken`. `GET /jwk` publishes the
key without `use`, as gov.br does. `GET /userinfo[/]`, `GET|POST /logout` (registered
post-logout URIs only) and the companies API (`/empresas/v2/...`, scope `govbr_empresa`) take
the access token.

For tests: `POST /_sim/accounts` adds or replaces an account, `GET /_sim/logouts` lists the
logouts, `POST /_sim/faults` makes `/token` unavailable (503) or slow, `/jwk` unavailable, or
rotates the signing key (the old one is dropped at once); `DELETE /_sim/faults` clears them.
Accounts, logouts and the key are kept in a JSON file so they survive restarts; authorizations in
flight, codes and revocations live in memory, as short-lived as they are at gov.br."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

# What the client of the local stack may ask for (API.md, the gov.br sign-in's scopes and phone).
SCOPES = (
    "openid",
    "email",
    "profile",
    "phone",
    "govbr_confiabilidades",
    "govbr_confiabilidades_idtoken",
    "govbr_empresa",
)
LEVELS = ("bronze", "silver", "gold")
ROLES = ("SOCIO", "REPRESENTANTE_LEGAL", "CONTADOR", "NAO_ATUANTE")
# A seal of each level, from gov.br's catalogue (101 kba_previdencia, 602 bb_internet_banking,
# 801 certificado_digital): what `reliability_info.reliabilities` lists.
_RELIABILITIES = {"bronze": "101", "silver": "602", "gold": "801"}
_CODE_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
_CODE_CHALLENGE = re.compile(r"^[A-Za-z0-9\-_]{43}$")
_PARTICIPANT = re.compile(r"^/empresas/v2/empresas/([0-9A-Za-z]{14})/participantes/(\d{11})$")
ID_TOKEN_LIFETIME_S = 60
ACCESS_TOKEN_LIFETIME_S = 3600
PENDING_LIFETIME_S = 600
_PAGE = """<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gov.br — simulador local</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; color: #333; background: #f8f8f8; }}
main {{ max-width: 26rem; margin: 2rem auto; padding: 1.5rem; background: #fff; }}
h1 {{ color: #1351b4; font-size: 1.5rem; }}
label {{ display: block; font-weight: 600; margin: 1rem 0 .25rem; }}
input {{ font-size: 1rem; padding: .5rem; width: 100%; box-sizing: border-box; }}
button {{ font-size: 1rem; padding: .5rem 1.5rem; border-radius: 2rem; margin: 1rem .5rem 0 0;
  border: 1px solid #1351b4; background: #fff; color: #1351b4; }}
button[type=submit]:first-of-type {{ background: #1351b4; color: #fff; }}
.erro {{ color: #b00020; font-weight: 600; }}
</style>
</head>
<body>
<main>
<h1>gov.br — simulador local</h1>
{}
</main>
</body>
</html>
"""


@dataclass(frozen=True)
class Client:
    client_id: str
    secret: str
    redirect_uri: str
    post_logout_redirect_uri: str
    scopes: frozenset[str] = frozenset(SCOPES)


class Refused(Exception):
    """A request gov.br turns down: the HTTP status and the OAuth error it answers."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


class GovbrState:
    """Accounts, logouts and the signing key, written to a JSON file on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        saved = json.loads(path.read_text()) if path.exists() else {}
        self.accounts: dict[str, dict[str, Any]] = saved.get("accounts", {})
        self.logouts: list[dict[str, Any]] = saved.get("logouts", [])
        self.key: dict[str, str] = saved.get("key") or _new_key()
        if "key" not in saved:
            self.save()

    def save(self) -> None:
        """Writes aside and renames, so a crash never leaves half a file behind."""
        state = {"accounts": self.accounts, "logouts": self.logouts, "key": self.key}
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state))
        temporary.chmod(0o600)  # it holds the private key
        temporary.replace(self.path)

    def private_key(self) -> rsa.RSAPrivateKey:
        key = serialization.load_pem_private_key(self.key["pem"].encode(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return key


class GovbrSimulator:
    def __init__(
        self,
        host: str,
        port: int,
        state_file: Path,
        *,
        public_url: str | None = None,
        code_lifetime_s: float = 60.0,
        slow_s: float = 10.0,
    ) -> None:
        self.base_url = (public_url or f"http://{host}:{port}").rstrip("/")
        self.issuer = f"{self.base_url}/"
        self.code_lifetime_s = code_lifetime_s
        self.slow_s = slow_s
        self.state = GovbrState(state_file)
        self.clients: dict[str, Client] = {}
        self.faults: dict[str, Any] = {}
        # In flight: authorizations awaiting the form, codes, and access tokens revoked.
        self._pending: dict[str, dict[str, Any]] = {}
        self._codes: dict[str, dict[str, Any]] = {}
        self._revoked: set[str] = set()
        self._stopping = threading.Event()
        self._routes = self._route_table()
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                simulator.handle(self, "GET")

            def do_POST(self) -> None:
                simulator.handle(self, "POST")

            def do_DELETE(self) -> None:
                simulator.handle(self, "DELETE")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        # A short poll makes stop() quick: shutdown() waits for the loop to look.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Wakes a `/token` kept slow on purpose, so closing the server need not wait for it."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    # --- set up by the stack and the tests -------------------------------------------------
    def register_client(self, client: Client) -> None:
        self.clients[client.client_id] = client

    def put_account(self, fields: dict[str, Any], *, replace: bool = True) -> dict[str, Any]:
        """Adds an account (or replaces the one of that CPF); `replace=False` keeps one already
        there, so the demo accounts given at every start never undo what a test changed."""
        account = _account(fields)
        with self.state.lock:
            if replace or account["cpf"] not in self.state.accounts:
                self.state.accounts[account["cpf"]] = account
                self.state.save()
            return self.state.accounts[account["cpf"]]

    # --- HTTP ---------------------------------------------------------------------------
    def _route_table(self) -> dict[tuple[str, str], Callable[[_Call], None]]:
        return {
            ("GET", "/authorize"): self._authorize,
            ("POST", "/authorize"): self._sign_in,
            ("POST", "/token"): self._token,
            ("GET", "/jwk"): self._jwks,
            ("GET", "/userinfo"): self._userinfo,
            ("GET", "/userinfo/"): self._userinfo,
            ("GET", "/logout"): self._logout,
            ("POST", "/logout"): self._logout,
            ("GET", "/empresas/v2/empresas"): self._companies,
            ("POST", "/_sim/accounts"): self._sim_account,
            ("GET", "/_sim/logouts"): self._sim_logouts,
            ("POST", "/_sim/faults"): self._sim_faults,
            ("DELETE", "/_sim/faults"): self._sim_faults,
        }

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        call = _Call.read(request)
        route = self._routes.get((method, call.path))
        if route is not None:
            return route(call)
        participant = _PARTICIPANT.match(call.path)
        if method == "GET" and participant:
            return self._participant(call, participant.group(1).upper(), participant.group(2))
        return call.json(404, {"error": "not_found"})

    # --- /authorize ----------------------------------------------------------------------
    def _authorize(self, call: _Call) -> None:
        query = call.query
        client = self.clients.get(query.get("client_id", ""))
        if client is None:
            return call.page(400, _error_text("invalid_client", "Cliente não cadastrado."))
        redirect_uri = query.get("redirect_uri", "")
        if redirect_uri != client.redirect_uri:
            return call.page(
                400, _error_text("invalid_grant", "URL de retorno não cadastrada para o cliente.")
            )
        try:
            scopes = _authorization_scopes(query, client)
        except Refused as refused:
            answer = {"error": refused.error, "error_description": refused.description}
            return call.redirect(redirect_uri, answer | _only_if("state", query.get("state")))
        request_id = secrets.token_urlsafe(24)
        with self.state.lock:
            self._forget_old_pending()
            self._pending[request_id] = {
                "client_id": client.client_id,
                "redirect_uri": redirect_uri,
                "scopes": scopes,
                "state": query["state"],
                "nonce": query["nonce"],
                "code_challenge": query["code_challenge"],
                "at": time.monotonic(),
            }
        return call.page(200, _sign_in_form(request_id, ""))

    def _forget_old_pending(self) -> None:
        oldest = time.monotonic() - PENDING_LIFETIME_S
        for request_id in [key for key, p in self._pending.items() if p["at"] < oldest]:
            del self._pending[request_id]

    def _sign_in(self, call: _Call) -> None:
        """The form posted: a CPF with an account gets a code, "Cancelar" `access_denied`."""
        form = call.form()
        request_id = form.get("request", "")
        cpf = re.sub(r"\D", "", form.get("cpf", ""))
        with self.state.lock:
            pending = self._pending.get(request_id)
            known = cpf in self.state.accounts
            cancelled = form.get("cancel") == "1"
            if pending is not None and (known or cancelled):
                del self._pending[request_id]
        if pending is None:
            text = "Esta autorização não existe ou já foi usada. Volte ao serviço e recomece."
            return call.page(400, _error_text("invalid_request", text))
        if cancelled:
            answer = {"error": "access_denied", "state": pending["state"]}
            return call.redirect(pending["redirect_uri"], answer)
        if not known:
            error = (
                "Não há conta gov.br para este CPF neste simulador. Confira o número."
                if cpf
                else "Digite o número do seu CPF."
            )
            return call.page(200, _sign_in_form(request_id, error))
        code = secrets.token_urlsafe(32)
        with self.state.lock:
            self._codes[code] = pending | {"cpf": cpf, "at": time.monotonic(), "tokens": []}
        return call.redirect(pending["redirect_uri"], {"code": code, "state": pending["state"]})

    # --- /token ----------------------------------------------------------------------------
    def _token(self, call: _Call) -> None:
        fault = self.faults.get("token")
        if fault == "unavailable":
            return call.json(503, {"error": "temporarily_unavailable"})
        if fault == "slow":
            self._stopping.wait(self.slow_s)
        client = self._client_of(call)
        if client is None:
            body = {"error": "invalid_client", "error_description": "Bad credentials"}
            return call.json(401, body, {"WWW-Authenticate": 'Basic realm="gov.br"'})
        try:
            params = call.token_params()
            if params.get("grant_type") != "authorization_code":
                raise Refused(400, "unsupported_grant_type", "Unsupported grant_type")
            answer = self._exchange(client, params)
        except Refused as refused:
            body = {"error": refused.error, "error_description": refused.description}
            return call.json(refused.status, body)
        return call.json(200, answer, {"Cache-Control": "no-store", "Pragma": "no-cache"})

    def _client_of(self, call: _Call) -> Client | None:
        scheme, _, encoded = call.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(encoded, validate=True).decode()
        except ValueError:
            return None
        client_id, _, secret = decoded.partition(":")
        client_id, secret = urllib.parse.unquote(client_id), urllib.parse.unquote(secret)
        client = self.clients.get(client_id)
        if client is None or not secrets.compare_digest(client.secret, secret):
            return None
        return client

    def _exchange(self, client: Client, params: dict[str, str]) -> dict[str, Any]:
        """Trades a code for tokens. The code is spent by the first try, right or wrong; a second
        use revokes the tokens it gave (RFC 6749 §4.1.2)."""
        with self.state.lock:
            grant = self._codes.get(params.get("code", ""))
            if grant is None or grant["client_id"] != client.client_id:
                raise Refused(400, "invalid_grant", "Code not valid")
            if grant.get("spent"):
                self._revoked.update(grant["tokens"])
                raise Refused(400, "invalid_grant", "Code already used")
            grant["spent"] = True
            if time.monotonic() - grant["at"] > self.code_lifetime_s:
                raise Refused(400, "invalid_grant", "Code expired")
            if params.get("redirect_uri") != grant["redirect_uri"]:
                raise Refused(400, "invalid_grant", "Incorrect redirect_uri")
            if not _verifier_matches(params.get("code_verifier", ""), grant["code_challenge"]):
                raise Refused(400, "invalid_grant", "PKCE verification failed")
            account = self.state.accounts.get(grant["cpf"])
            if account is None:
                raise Refused(400, "invalid_grant", "Account not found")
            answer = self._tokens(client, grant, account)
            grant["tokens"].append(answer.pop("jti"))
        return answer

    def _tokens(
        self, client: Client, grant: dict[str, Any], account: dict[str, Any]
    ) -> dict[str, Any]:
        now = int(time.time())
        scopes: list[str] = grant["scopes"]
        jti = secrets.token_urlsafe(16)
        common = {"iss": self.issuer, "aud": client.client_id, "sub": account["cpf"], "iat": now}
        access = common | {
            "exp": now + ACCESS_TOKEN_LIFETIME_S,
            "scope": scopes,
            "amr": ["passwd"],
            "jti": jti,
        }
        identity = common | {
            "exp": now + ID_TOKEN_LIFETIME_S,
            "auth_time": now,
            "nonce": grant["nonce"],
            "amr": ["passwd"],
            "name": account["name"],
            "email_verified": "true" if account["email_verified"] else "false",
        }
        if account["email_verified"]:
            identity["email"] = account["email"]
        if "govbr_confiabilidades_idtoken" in scopes:
            level = account["level"]
            identity["reliability_info"] = {
                "level": level,
                "reliabilities": [{"id": _RELIABILITIES[level]}],
            }
        return {
            "access_token": self._sign(access),
            "id_token": self._sign(identity),
            "token_type": "Bearer",
            "expires_in": ACCESS_TOKEN_LIFETIME_S,
            "scope": " ".join(scopes),
            "jti": jti,
        }

    def _sign(self, claims: dict[str, Any]) -> str:
        key = self.state.key
        return jwt.encode(claims, key["pem"], algorithm="RS256", headers={"kid": key["kid"]})

    # --- keys and what the access token opens ---------------------------------------------
    def _jwks(self, call: _Call) -> None:
        if self.faults.get("jwks") == "unavailable":
            return call.json(503, {"error": "temporarily_unavailable"})
        with self.state.lock:
            public = self.state.private_key().public_key().public_numbers()
            kid = self.state.key["kid"]
        key = {"kty": "RSA", "kid": kid, "alg": "RS256", "n": _b64(public.n), "e": _b64(public.e)}
        return call.json(200, {"keys": [key]})

    def _access(self, call: _Call) -> dict[str, Any] | None:
        """The claims of the request's bearer access token, or None when it is not one of ours,
        expired or revoked."""
        scheme, _, token = call.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        with self.state.lock:
            kid = self.state.key["kid"]
            public_key = self.state.private_key().public_key()
        try:
            if jwt.get_unverified_header(token).get("kid") != kid:
                return None
            claims: dict[str, Any] = jwt.decode(
                token,
                public_key,
                algorithms=["RS256"],
                issuer=self.issuer,
                options={"verify_aud": False, "require": ["exp", "jti", "sub"]},
            )
        except jwt.PyJWTError:
            return None
        if not isinstance(claims.get("scope"), list) or claims["jti"] in self._revoked:
            return None
        return claims

    def _userinfo(self, call: _Call) -> None:
        claims = self._access(call)
        if claims is None:
            return call.json(401, {"error": "invalid_token"}, {"WWW-Authenticate": "Bearer"})
        with self.state.lock:
            account = self.state.accounts.get(claims["sub"])
        if account is None:
            return call.json(401, {"error": "invalid_token"}, {"WWW-Authenticate": "Bearer"})
        answer = {
            "sub": account["cpf"],
            "name": account["name"],
            "email_verified": account["email_verified"],
        }
        if account["email_verified"]:
            answer["email"] = account["email"]
        return call.json(200, answer)

    def _companies_access(self, call: _Call, cpf: str) -> dict[str, Any] | None:
        """The caller's account when its token may read `cpf`'s companies; otherwise answers
        the refusal, in the error envelope of gov.br's API host, and returns None."""
        claims = self._access(call)
        if claims is None:
            call.json(401, _api_error(401, "ACCESSTOKEN_INVALID", "Token de acesso inválido."))
            return None
        if "govbr_empresa" not in claims["scope"]:
            title = (
                "Escopo requerido não encontrado. Valor esperado: 'govbr_empresa', "
                f"valor recebido: '{' '.join(claims['scope'])}'."
            )
            call.json(403, _api_error(403, "ACCESSTOKEN_SCOPE_MUSTCONTAINSEXPECTEDSCOPE", title))
            return None
        if cpf != claims["sub"]:
            title = "O CPF consultado deve ser o do titular do token de acesso."
            call.json(403, _api_error(403, "CPF_MUSTMATCHACCESSTOKENSUB", title))
            return None
        with self.state.lock:
            account = self.state.accounts.get(cpf)
        if account is None:
            call.json(401, _api_error(401, "ACCESSTOKEN_INVALID", "Token de acesso inválido."))
        return account

    def _companies(self, call: _Call) -> None:
        cpf = re.sub(r"\D", "", call.query.get("filtrar-por-participante", ""))
        account = self._companies_access(call, cpf)
        if account is None:
            return None
        companies = [
            {"cnpj": c["cnpj"], "razaoSocial": c["razao_social"], "dataCriacao": c["created_at"]}
            for c in account["companies"]
        ]
        return call.json(200, companies)

    def _participant(self, call: _Call, cnpj: str, cpf: str) -> None:
        account = self._companies_access(call, cpf)
        if account is None:
            return None
        company = next((c for c in account["companies"] if c["cnpj"] == cnpj), None)
        if company is None:
            title = "Participante não encontrado para a empresa informada."
            return call.json(404, _api_error(404, "PARTICIPANTE_NAOENCONTRADO", title))
        answer = {
            "cnpj": cnpj,
            "cpf": cpf,
            "atuacao": company["atuacao"],
            "cadastrador": company["cadastrador"],
            "dataCriacao": company["created_at"],
        }
        return call.json(200, answer | _only_if("dataExpiracao", company.get("expires_at")))

    # --- /logout -----------------------------------------------------------------------------
    def _logout(self, call: _Call) -> None:
        target = call.query.get("post_logout_redirect_uri") or call.form().get(
            "post_logout_redirect_uri", ""
        )
        registered = {client.post_logout_redirect_uri for client in self.clients.values()}
        if target not in registered:
            text = "O endereço de retorno após sair não está cadastrado."
            return call.page(400, _error_text("invalid_request", text))
        with self.state.lock:
            self.state.logouts.append({"at": _now(), "post_logout_redirect_uri": target})
            self.state.save()
        return call.redirect(target, {})

    # --- /_sim -------------------------------------------------------------------------------
    def _sim_account(self, call: _Call) -> None:
        try:
            fields = json.loads(call.body or b"{}")
            account = self.put_account(fields if isinstance(fields, dict) else {})
        except (ValueError, KeyError, TypeError) as error:
            return call.json(400, {"error": f"invalid account: {error}"})
        return call.json(201, account)

    def _sim_logouts(self, call: _Call) -> None:
        with self.state.lock:
            logouts = list(self.state.logouts)
        return call.json(200, {"items": logouts})

    def _sim_faults(self, call: _Call) -> None:
        if call.method == "DELETE":
            self.faults = {}
            return call.json(200, {"faults": {}})
        try:
            asked = json.loads(call.body or b"{}")
        except ValueError:
            return call.json(400, {"error": "body is not JSON"})
        if not isinstance(asked, dict):
            return call.json(400, {"error": "body is not a JSON object"})
        if asked.pop("rotate_key", False):
            with self.state.lock:
                self.state.key = _new_key()
                self.state.save()
        for name in ("token", "jwks"):
            if name in asked:
                self.faults[name] = asked[name]
        if "slow_s" in asked:
            self.slow_s = float(asked["slow_s"])
        return call.json(200, {"faults": self.faults, "kid": self.state.key["kid"]})


@dataclass
class _Call:
    """One HTTP request as the simulator needs it: path, query, headers, the body read whole."""

    handler: BaseHTTPRequestHandler
    method: str
    path: str
    query: dict[str, str]
    body: bytes

    @classmethod
    def read(cls, handler: BaseHTTPRequestHandler) -> _Call:
        path, _, query = handler.path.partition("?")
        # The whole body is read at once: one left unread can reset the connection.
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        return cls(handler, handler.command, path, _pairs(query), body)

    @property
    def headers(self) -> Any:
        return self.handler.headers

    def form(self) -> dict[str, str]:
        return _pairs(self.body.decode("utf-8", "replace"))

    def token_params(self) -> dict[str, str]:
        """The query string's parameters, then the form's (gov.br's own Java example sends
        them in the query string of the POST, with no body)."""
        if not self.body:
            return self.query
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            raise Refused(400, "invalid_request", "Content-Type must be form-urlencoded")
        return self.query | self.form()

    def json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.send(status, "application/json", json.dumps(body).encode(), headers or {})

    def page(self, status: int, content: str) -> None:
        body = _PAGE.format(content).encode()
        self.send(status, "text/html; charset=utf-8", body, {"Cache-Control": "no-store"})

    def redirect(self, uri: str, params: dict[str, str]) -> None:
        separator = "&" if "?" in uri else "?"
        # Spaces as %20, as gov.br writes them ("error_description=Invalid%20scope...").
        query = urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
        location = f"{uri}{separator}{query}" if params else uri
        self.send(302, "text/plain", b"", {"Location": location, "Cache-Control": "no-store"})

    def send(self, status: int, content_type: str, body: bytes, headers: dict[str, str]) -> None:
        self.handler.send_response(status)
        self.handler.send_header("Content-Type", content_type)
        self.handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.handler.send_header(name, value)
        self.handler.end_headers()
        self.handler.wfile.write(body)


def _authorization_scopes(query: dict[str, str], client: Client) -> list[str]:
    """The scopes granted to a valid authorization request; raises what gov.br would send back
    to the redirect URI otherwise."""
    if query.get("response_type") != "code":
        raise Refused(400, "unsupported_response_type", "response_type must be code")
    for name in ("state", "nonce", "code_challenge"):
        if not query.get(name):
            raise Refused(400, "invalid_request", f"Missing parameter: {name}")
    if query.get("code_challenge_method") != "S256":
        raise Refused(400, "invalid_request", "Invalid parameter: code_challenge_method")
    if not _CODE_CHALLENGE.match(query["code_challenge"]):
        raise Refused(400, "invalid_request", "Invalid parameter: code_challenge")
    scopes = list(dict.fromkeys(query.get("scope", "").split()))
    unknown = [scope for scope in scopes if scope not in client.scopes]
    if unknown:
        raise Refused(400, "invalid_scope", f"Invalid scope: [{', '.join(unknown)}]")
    if "openid" not in scopes:
        raise Refused(400, "invalid_scope", "Missing openid scope")
    return scopes


def _verifier_matches(verifier: str, challenge: str) -> bool:
    if not _CODE_VERIFIER.match(verifier):
        return False
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return secrets.compare_digest(expected, challenge)


def _account(fields: dict[str, Any]) -> dict[str, Any]:
    """An account from the fields of `POST /_sim/accounts`; raises ValueError when they are wrong."""
    cpf = re.sub(r"\D", "", str(fields["cpf"]))
    if len(cpf) != 11:
        raise ValueError("cpf must have 11 digits")
    level = fields.get("level", "silver")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    if not isinstance(fields.get("email_verified", True), bool):
        raise ValueError("email_verified must be true or false")
    return {
        "cpf": cpf,
        "name": str(fields["name"]),
        "email": str(fields.get("email") or ""),
        "email_verified": bool(fields.get("email_verified", True)) and bool(fields.get("email")),
        "level": level,
        "companies": [_company(company) for company in fields.get("companies") or []],
    }


def _company(fields: dict[str, Any]) -> dict[str, Any]:
    cnpj = re.sub(r"[^0-9A-Za-z]", "", str(fields["cnpj"])).upper()
    if len(cnpj) != 14:
        raise ValueError("cnpj must have 14 characters")
    role = fields.get("atuacao", "SOCIO")
    if role not in ROLES:
        raise ValueError(f"atuacao must be one of {ROLES}")
    company = {
        "cnpj": cnpj,
        "razao_social": str(fields["razao_social"]),
        "atuacao": role,
        "cadastrador": bool(fields.get("cadastrador", False)),
        "created_at": str(fields.get("data_criacao") or _now(" ")),
    }
    if fields.get("data_expiracao"):
        company["expires_at"] = str(fields["data_expiracao"])
    return company


def _sign_in_form(request_id: str, error: str) -> str:
    alert = (
        f'<p class="erro" id="cpf-erro" role="alert">{html.escape(error)}</p>\n' if error else ""
    )
    described = ' aria-describedby="cpf-erro" aria-invalid="true"' if error else ""
    return (
        "<p>Identifique-se no gov.br com seu CPF. Aqui não há senha: é uma simulação.</p>\n"
        f"{alert}"
        '<form method="post" action="/authorize">\n'
        f'<input type="hidden" name="request" value="{html.escape(request_id)}">\n'
        '<label for="cpf">CPF</label>\n'
        '<input type="text" id="cpf" name="cpf" inputmode="numeric" autocomplete="username"'
        f' placeholder="Digite seu CPF"{described}>\n'
        '<button type="submit">Entrar</button>\n'
        '<button type="submit" name="cancel" value="1">Cancelar</button>\n'
        "</form>\n"
    )


def _error_text(code: str, text: str) -> str:
    return f'<p class="erro" role="alert">{html.escape(text)}</p>\n<p>Erro: <code>{code}</code></p>'


def _api_error(status: int, code: str, title: str) -> dict[str, Any]:
    return {"errors": [{"status": status, "code": code, "title": title}]}


def _only_if(name: str, value: Any) -> dict[str, Any]:
    return {name: value} if value else {}


def _pairs(encoded: str) -> dict[str, str]:
    """The first value of each parameter of a query string or form body."""
    pairs: dict[str, str] = {}
    for name, value in urllib.parse.parse_qsl(encoded, keep_blank_values=True):
        pairs.setdefault(name, value)
    return pairs


def _new_key() -> dict[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return {"kid": f"rsa-{secrets.token_hex(4)}", "pem": pem.decode()}


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _now(separator: str = "T") -> str:
    return time.strftime(f"%Y-%m-%d{separator}%H:%M:%S", time.gmtime())
