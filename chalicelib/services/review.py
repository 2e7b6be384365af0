"""Staff: the queue of their regions, a request's detail, a professional's record, the
dashboard, campaign settings and the export of approved changes (claims and decisions:
services/decisions.py). Everything outside the caller's regions answers as if it did not
exist."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from chalicelib.domain.audit import professional_subject
from chalicelib.domain.campaign import CampaignSettings
from chalicelib.domain.change_requests import Request, RequestStatus
from chalicelib.domain.clock import iso
from chalicelib.domain.documents import normalize_document
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.messages import message
from chalicelib.domain.professional import Professional
from chalicelib.domain.staff import StaffCall, StaffMember
from chalicelib.services.change_requests import attachment_link, find_request
from chalicelib.services.counters import ALL, add_up, dashboard, region_scope
from chalicelib.services.ports import (
    CampaignEditing,
    ProfessionalRepository,
    QueueFilter,
    RequestRepository,
    StaffReads,
)
from chalicelib.services.spreadsheets import SpreadsheetCsv


def visible_request(staff: StaffMember, request_id: str, requests: RequestRepository) -> Request:
    request = find_request(request_id, requests)
    if request is None or not staff.sees(request.region):
        raise NotFound()
    return request


def _status(raw: Any) -> Any:
    status = raw or RequestStatus.IN_REVIEW.value
    if status not in tuple(RequestStatus):
        allowed = ", ".join(RequestStatus)
        raise InvalidInput(fields={"status": message("invalid_status_filter", allowed=allowed)})
    return status


def _boolean(field: str) -> Callable[[Any], bool | None]:
    def parse(raw: Any) -> bool | None:
        if raw in (None, ""):
            return None
        if str(raw).lower() in ("true", "1"):
            return True
        if str(raw).lower() in ("false", "0"):
            return False
        raise InvalidInput(fields={field: message("invalid_boolean")})

    return parse


def _blank_to_none(raw: Any) -> Any:
    return raw or None


class QueueQuery(BaseModel):
    """The queue's filters (GET /staff/requests). Each check raises the domain's InvalidInput,
    which pydantic lets through, so the first field at fault answers alone, status before
    stalled, as the API always has; the region is checked against the caller in `queue`."""

    model_config = ConfigDict(frozen=True)

    status: Annotated[RequestStatus, BeforeValidator(_status)] = RequestStatus.IN_REVIEW
    stalled: Annotated[bool | None, BeforeValidator(_boolean("stalled"))] = None
    region: Annotated[str | None, BeforeValidator(_blank_to_none)] = None
    group: Annotated[str | None, BeforeValidator(_blank_to_none)] = None
    kind: Annotated[str | None, BeforeValidator(_blank_to_none)] = None


def queue(
    call: StaffCall, query: QueueQuery, reads: StaffReads, limit: int, cursor: str | None
) -> dict[str, Any]:
    """A page of the requests of the caller's regions, each saying whose it is, so a reviewer
    need not open each one to know."""
    regions = call.staff.scope(query.region)
    stall_days = reads.campaign.stall_days
    if query.stalled is not None and query.status != RequestStatus.IN_REVIEW:
        return {"items": [], "next_cursor": None}  # only requests in review can be stalled
    cutoff = iso(call.now - timedelta(days=stall_days))
    where = QueueFilter(
        query.status.value,
        regions,
        query.group,
        kind=query.kind,
        review_before=cutoff if query.stalled else None,
        review_since=cutoff if query.stalled is False else None,
    )
    items, next_cursor = reads.requests.queue(where, limit, cursor)
    professionals = reads.professionals.get_many([item.document for item in items])
    return {
        "items": [
            item.view(call.now, stall_days)
            | {
                "document": item.document,
                "region": item.region,
                "professional": _who(professionals.get(item.document)),
            }
            for item in items
        ],
        "next_cursor": next_cursor,
    }


def _who(professional: Professional | None) -> dict[str, str | None]:
    """Whose a request is, as the queue and a request's detail name them."""
    if professional is None:
        return {"name": None, "registration_number": None}
    return {
        "name": professional.data.personal.name,
        "registration_number": professional.registration_number,
    }


def request_detail(call: StaffCall, request_id: str, reads: StaffReads) -> dict[str, Any]:
    """The request, who it is from, what differs, and attachment links of 5 minutes. A staff
    read of personal data: recorded."""
    request = visible_request(call.staff, request_id, reads.requests)
    professional = reads.professionals.get(request.document)
    view = request.view(call.now, reads.campaign.stall_days)
    view["differences"] = request.differences()
    view["signed_in"] = request.signed_in
    if request.recovery is not None:
        view["recovery"] = request.recovery
    view["professional"] = {
        "document": request.document,
        "region": request.region,
    } | _who(professional)
    view["attachments"] = [
        attachment.model_dump()
        | {"download_url": attachment_link(request.document, attachment, reads.storage)}
        for attachment in request.attachments
    ]
    reads.audit.record(
        call.audit(
            professional_subject(request.document), "viewed_request", target=request.id,
            detail={"attachment_links": len(request.attachments)},
        )
    )  # fmt: skip
    return view


def professional_record(call: StaffCall, raw_document: str, reads: StaffReads) -> dict[str, Any]:
    """A professional's data on file, requests, card order and audit trail. A staff read of
    personal data: recorded (after the trail is read, so it does not list itself)."""
    document = normalize_document(raw_document)
    professional = reads.professionals.get(document)
    if professional is None or not call.staff.sees(professional.region):
        raise NotFound()
    items, _ = reads.requests.list_for(document, 100, None)
    subject = professional_subject(document)
    trail = reads.audit.trail(subject)
    reads.audit.record(call.audit(subject, "viewed_professional"))
    stall_days = reads.campaign.stall_days
    return {
        "professional": professional.view(),
        "requests": [item.view(call.now, stall_days) for item in items],
        "card_order": professional.card.model_dump(mode="json") if professional.card else None,
        "audit": [event.view() for event in trail],
    }


def staff_dashboard(call: StaffCall, region: str | None, reads: StaffReads) -> dict[str, Any]:
    """From the counters the streams keep: one query per region, whatever the campaign's size."""
    regions = call.staff.scope(region)
    scopes = [ALL] if regions is None else [region_scope(code) for code in regions]
    today, stall_days = call.now.date(), reads.campaign.stall_days
    boards = [dashboard(reads.counters.scope_items(scope), today, stall_days) for scope in scopes]
    return boards[0] if len(boards) == 1 else add_up(boards)


def update_campaign(
    call: StaffCall, settings: CampaignSettings, editing: CampaignEditing
) -> CampaignSettings:
    """Saves an admin's settings (parsed at the edge, after `require_admin`, so a reviewer's
    malformed settings still answer 403) and records who changed them."""
    call.staff.require_admin()
    if settings.deadline < call.now.date():
        raise InvalidInput(fields={"deadline": message("deadline_in_past")})
    editing.campaigns.save_settings(settings, updated_by=call.staff.username)
    editing.audit.record(
        call.audit("campaign", "campaign_updated", detail=settings.model_dump(mode="json"))
    )
    return settings


EXPORT_COLUMNS = (
    "protocolo", "cpf_cnpj", "registro", "regional", "grupo", "campo",
    "valor_anterior", "valor_novo", "aprovado_em", "aprovado_por",
)  # fmt: skip


def _since(raw: Any) -> Any:
    if raw in (None, ""):
        return None
    # fromisoformat alone also takes "20261101" and "2026-W48-1".
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise InvalidInput(fields={"since": message("invalid_since")})


class ExportQuery(BaseModel):
    """The export's filters (GET /staff/exports/changes.csv, `manage.py export-changes`): a
    region (checked against the caller in `export_changes`) and the first day, YYYY-MM-DD only."""

    model_config = ConfigDict(frozen=True)

    region: Annotated[str | None, BeforeValidator(_blank_to_none)] = None
    since: Annotated[date | None, BeforeValidator(_since)] = None


def export_changes(call: StaffCall, query: ExportQuery, reads: StaffReads) -> Iterator[str]:
    """Approved changes as CSV for the legacy registry system: `;`, UTF-8 with BOM, CRLF, one
    row per field changed. Yields the text in pieces, so the caller decides how to send it."""
    regions = call.staff.scope(query.region)
    start = query.since.isoformat() if query.since else "0000"
    sheet = SpreadsheetCsv()
    sheet.row(EXPORT_COLUMNS)
    yield "\ufeff" + sheet.take()
    batch: list[Request] = []
    for request in reads.requests.approved_changes(regions, start):
        batch.append(request)
        if len(batch) == 100:
            yield _rows(batch, reads.professionals, sheet)
            batch = []
    if batch:
        yield _rows(batch, reads.professionals, sheet)


def _rows(
    batch: list[Request], professionals: ProfessionalRepository, sheet: SpreadsheetCsv
) -> str:
    registry = professionals.get_many([request.document for request in batch])
    for request in batch:
        professional = registry.get(request.document)
        approval = next(
            (entry for entry in reversed(request.history) if entry.action == "approved"), None
        )
        for field in request.differences() or list(request.changes or {}):
            sheet.row(
                (
                    request.protocol,
                    request.document,
                    professional.registration_number if professional else "",
                    request.region,
                    request.group or field,  # an access recovery changes the e-mails
                    field,
                    _cell((request.current or {}).get(field)),
                    _cell((request.changes or {}).get(field)),
                    approval.at if approval else request.updated_at,
                    approval.actor if approval else "",
                )
            )
    return sheet.take()


def _cell(value: Any) -> str:
    """A list of phones or e-mails as "tipo:valor|tipo:valor"; nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(":".join(str(part) for part in item.values()) for item in value)
    return str(value)
