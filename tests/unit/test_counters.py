from chalicelib.services.counters import professional_change
from tests.fakes import InMemoryCounterRepository


def test_a_new_professional_counts_in_the_total_and_status_of_the_region_and_all() -> None:
    change = professional_change("e1", None, {"region": "SP", "status": "not_started"})

    assert change.deltas == {
        "all": {"professionals_total": 1, "professionals_not_started": 1},
        "region#SP": {"professionals_total": 1, "professionals_not_started": 1},
    }


def test_a_status_change_moves_one_count_and_keeps_the_total() -> None:
    old = {"region": "SP", "status": "not_started"}
    new = {"region": "SP", "status": "in_progress"}

    change = professional_change("e2", old, new)

    assert change.deltas["region#SP"] == {
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
