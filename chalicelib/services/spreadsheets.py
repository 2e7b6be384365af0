"""CSV files that people open in a spreadsheet (Excel, LibreOffice Calc)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text that a spreadsheet shows and never runs: a cell that would start a
    formula (`=HYPERLINK(...)` in a mother's name) gets a leading apostrophe, which spreadsheets
    take as "this is text"."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class SpreadsheetCsv:
    """Rows as the councils' legacy systems and spreadsheets take them: `;`-separated, CRLF,
    every cell made safe. `take()` hands over what was written since the last call."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=";", lineterminator="\r\n")

    def row(self, cells: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in cells])

    def take(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text
