"""A registry file imported into DynamoDB Local, as `manage.py import-registry` does."""

from __future__ import annotations

import csv
import io

from chalicelib import dependencies
from chalicelib.adapters.registry_csv import read_registry
from chalicelib.domain.campaign import Council
from chalicelib.domain.registry import COLUMNS
from chalicelib.services.registry import ImportReport, import_registry
from tests.conftest import registry_row


def csv_bytes(
    rows: list[dict[str, str]], delimiter: str = ";", encoding: str = "utf-8-sig"
) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def import_rows(rows: list[dict[str, str]], council: Council, **options: str) -> ImportReport:
    stream = io.BytesIO(csv_bytes(rows, **options))
    return import_registry(read_registry(stream), council, dependencies.professionals())


def test_a_windows_1252_file_with_commas_is_imported_and_a_second_run_changes_nothing(
    tables, council
) -> None:
    rows = [
        registry_row(name="Conceição Araújo"),
        registry_row(document="08667638137", registration_number="2-T", uf="ZZ"),
    ]

    first = import_rows(rows, council, delimiter=",", encoding="cp1252")
    second = import_rows(rows, council, delimiter=",", encoding="cp1252")

    assert str(first) == "imported 1, unchanged 0, rejected 1"
    assert str(second) == "imported 0, unchanged 1, rejected 1"
    stored = dependencies.professionals().get("52998224725")
    assert stored.data.personal.name == "Conceição Araújo"
