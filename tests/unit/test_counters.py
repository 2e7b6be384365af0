from datetime import date

from chalicelib.services.counters import dashboard, professional_change, request_change
from tests.fakes import InMemoryCounterRepository


def test_a_new_professional_counts_in_the_total_and_status_of_the_region_and_all() -> None:
    change = professional_change("e1", None, {"region": "SP", "status": "not_started"})

    assert change.deltas == {
        ("all", "totals"): {"professionals_total": 1, "professionals_not_started": 1},
        ("region#SP", "totals"): {"professionals_total": 1, "professionals_not_started": 1},
    }


def test_a_status_change_moves_one_count_and_keeps_the_total() -> None:
    old = {"region": "SP", "status": "not_started"}
    new = {"region": "SP", "status": "in_progress"}

    change = professional_change("e2", old, new)

    assert change.deltas[("region#SP", "totals")] == {
        "professionals_not_started": -1,
        "professionals_in_progress": 1,
    }


def test_an_update_that_changes_no_status_counts_nothing() -> None:
    same = {"region": "SP", "status": "updated"}

    assert professional_change("e3", same, same).deltas == {}


def test_a_record_delivered_twice_counts_once() -> None:
    counters = InMemoryCounterRepository()
    change = professional_change("e4", None, {"region": "RJ", "status": "not_started"})

    counters.add([change])
    counters.add([change])

    assert counters.totals("region#RJ")["professionals_total"] == 1


def request_image(status: str, **values: str) -> dict[str, str]:
    return {
        "region": "SP",
        "status": status,
        "created_at": "2026-11-02T10:00:00Z",
        "updated_at": "2026-11-02T10:00:00Z",
        "review_since": "2026-11-02T10:00:00Z",
    } | values


def test_a_submission_counts_as_submitted_that_day_and_in_review_since_that_day() -> None:
    change = request_change("r1", None, request_image("in_review"))

    assert change.deltas[("region#SP", "totals")] == {"requests_in_review": 1}
    assert change.deltas[("region#SP", "daily#2026-11-02")] == {"submitted": 1}
    assert change.deltas[("all", "inreview#2026-11-02")] == {"count": 1}


def test_a_decision_counts_as_decided_the_day_it_was_taken() -> None:
    old = request_image("in_review")
    new = request_image("approved", updated_at="2026-11-09T15:00:00Z")

    change = request_change("r2", old, new)

    assert change.deltas[("all", "totals")] == {"requests_in_review": -1, "requests_approved": 1}
    assert change.deltas[("all", "daily#2026-11-09")] == {"decided": 1}
    assert change.deltas[("all", "inreview#2026-11-02")] == {"count": -1}


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
