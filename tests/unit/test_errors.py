"""A bug answers in the API's shape and leaves no personal data in the logs."""

from __future__ import annotations

import logging

import pytest

from chalicelib.api.errors import maps_errors


def test_an_unexpected_error_is_a_500_in_the_error_shape_that_logs_no_personal_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    @maps_errors
    def view() -> None:
        # As a pydantic error quotes its input: what was submitted, in the message.
        raise ValueError("input_value='ana.souza@example.org', phone 11987654321, CPF 52998224725")

    answer = view()

    assert answer.status_code == 500
    assert answer.body == {
        "code": "internal_error",
        "message": "Tivemos um problema interno. Tente novamente em alguns instantes.",
    }
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.getMessage() == "unhandled error"
    assert record.error_type == "ValueError"  # type: ignore[attr-defined]
    assert any("test_errors.py" in frame for frame in record.where)  # type: ignore[attr-defined]
    logged = str(vars(record))
    for secret in ("ana.souza", "11987654321", "52998224725"):
        assert secret not in logged
