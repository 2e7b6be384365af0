from datetime import date
from typing import TypeVar

import pytest

from chalicelib.domain.change_requests import Request, RequestKind, RequestStatus
from chalicelib.domain.professional import Professional, ProfessionalStatus
from chalicelib.domain.registry import professional_from_row
from chalicelib.services.counters import dashboard, professional_change, request_change
from chalicelib.services.ports import Change
from tests.conftest import registry_row
from tests.fakes import InMemoryCounterRepository

T = TypeVar("T")


@pytest.fixture
def someone(council) -> Professional:
    return professional_from_row(registry_row(), council)


def in_(professional: Professional, region: str, status: str) -> Professional:
    return professional.model_copy(update={"region": region, "status": ProfessionalStatus(status)})


def change(record_id: str, old: T | None, new: T | None) -> Change[T]:
    return Change(record_id, record_id, old, new)


def test_a_new_professional_counts_in_the_total_and_status_of_the_region_and_all(
    someone,
) -> None:
    counted = professional_change(change("e1", None, in_(someone, "SP", "not_started")))

    assert counted.deltas == {
        ("all", "totals"): {"professionals_total": 1, "professionals_not_started": 1},
        ("region#SP", "totals"): {"professionals_total": 1, "professionals_not_started": 1},
    }


def test_a_status_change_moves_one_count_and_keeps_the_total(someone) -> None:
    old = in_(someone, "SP", "not_started")
    new = in_(someone, "SP", "in_progress")

    counted = professional_change(change("e2", old, new))

    assert counted.deltas[("region#SP", "totals")] == {
        "professionals_not_started": -1,
        "professionals_in_progress": 1,
    }


def test_an_update_that_changes_no_status_counts_nothing(someone) -> None:
    same = in_(someone, "SP", "updated")

    assert professional_change(change("e3", same, same)).deltas == {}


def test_a_record_delivered_twice_counts_once(someone) -> None:
    counters = InMemoryCounterRepository()
    counted = professional_change(change("e4", None, in_(someone, "RJ", "not_started")))

    counters.add([counted])
    counters.add([counted])

    assert counters.totals("region#RJ")["professionals_total"] == 1


def a_request(status: str, **values: str) -> Request:
    return Request(
        id="20261102-0001", protocol="20261102-0001", document="52998224725", region="SP",
        kind=RequestKind.CHANGE, group="address", status=RequestStatus(status),
        created_at="2026-11-02T10:00:00Z", updated_at="2026-11-02T10:00:00Z",
        review_since="2026-11-02T10:00:00Z",
    ).model_copy(update=values)  # fmt: skip


def test_a_submission_counts_as_submitted_that_day_and_in_review_since_that_day() -> None:
    counted = request_change(change("r1", None, a_request("in_review")))

    assert counted.deltas[("region#SP", "totals")] == {"requests_in_review": 1}
    assert counted.deltas[("region#SP", "daily#2026-11-02")] == {"submitted": 1}
    assert counted.deltas[("all", "inreview#2026-11-02")] == {"count": 1}


def test_a_decision_counts_as_decided_the_day_it_was_taken() -> None:
    old = a_request("in_review")
    new = a_request("approved", updated_at="2026-11-09T15:00:00Z")

    counted = request_change(change("r2", old, new))

    assert counted.deltas[("all", "totals")] == {"requests_in_review": -1, "requests_approved": 1}
    assert counted.deltas[("all", "daily#2026-11-09")] == {"decided": 1}
    assert counted.deltas[("all", "inreview#2026-11-02")] == {"count": -1}


def test_the_dashboard_counts_as_stalled_what_entered_review_before_the_stall_days() -> None:
    items = {
        "totals": {"requests_in_review": 5, "professionals_total": 9, "professionals_updated": 2},
        "inreview#2026-11-01": {"count": 2},
        "inreview#2026-11-18": {"count": 3},
        "daily#2026-11-20": {"submitted": 4, "decided": 1},
    }

    board = dashboard(items, date(2026, 11, 21), stall_days=5)

    assert board["requests"]["stalled"] == 2
    assert board["requests"]["in_review"] == 5
    assert board["professionals"]["total"] == 9
    assert board["daily"][-2] == {"date": "2026-11-20", "submitted": 4, "decided": 1}
    assert len(board["daily"]) == 30
