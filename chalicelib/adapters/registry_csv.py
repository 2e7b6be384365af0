"""Reads a registry CSV as it comes from legacy systems: `,` or `;`, UTF-8 (BOM or not) or
Windows-1252, one line at a time so memory stays flat whatever the file's size."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from typing import BinaryIO

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.registry import EXTRA_VALUES, missing_columns


def _decode(raw: bytes) -> str:
    # Per line, not per file: an export can be all ASCII for 90,000 lines before its first "ç".
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_registry(
    stream: BinaryIO, on_bytes: Callable[[int], None] = lambda count: None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yields (line number, {column: value}) for each data row; InvalidInput for a bad header."""

    def lines() -> Iterator[str]:
        for raw in stream:
            on_bytes(len(raw))
            yield _decode(raw)

    source = lines()
    first = next(source, "")
    if first.startswith(codecs.BOM_UTF8.decode()):
        first = first[1:]
    if not first.strip():
        raise InvalidInput("empty_file")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = [name.strip().lower() for name in next(csv.reader([first], delimiter=delimiter))]
    missing = missing_columns(header)
    if missing:
        raise InvalidInput("missing_columns", columns=", ".join(missing))

    reader = csv.reader(source, delimiter=delimiter)
    while True:
        # The line a row starts on (a quoted field may span lines); the header came before.
        line = reader.line_num + 2
        values = next(reader, None)
        if values is None:
            return
        if not any(value.strip() for value in values):
            continue
        row = dict(zip(header, values, strict=False))
        if len(values) > len(header):
            row[EXTRA_VALUES] = delimiter.join(values[len(header) :])
        yield line, row
