"""Routes of staff: reviewers of their regions and national admins (Cognito)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from chalice import AuthResponse, Blueprint, Response
from chalice.app import AuthRequest

from chalicelib import dependencies
from chalicelib.api.common import client_ip, json_object, limit_per_minute, page, parse
from chalicelib.api.errors import maps_errors
from chalicelib.domain.campaign import CampaignSettings
from chalicelib.domain.clock import iso
from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.request_commands import DecisionCommand, UploadCommand
from chalicelib.domain.staff import StaffCall, StaffMember
from chalicelib.services import cards, counter, decisions, review
from chalicelib.services.auth import StaffCredentials, sign_in_staff

staff_routes = Blueprint(__name__)
SIGN_INS_PER_IP_PER_MINUTE = 10


@staff_routes.authorizer()
def staff_auth(auth_request: AuthRequest) -> AuthResponse:
    """Checks the Cognito access token against the pool's keys. As for professionals, a bad
    token passes without an identity and the view answers 401 in the API's error shape."""
    scheme, _, token = (auth_request.token or "").partition(" ")
    try:
        claims = dependencies.staff_verifier().verify(token) if scheme.lower() == "bearer" else None
    except (Unauthorized, ValueError):
        claims = None
    if claims is None:
        return AuthResponse(routes=["*"], principal_id="anonymous", context={})
    context = {
        "username": str(claims.get("username")),
        "groups": ",".join(claims.get("cognito:groups", [])),
        "exp": str(claims["exp"]),
    }
    return AuthResponse(routes=["*"], principal_id=context["username"], context=context)


def _now() -> datetime:
    return datetime.now(UTC)


def _staff() -> StaffMember:
    context = staff_routes.current_request.context.get("authorizer") or {}
    username = context.get("username")
    if not username or int(context.get("exp", 0)) <= time.time():
        raise Unauthorized()
    groups = [group for group in str(context.get("groups", "")).split(",") if group]
    return StaffMember.from_groups(str(username), groups)


def _call() -> StaffCall:
    """Who calls (401 if no one), from where, when: what every staff use case takes."""
    return StaffCall(_staff(), _ip(), _now())


def _query() -> dict[str, str]:
    return dict(staff_routes.current_request.query_params or {})


def _ip() -> str:
    return client_ip(staff_routes.current_request)


def _stall_days() -> int:
    return dependencies.campaign_settings().stall_days


@staff_routes.route("/staff/session", methods=["POST"])
@maps_errors
def sign_in() -> dict[str, Any]:
    now, request = _now(), staff_routes.current_request
    limit_per_minute(request, "staff-session", SIGN_INS_PER_IP_PER_MINUTE, now)
    credentials = parse(StaffCredentials, json_object(request))
    session = sign_in_staff(credentials, dependencies.staff_sessions(), now)
    claims = session["claims"]
    member = StaffMember.from_groups(
        str(claims["cognito:username"]), claims.get("cognito:groups", [])
    )
    expires_at = now + timedelta(seconds=session["expires_in"])
    return {
        "token": session["token"],
        "expires_at": iso(expires_at),
        "user": {
            "username": member.username,
            "name": claims.get("name", member.username),
            "role": member.role.value,
            "regions": list(member.regions),
        },
    }


@staff_routes.route("/staff/requests", methods=["GET"], authorizer=staff_auth)
@maps_errors
def queue() -> dict[str, Any]:
    call = _call()
    limit, cursor = page(staff_routes.current_request)
    query = parse(review.QueueQuery, _query())
    return review.queue(call, query, dependencies.staff_reads(), limit, cursor)


@staff_routes.route("/staff/requests/{request_id}", methods=["GET"], authorizer=staff_auth)
@maps_errors
def request_detail(request_id: str) -> dict[str, Any]:
    return review.request_detail(_call(), request_id, dependencies.staff_reads())


@staff_routes.route("/staff/requests/{request_id}/claim", methods=["POST"], authorizer=staff_auth)
@maps_errors
def claim(request_id: str) -> dict[str, Any]:
    request = decisions.claim(_call(), request_id, dependencies.review_decisions())
    return request.view(_now(), _stall_days())


@staff_routes.route(
    "/staff/requests/{request_id}/decision", methods=["POST"], authorizer=staff_auth
)
@maps_errors
def decision(request_id: str) -> dict[str, Any]:
    call = _call()
    command = DecisionCommand.from_body(json_object(staff_routes.current_request))
    request = decisions.decide(call, request_id, command, dependencies.review_decisions())
    return request.view(_now(), _stall_days())


@staff_routes.route("/staff/dashboard", methods=["GET"], authorizer=staff_auth)
@maps_errors
def dashboard() -> dict[str, Any]:
    return review.staff_dashboard(_call(), _query().get("region"), dependencies.staff_reads())


@staff_routes.route("/staff/professionals/{document}", methods=["GET"], authorizer=staff_auth)
@maps_errors
def professional(document: str) -> dict[str, Any]:
    return review.professional_record(_call(), document, dependencies.staff_reads())


@staff_routes.route(
    "/staff/professionals/{document}/card-order/retry", methods=["POST"], authorizer=staff_auth
)
@maps_errors
def retry_card_order(document: str) -> Response:
    professional = cards.retry_order(
        _call(), document, dependencies.professionals(), dependencies.audit_log()
    )
    card = professional.card.model_dump(mode="json") if professional.card else None
    return Response({"document": professional.document, "card_order": card}, status_code=202)


@staff_routes.route("/staff/professionals/{document}/email", methods=["PUT"], authorizer=staff_auth)
@maps_errors
def fix_email(document: str) -> dict[str, Any]:
    call = _call()
    fix = counter.EmailFix.from_body(json_object(staff_routes.current_request))
    request, professional = counter.fix_email(
        call, document, fix, dependencies.change_requests(), dependencies.audit_log()
    )
    return {"professional": professional.view(), "request": request.view(call.now, _stall_days())}


@staff_routes.route("/staff/uploads", methods=["POST"], authorizer=staff_auth)
@maps_errors
def new_upload() -> Response:
    call = _call()
    body = json_object(staff_routes.current_request)
    command = UploadCommand.from_body(body)
    answer = counter.create_staff_upload(
        call, body.get("document"), command, dependencies.change_requests(),
        dependencies.audit_log(),
    )  # fmt: skip
    return Response(answer, status_code=201)


@staff_routes.route(
    "/staff/professionals/{document}/requests", methods=["POST"], authorizer=staff_auth
)
@maps_errors
def enter_request(document: str) -> Response:
    call = _call()
    entry = counter.CounterEntry.from_body(json_object(staff_routes.current_request))
    request = counter.enter_request(
        call, document, entry, dependencies.change_requests(), dependencies.audit_log()
    )
    return Response(request.view(call.now, _stall_days()), status_code=201)


@staff_routes.route("/staff/card-orders/failed", methods=["GET"], authorizer=staff_auth)
@maps_errors
def failed_card_orders() -> dict[str, Any]:
    regions = dependencies.council().region_codes
    return {"items": cards.failed_orders(_call(), regions, dependencies.professionals())}


@staff_routes.route("/staff/campaign", methods=["GET"], authorizer=staff_auth)
@maps_errors
def campaign() -> dict[str, Any]:
    _staff()
    return dependencies.campaign_settings().model_dump(mode="json")


@staff_routes.route("/staff/campaign", methods=["PUT"], authorizer=staff_auth)
@maps_errors
def update_campaign() -> dict[str, Any]:
    call = _call()
    body = json_object(staff_routes.current_request)
    call.staff.require_admin()  # before the settings are read: a reviewer's answer is a 403
    settings = parse(CampaignSettings, body)
    review.update_campaign(call, settings, dependencies.campaign_editing())
    dependencies.forget_campaign_settings()
    return settings.model_dump(mode="json")


@staff_routes.route("/staff/exports/changes.csv", methods=["GET"], authorizer=staff_auth)
@maps_errors
def export_changes() -> Response:
    call, raw = _call(), _query()
    call.staff.scope(raw.get("region"))  # a region not theirs answers 403 before a bad date's 400
    query = parse(review.ExportQuery, raw)
    body = "".join(review.export_changes(call, query, dependencies.staff_reads()))
    day = call.now.date().isoformat()
    return Response(
        body,
        status_code=200,
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="alteracoes-aprovadas-{day}.csv"',
        },
    )
