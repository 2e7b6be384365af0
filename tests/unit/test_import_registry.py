from chalicelib.domain.registry import RowRejected
from chalicelib.services.registry import import_registry
from tests.conftest import registry_row
from tests.fakes import InMemoryProfessionalRepository

OTHER_CPF = "086.676.381-37"


def numbered(*rows: dict[str, str]) -> list[tuple[int, dict[str, str]]]:
    return list(enumerate(rows, start=2))


def test_importing_the_same_file_twice_changes_nothing_the_second_time(council) -> None:
    repository = InMemoryProfessionalRepository()
    rows = numbered(registry_row(), registry_row(document=OTHER_CPF, registration_number="2-T"))

    first = import_registry(rows, council, repository)
    second = import_registry(rows, council, repository)

    assert str(first) == "imported 2, unchanged 0, rejected 0"
    assert str(second) == "imported 0, unchanged 2, rejected 0"
    assert len(repository.items) == 2


def test_bad_rows_are_reported_by_line_and_the_rest_is_imported(council) -> None:
    repository = InMemoryProfessionalRepository()
    reported: list[tuple[int, RowRejected]] = []
    rows = numbered(
        registry_row(),
        registry_row(document="123", registration_number="2-T"),
        registry_row(document=OTHER_CPF, registration_number="3-T"),
    )

    report = import_registry(rows, council, repository, on_rejected=lambda *a: reported.append(a))

    assert str(report) == "imported 2, unchanged 0, rejected 1"
    assert [line for line, _ in reported] == [3]
    assert "document" in reported[0][1].reasons


def test_new_registry_data_refreshes_one_who_has_not_started(council) -> None:
    repository = InMemoryProfessionalRepository()
    import_registry(numbered(registry_row()), council, repository)

    report = import_registry(numbered(registry_row(street="Rua Augusta")), council, repository)

    assert str(report) == "imported 1, unchanged 0, rejected 0"
    assert repository.items["52998224725"].data.address.street == "Rua Augusta"


def test_the_registry_never_overwrites_the_data_of_one_who_has_started(council) -> None:
    repository = InMemoryProfessionalRepository()
    import_registry(numbered(registry_row()), council, repository)
    repository.start_campaign("52998224725")

    report = import_registry(numbered(registry_row(street="Rua Augusta")), council, repository)

    assert str(report) == "imported 0, unchanged 1, rejected 0"
    assert repository.items["52998224725"].data.address.street == "Avenida Paulista"


def test_a_document_listed_twice_ends_with_its_later_row(council) -> None:
    repository = InMemoryProfessionalRepository()
    rows = numbered(registry_row(), registry_row(street="Rua Augusta"))

    import_registry(rows, council, repository, batch_size=100)

    assert repository.items["52998224725"].data.address.street == "Rua Augusta"


def test_batches_split_a_large_file(council) -> None:
    from local.demo import registry_rows

    repository = InMemoryProfessionalRepository()
    rows = list(enumerate(registry_rows(250, council), start=2))

    report = import_registry(rows, council, repository, batch_size=100)

    assert str(report) == "imported 250, unchanged 0, rejected 0"
    assert len(repository.items) == 250
