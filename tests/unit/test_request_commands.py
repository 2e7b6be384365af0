"""Request bodies read into commands at the edge: the same refusals, field by field and in the
same order, the API has always given."""

from __future__ import annotations

import pytest

from chalicelib.domain.change_requests import RequestKind, RequestStatus
from chalicelib.domain.errors import InvalidInput, RejectedAttachment
from chalicelib.domain.request_commands import (
    DecisionCommand,
    ResubmitCommand,
    SubmitCommand,
    UploadCommand,
)

ID = "a" * 32


def fields_of(parse, body: dict) -> dict[str, str]:
    with pytest.raises(InvalidInput) as error:
        parse(body)
    return error.value.fields


def test_a_change_is_read_with_its_group_changes_note_and_uploads() -> None:
    body = {
        "kind": "change",
        "group": "address",
        "changes": {"street": "Rua Augusta"},
        "note": "  mudei  ",
        "upload_ids": [ID, ID],
    }

    command = SubmitCommand.from_body(body)

    assert command == SubmitCommand(
        RequestKind.CHANGE, "mudei", "address", {"street": "Rua Augusta"}, (ID,)
    )


def test_a_no_change_declaration_ignores_group_and_changes() -> None:
    body = {"kind": "no_change", "group": "shoes", "changes": 5}

    assert SubmitCommand.from_body(body) == SubmitCommand(RequestKind.NO_CHANGE)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "maybe", "note": 5, "group": "shoes"}, "kind"),
        ({"kind": "access_recovery", "upload_ids": []}, "kind"),  # its own route only
        ({"kind": "change", "note": "x" * 1001, "group": "shoes"}, "note"),
        ({"kind": "change", "group": "shoes", "changes": {}}, "group"),
        ({"kind": "change", "group": "address", "changes": [], "upload_ids": 5}, "changes"),
        ({"kind": "change", "group": "address", "changes": {"a": 1}, "upload_ids": [{}]}, "upload_ids"),
    ],
)  # fmt: skip
def test_a_submission_with_several_faults_answers_for_the_first(body: dict, field: str) -> None:
    assert list(fields_of(SubmitCommand.from_body, body)) == [field]


def test_more_than_ten_different_uploads_are_refused() -> None:
    ids = [f"{n:032x}" for n in range(11)]

    with pytest.raises(RejectedAttachment) as error:
        SubmitCommand.from_body({"kind": "no_change", "upload_ids": ids})

    assert error.value.key == "too_many_attachments"
    assert SubmitCommand.from_body({"kind": "no_change", "upload_ids": ids[:10] + ids[:1]})


def test_a_resubmission_names_only_what_it_replaces() -> None:
    keep = ResubmitCommand.from_body({})
    clear = ResubmitCommand.from_body({"note": None})
    replace = ResubmitCommand.from_body({"note": " nova ", "changes": {"number": "1500"}})

    assert (keep.note_after("antiga"), keep.changes, keep.upload_ids) == ("antiga", None, ())
    assert clear.note_after("antiga") is None
    assert (replace.note_after("antiga"), replace.changes) == ("nova", {"number": "1500"})


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"changes": {}, "note": 5, "upload_ids": 5}, "changes"),
        ({"note": 5, "upload_ids": 5}, "note"),
        ({"upload_ids": "abc"}, "upload_ids"),
    ],
)
def test_a_resubmission_with_several_faults_answers_for_the_first(body: dict, field: str) -> None:
    assert list(fields_of(ResubmitCommand.from_body, body)) == [field]


def test_a_decision_is_read_with_its_status_and_action() -> None:
    command = DecisionCommand.from_body({"decision": "return", "reason": " ok ", "version": 3})

    assert (command.status, command.action, command.reason, command.version) == (
        RequestStatus.RETURNED,
        "returned",
        "ok",
        3,
    )
    assert DecisionCommand.from_body({"decision": "approve", "version": 1}).reason is None


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"decision": ["approve"], "version": "x"}, {"decision": "Decisão inválida: use approve, reject ou return."}),
        ({"decision": "reject", "version": "x"}, {"reason": "Campo obrigatório."}),
        ({"decision": "approve", "reason": 5, "version": 1}, {"reason": "Informe um texto."}),
        ({"decision": "approve", "version": True}, {"version": "Informe a versão (número inteiro) da solicitação que você analisou."}),
    ],
)  # fmt: skip
def test_a_decision_with_faults_answers_for_the_first(body: dict, fields: dict) -> None:
    assert fields_of(DecisionCommand.from_body, body) == fields


def test_an_upload_is_read_with_its_name_cleaned_and_its_type_lowered() -> None:
    body = {
        "filename": "C:\\fotos\\conta.PDF",
        "content_type": "Application/PDF; charset=binary",
        "size": 10,
        "kind": "proof_of_address",
    }

    assert UploadCommand.from_body(body) == UploadCommand(
        "conta.PDF", "application/pdf", 10, "proof_of_address"
    )


def test_an_upload_names_its_name_first_then_every_other_field_at_fault() -> None:
    wrong = {"content_type": "application/x-msdownload", "size": 0, "kind": "selfie"}

    assert list(fields_of(UploadCommand.from_body, wrong | {"filename": ""})) == ["filename"]
    assert list(fields_of(UploadCommand.from_body, wrong | {"filename": "a.pdf"})) == [
        "content_type",
        "size",
        "kind",
    ]
