"""Dashboard counters, kept from the stream of changes rather than by scanning."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from chalicelib.domain.change_requests import Request, RequestStatus
from chalicelib.domain.professional import Professional
from chalicelib.services.ports import Change, CounterChange

ALL = "all"
TOTALS = "totals"
DAILY = "daily#"
IN_REVIEW = "inreview#"
DECISIONS = (RequestStatus.APPROVED, RequestStatus.REJECTED, RequestStatus.RETURNED)
REQUEST_STATUSES = ("in_review", "returned", "approved", "rejected", "cancelled")
PROFESSIONAL_STATUSES = (
    "not_started", "in_progress", "updated", "card_requested", "card_in_production", "card_shipped",
)  # fmt: skip
Deltas = dict[tuple[str, str], dict[str, int]]


def region_scope(region: str) -> str:
    return f"region#{region}"


def professional_change(change: Change[Professional]) -> CounterChange:
    """What a professional's insert, update or removal adds to `professionals_*` counters."""
    deltas: Deltas = defaultdict(lambda: defaultdict(int))
    for professional, sign in ((change.old, -1), (change.new, +1)):
        if professional is None:
            continue
        for scope in _scopes(professional.region):
            deltas[(scope, TOTALS)]["professionals_total"] += sign
            deltas[(scope, TOTALS)][f"professionals_{professional.status.value}"] += sign
    return _change(change.event_id, deltas)


def request_change(change: Change[Request]) -> CounterChange:
    """What a request's insert or move adds to `requests_*` totals, to the day's submissions
    and decisions, and to the count of requests in review by the day they entered it (which
    makes "stalled" a sum over old days, not a scan)."""
    deltas: Deltas = defaultdict(lambda: defaultdict(int))
    old, new = change.old, change.new
    for request, sign in ((old, -1), (new, +1)):
        if request is None:
            continue
        for scope in _scopes(request.region):
            deltas[(scope, TOTALS)][f"requests_{request.status.value}"] += sign
            if request.status == RequestStatus.IN_REVIEW:
                since = (request.review_since or request.created_at)[:10]
                deltas[(scope, f"{IN_REVIEW}{since}")]["count"] += sign
    if new is not None:
        for scope in _scopes(new.region):
            if old is None:
                deltas[(scope, f"{DAILY}{new.created_at[:10]}")]["submitted"] += 1
            elif old.status == RequestStatus.IN_REVIEW and new.status in DECISIONS:
                deltas[(scope, f"{DAILY}{new.updated_at[:10]}")]["decided"] += 1
    return _change(change.event_id, deltas)


def _scopes(region: str) -> tuple[str, str]:
    return ALL, region_scope(region)


def _change(record_id: str, deltas: Deltas) -> CounterChange:
    cleaned = {
        item: {name: delta for name, delta in names.items() if delta}
        for item, names in deltas.items()
    }
    return CounterChange(record_id, {item: names for item, names in cleaned.items() if names})


def dashboard(
    items: Mapping[str, Mapping[str, int]], today: date, stall_days: int, days: int = 30
) -> dict[str, Any]:
    """The dashboard of API.md from one scope's counter items."""
    totals = items.get(TOTALS, {})
    cutoff = (today - timedelta(days=stall_days)).isoformat()
    stalled = sum(
        counts.get("count", 0)
        for key, counts in items.items()
        if key.startswith(IN_REVIEW) and key.removeprefix(IN_REVIEW) < cutoff
    )
    first = today - timedelta(days=days - 1)
    daily = []
    for offset in range(days):
        day = (first + timedelta(days=offset)).isoformat()
        counts = items.get(f"{DAILY}{day}", {})
        daily.append(
            {
                "date": day,
                "submitted": counts.get("submitted", 0),
                "decided": counts.get("decided", 0),
            }
        )
    return {
        "requests": {status: totals.get(f"requests_{status}", 0) for status in REQUEST_STATUSES}
        | {"stalled": stalled},
        "professionals": {"total": totals.get("professionals_total", 0)}
        | {status: totals.get(f"professionals_{status}", 0) for status in PROFESSIONAL_STATUSES},
        "daily": daily,
    }


def add_up(dashboards: list[dict[str, Any]]) -> dict[str, Any]:
    """Several regions' dashboards as one (a reviewer of more than one region)."""
    first = dashboards[0]
    return {
        "requests": {
            name: sum(d["requests"][name] for d in dashboards) for name in first["requests"]
        },
        "professionals": {
            name: sum(d["professionals"][name] for d in dashboards)
            for name in first["professionals"]
        },
        "daily": [
            {
                "date": day["date"],
                "submitted": sum(d["daily"][index]["submitted"] for d in dashboards),
                "decided": sum(d["daily"][index]["decided"] for d in dashboards),
            }
            for index, day in enumerate(first["daily"])
        ],
    }
