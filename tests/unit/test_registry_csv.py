import io

import pytest

from chalicelib.adapters.registry_csv import read_registry
from chalicelib.domain.errors import InvalidInput


def rows(text: bytes) -> list[tuple[int, dict[str, str]]]:
    return list(read_registry(io.BytesIO(text)))


HEADER = "document;registration_number;region;name;email"


def test_semicolons_and_utf8_with_bom() -> None:
    data = ("\ufeff" + HEADER + "\n52998224725;1-T;SP;João Conceição;j@example.org\n").encode()

    assert rows(data) == [
        (2, {"document": "52998224725", "registration_number": "1-T", "region": "SP",
             "name": "João Conceição", "email": "j@example.org"}),
    ]  # fmt: skip


def test_commas_and_windows_1252() -> None:
    data = (
        HEADER.replace(";", ",") + "\r\n52998224725,1-T,SP,João Conceição,j@example.org\r\n"
    ).encode("cp1252")

    assert rows(data)[0][1]["name"] == "João Conceição"


def test_line_numbers_count_blank_lines_and_quoted_line_breaks() -> None:
    data = (
        HEADER + "\n"
        "1;1-T;SP;Ana;a@example.org\n"
        "\n"
        '2;2-T;SP;"Bia\nde Souza";b@example.org\n'
        "3;3-T;SP;Cid;c@example.org\n"
    ).encode()

    assert [line for line, _ in rows(data)] == [2, 4, 6]


def test_the_header_names_are_case_and_space_insensitive() -> None:
    data = b" Document ; REGISTRATION_NUMBER;region;name;email\n1;1-T;SP;Ana;a@example.org\n"

    assert rows(data)[0][1]["document"] == "1"


def test_a_header_without_the_required_columns_is_refused_before_any_row() -> None:
    with pytest.raises(InvalidInput) as error:
        rows(b"cpf;nome\n1;Ana\n")

    assert "document, registration_number, region, name, email" in error.value.message


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(InvalidInput, match="empty_file"):
        rows(b"")


def test_progress_counts_every_byte_read() -> None:
    data = (HEADER + "\n1;1-T;SP;Ana;a@example.org\n").encode()
    seen: list[int] = []

    list(read_registry(io.BytesIO(data), on_bytes=seen.append))

    assert sum(seen) == len(data)
