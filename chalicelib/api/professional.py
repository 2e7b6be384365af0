"""Routes of professionals: sign-in by code, their data, uploads and requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import AuthResponse, Blueprint, Response
from chalice.app import AuthRequest

from chalicelib import dependencies
from chalicelib.api.common import (
    authenticated_session,
    json_object,
    limit_per_minute,
    page,
    parse,
)
from chalicelib.api.errors import maps_errors
from chalicelib.domain.auth import SESSIONS_PER_IP_PER_MINUTE
from chalicelib.domain.errors import Forbidden, NotFound
from chalicelib.domain.request_commands import ResubmitCommand, SubmitCommand, UploadCommand
from chalicelib.domain.sessions import Session
from chalicelib.domain.uploads import RECOVERY_KINDS
from chalicelib.services import auth, change_requests, govbr, recovery, sessions
from chalicelib.services.ports import InvalidToken

professional_routes = Blueprint(__name__)
CODES_PER_IP_PER_MINUTE = 10


@professional_routes.authorizer()
def professional_auth(auth_request: AuthRequest) -> AuthResponse:
    scheme, _, token = (auth_request.token or "").partition(" ")
    try:
        claims = dependencies.tokens().verify(token) if scheme.lower() == "bearer" else None
    except InvalidToken:
        claims = None
    if claims is None:
        return AuthResponse(routes=["*"], principal_id="anonymous", context={})
    session = Session.from_claims(claims)
    return AuthResponse(routes=["*"], principal_id=session.document, context=session.context())


def _now() -> datetime:
    return datetime.now(UTC)


def _session(recovery: bool = False) -> Session:
    """The caller's session. A recovery token opens only the routes that say so (`recovery`):
    everywhere else 403 `recovery_only`."""
    session = authenticated_session(professional_routes.current_request)
    if session.recovery_only and not recovery:
        raise Forbidden("recovery_only")
    return session


def _caller() -> str:
    """The caller's document, once their session is known to hold (a read of their record)."""
    session = _session()
    sessions.signed_in(session, dependencies.professionals())
    return session.document


def _body() -> dict[str, Any]:
    return json_object(professional_routes.current_request)


def _view(request: Any) -> dict[str, Any]:
    stall_days = dependencies.campaign_settings().stall_days
    return dict(request.view(_now(), stall_days))


@professional_routes.route("/auth/code", methods=["POST"])
@maps_errors
def send_code() -> Response:
    now, request = _now(), professional_routes.current_request
    # Per client IP too: "not in the registry" must not become a way to list who is.
    limit_per_minute(request, "auth-code", CODES_PER_IP_PER_MINUTE, now)
    wanted = parse(auth.CodeRequest, json_object(request))
    answer = auth.send_login_code(wanted, dependencies.code_sign_in(), dependencies.mailer(), now)
    return Response(answer, status_code=202)


@professional_routes.route("/auth/session", methods=["POST"])
@maps_errors
def open_session() -> dict[str, Any]:
    now, request = _now(), professional_routes.current_request
    # Besides the code's 5 tries and the document's 10 a day: one address guessing at many
    # documents is stopped too.
    limit_per_minute(request, "auth-session", SESSIONS_PER_IP_PER_MINUTE, now)
    attempt = parse(auth.CodeAttempt, json_object(request))
    return auth.open_session(attempt, dependencies.code_sign_in(), now)


@professional_routes.route("/auth/govbr/start", methods=["POST"])
@maps_errors
def start_govbr() -> dict[str, Any]:
    now, request = _now(), professional_routes.current_request
    limit_per_minute(request, "govbr-start", CODES_PER_IP_PER_MINUTE, now)
    return govbr.start(dependencies.govbr_sign_in(), now)


@professional_routes.route("/auth/govbr/callback", methods=["GET"])
@maps_errors
def govbr_callback() -> Response:
    """Never an error page: every outcome goes back to the site, which explains it."""
    query = dict(professional_routes.current_request.query_params or {})
    location = govbr.callback(query, dependencies.govbr_sign_in(), _now())
    headers: dict[str, str | list[str]] = {
        "Location": location,
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
    }
    return Response(body="", status_code=302, headers=headers)


@professional_routes.route("/auth/govbr/session", methods=["POST"])
@maps_errors
def open_govbr_session() -> dict[str, Any]:
    now, request = _now(), professional_routes.current_request
    limit_per_minute(request, "govbr-session", SESSIONS_PER_IP_PER_MINUTE, now)
    ticket = parse(govbr.TicketInput, json_object(request)).ticket
    return govbr.open_session(ticket, dependencies.govbr_sign_in(), now)


@professional_routes.route("/auth/recovery", methods=["POST"])
@maps_errors
def start_recovery() -> Response:
    now, request = _now(), professional_routes.current_request
    limit_per_minute(request, "auth-recovery", CODES_PER_IP_PER_MINUTE, now)
    form = parse(recovery.RecoveryForm, json_object(request))
    answer = recovery.start_recovery(form, dependencies.access_recovery(), now)
    return Response(answer, status_code=202)


@professional_routes.route("/auth/recovery/session", methods=["POST"])
@maps_errors
def open_recovery_session() -> dict[str, Any]:
    now, request = _now(), professional_routes.current_request
    limit_per_minute(request, "auth-session", SESSIONS_PER_IP_PER_MINUTE, now)
    attempt = parse(recovery.RecoveryAttempt, json_object(request))
    return recovery.open_recovery_session(attempt, dependencies.access_recovery(), now)


@professional_routes.route("/me/recovery", methods=["POST"], authorizer=professional_auth)
@maps_errors
def submit_recovery() -> Response:
    session = _session(recovery=True)
    proof = parse(recovery.RecoveryProof, _body())
    filed = recovery.submit_recovery(session, proof, dependencies.access_recovery(), _now())
    return Response(_recovery_view(filed), status_code=201)


@professional_routes.route("/me/recovery", methods=["GET"], authorizer=professional_auth)
@maps_errors
def my_recovery() -> dict[str, Any]:
    session = _session(recovery=True)
    sessions.signed_in(session, dependencies.professionals())
    found = recovery.own_recovery(session.document, dependencies.access_recovery())
    if found is None:
        raise NotFound()
    return _recovery_view(found)


def _recovery_view(request: Any) -> dict[str, Any]:
    """A recovery as its requester sees it: never the e-mails on file (whoever asks has only
    proven the new address), never which answers matched."""
    return {
        key: value for key, value in _view(request).items() if key not in ("current", "changes")
    }


@professional_routes.route("/me", methods=["GET"], authorizer=professional_auth)
@maps_errors
def me() -> dict[str, Any]:
    session = _session()
    return sessions.signed_in(session, dependencies.professionals()).view(session)


@professional_routes.route("/auth/logout", methods=["POST"], authorizer=professional_auth)
@maps_errors
def log_out() -> dict[str, Any]:
    return sessions.log_out(_session(recovery=True), dependencies.session_ending(), _now())


@professional_routes.route("/me/contact-email", methods=["PUT"], authorizer=professional_auth)
@maps_errors
def contact_email() -> dict[str, Any]:
    session = _session()
    parse(govbr.ContactEmailInput, _body())
    return govbr.use_govbr_email(session, dependencies.govbr_contact(), _now())


@professional_routes.route("/me/uploads", methods=["POST"], authorizer=professional_auth)
@maps_errors
def new_upload() -> Response:
    session = _session(recovery=True)
    sessions.signed_in(session, dependencies.professionals())
    command = UploadCommand.from_body(_body())
    if session.recovery_only and command.kind not in RECOVERY_KINDS:
        raise Forbidden("recovery_only")
    answer = change_requests.create_upload(
        session.document, command, dependencies.change_requests(), _now()
    )
    return Response(answer, status_code=201)


@professional_routes.route("/me/requests", methods=["POST"], authorizer=professional_auth)
@maps_errors
def submit() -> Response:
    session = _session()  # whether it still holds: checked on the submission's own read
    command = SubmitCommand.from_body(_body())
    request = change_requests.submit_request(
        session, command, dependencies.change_requests(), _now()
    )
    return Response(_view(request), status_code=201)


@professional_routes.route("/me/requests", methods=["GET"], authorizer=professional_auth)
@maps_errors
def my_requests() -> dict[str, Any]:
    document = _caller()
    limit, cursor = page(professional_routes.current_request)
    items, next_cursor = dependencies.requests().list_for(document, limit, cursor)
    return {"items": [_view(item) for item in items], "next_cursor": next_cursor}


@professional_routes.route(
    "/me/requests/{request_id}", methods=["GET"], authorizer=professional_auth
)
@maps_errors
def my_request(request_id: str) -> dict[str, Any]:
    return _view(change_requests.own_request(_caller(), request_id, dependencies.requests()))


@professional_routes.route(
    "/me/requests/{request_id}/cancel", methods=["POST"], authorizer=professional_auth
)
@maps_errors
def cancel(request_id: str) -> dict[str, Any]:
    document = _caller()
    request = change_requests.cancel_request(
        document, request_id, dependencies.change_requests(), _now()
    )
    return _view(request)


@professional_routes.route(
    "/me/requests/{request_id}/resubmit", methods=["POST"], authorizer=professional_auth
)
@maps_errors
def resubmit(request_id: str) -> dict[str, Any]:
    session = _session()  # whether it still holds: checked on the resubmission's own read
    command = ResubmitCommand.from_body(_body())
    request = change_requests.resubmit_request(
        session, request_id, command, dependencies.change_requests(), _now()
    )
    return _view(request)


@professional_routes.route(
    "/me/requests/{request_id}/attachments/{upload_id}",
    methods=["GET"],
    authorizer=professional_auth,
)
@maps_errors
def my_attachment(request_id: str, upload_id: str) -> dict[str, str]:
    return change_requests.own_attachment_link(
        _caller(), request_id, upload_id, dependencies.requests(), dependencies.storage()
    )
