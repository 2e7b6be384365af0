"""CSV cells a spreadsheet would run as formulas are shown as text (OWASP, CSV injection)."""

from __future__ import annotations

import pytest

from chalicelib.services.spreadsheets import SpreadsheetCsv, safe_cell


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+55 11 98765-4321", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", '=HYPERLINK("x")'],
)
def test_a_cell_that_would_start_a_formula_is_shown_as_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"),
    [("Maria da Silva", "Maria da Silva"), ("a=b", "a=b"), (None, ""), (12, "12")],
)
def test_every_other_cell_is_left_as_it_is(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


def test_rows_are_semicolon_separated_crlf_and_safe() -> None:
    sheet = SpreadsheetCsv()

    sheet.row(["protocolo", "=cmd|' /C calc'!A0", "a;b"])

    assert sheet.take() == "protocolo;'=cmd|' /C calc'!A0;\"a;b\"\r\n"
    assert sheet.take() == ""
