import pytest

from chalicelib.domain.change_requests import (
    Attachment,
    RequestKind,
    check_can_change,
    check_proofs,
    proposed_data,
)
from chalicelib.domain.errors import Conflict, InvalidInput, RejectedAttachment
from chalicelib.domain.professional import ProfessionalStatus
from chalicelib.domain.protocol import ALPHABET, new_protocol, normalize_protocol
from chalicelib.domain.registry import professional_from_row
from chalicelib.domain.uploads import check_upload, clean_filename, real_type_allowed
from tests.conftest import registry_row


@pytest.fixture
def ana(council):
    return professional_from_row(registry_row(), council)


def test_a_protocol_reads_back_however_it_is_typed() -> None:
    protocol = new_protocol()

    assert len(protocol) == 11 and protocol[5] == "-"
    assert normalize_protocol(protocol.lower().replace("-", " ")) == protocol


def test_one_mistyped_character_is_always_caught() -> None:
    protocol = new_protocol().replace("-", "")
    for position in range(len(protocol)):
        for character in ALPHABET:
            if character != protocol[position]:
                typo = protocol[:position] + character + protocol[position + 1 :]
                assert normalize_protocol(typo) is None, typo


def test_letters_people_confuse_with_digits_are_read_as_digits() -> None:
    protocol = new_protocol()
    confusable = protocol.replace("0", "O").replace("1", "I")

    assert normalize_protocol(confusable) == protocol


def test_protocols_are_not_predictable() -> None:
    assert len({new_protocol() for _ in range(1000)}) == 1000


def test_a_change_keeps_what_it_does_not_name_and_clears_what_is_null(ana) -> None:
    current, changes, data = proposed_data(
        ana, "address", {"street": "Rua Augusta", "complement": None}
    )

    assert current["street"] == "Avenida Paulista"
    assert changes == {"street": "Rua Augusta", "complement": None}
    assert (data.address.street, data.address.number, data.address.complement) == (
        "Rua Augusta",
        "1000",
        None,
    )


def test_a_required_field_cannot_be_cleared(ana) -> None:
    with pytest.raises(InvalidInput) as error:
        proposed_data(ana, "personal", {"name": None})

    assert error.value.fields == {"changes.name": "Campo obrigatório."}


def test_changes_equal_to_the_data_on_file_are_no_change(ana) -> None:
    with pytest.raises(InvalidInput) as error:
        proposed_data(ana, "address", {"cep": "01310-100"})

    assert error.value.fields == {"changes": "Os valores informados são iguais aos do cadastro."}


def test_an_open_group_or_a_locked_one_cannot_take_another_request(ana) -> None:
    waiting = ana.opened("address")
    in_production = ana.model_copy(update={"status": ProfessionalStatus.CARD_IN_PRODUCTION})

    with pytest.raises(Conflict, match="open_request_exists"):
        check_can_change(waiting, "address")
    with pytest.raises(Conflict, match="group_locked"):
        check_can_change(in_production, "documents")
    check_can_change(in_production, "address")


def test_the_campaign_status_follows_open_and_approved_requests(ana) -> None:
    opened = ana.opened("address")
    approved = opened.approved("address")
    card = ana.model_copy(update={"status": ProfessionalStatus.CARD_REQUESTED})

    assert opened.status == ProfessionalStatus.IN_PROGRESS and not opened.needs_action
    # An approval alone concludes nothing: what is left is to confirm, and she is reminded
    assert (approved.status, approved.confirmed) == (ProfessionalStatus.IN_PROGRESS, False)
    assert approved.needs_action and not approved.concluded
    assert opened.rejected("address").status == ProfessionalStatus.NOT_STARTED
    assert opened.cancelled("address").status == ProfessionalStatus.NOT_STARTED
    assert card.opened("address").status == ProfessionalStatus.CARD_REQUESTED


def test_a_group_is_open_from_its_request_until_it_closes(ana) -> None:
    both = ana.opened("address").opened("phones")

    one_closed = both.cancelled("address")

    assert both.open_groups == {"address", "phones"}
    assert one_closed.open_groups == {"phones"}
    assert one_closed.status == ProfessionalStatus.IN_PROGRESS


def test_a_confirmation_concludes_once_the_last_open_request_is_approved(ana) -> None:
    confirmed = ana.opened("address").opened("phones").confirmed_without_change()

    one_left = confirmed.approved("address")
    concluded = one_left.approved("phones")

    assert confirmed.confirmed and not confirmed.concluded
    assert one_left.status == ProfessionalStatus.IN_PROGRESS and not one_left.concluded
    assert concluded.concluded and concluded.status == ProfessionalStatus.UPDATED
    assert concluded.approved_groups == {"address", "phones"} and not concluded.needs_action


def test_a_return_or_a_rejection_takes_the_confirmation_back(ana) -> None:
    confirmed = ana.opened("address").opened("phones").confirmed_without_change()

    returned = confirmed.returned()
    rejected = confirmed.rejected("address")
    cancelled = confirmed.cancelled("address")

    assert (returned.confirmed, returned.open_groups) == (False, {"address", "phones"})
    assert not rejected.confirmed and not rejected.approved("phones").concluded
    # Withdrawing a request is the professional's own act: the confirmation stands
    assert cancelled.confirmed and cancelled.approved("phones").concluded


def test_an_approved_address_change_proves_the_address(ana) -> None:
    assert not ana.address_proven
    assert not ana.opened("phones").approved("phones").address_proven
    assert ana.opened("address").approved("address").address_proven
    assert not ana.opened("address").rejected("address").address_proven


def test_a_no_change_declaration_confirms_at_once_and_keeps_open_groups(ana) -> None:
    declared = ana.confirmed_without_change()
    while_open = ana.opened("address").confirmed_without_change()

    assert (declared.confirmed, declared.status) == (True, ProfessionalStatus.UPDATED)
    assert declared.open_groups == frozenset()
    assert while_open.open_groups == {"address"}
    assert while_open.status == ProfessionalStatus.IN_PROGRESS


def test_transitions_leave_the_version_read_and_the_card_status_alone(ana) -> None:
    shipped = ana.model_copy(update={"status": ProfessionalStatus.CARD_SHIPPED, "version": 7})

    after = shipped.opened("address").approved("address")

    assert (after.status, after.version) == (ProfessionalStatus.CARD_SHIPPED, 7)


def attachment(kind: str) -> Attachment:
    return Attachment(
        upload_id="u", filename="f.pdf", kind=kind, content_type="application/pdf", size=1
    )


def test_each_group_needs_its_proof() -> None:
    check_proofs(RequestKind.CHANGE, "personal", [attachment("civil_certificate")])
    check_proofs(RequestKind.NO_CHANGE, None, [attachment("other"), attachment("proof_of_address")])

    with pytest.raises(RejectedAttachment, match="proof_required"):
        check_proofs(RequestKind.CHANGE, "documents", [attachment("civil_certificate")])
    with pytest.raises(RejectedAttachment, match="proof_required"):
        check_proofs(RequestKind.NO_CHANGE, None, [])


def test_the_confirmation_needs_no_proof_of_address_once_an_address_change_proved_it() -> None:
    check_proofs(RequestKind.NO_CHANGE, None, [], address_proven=True)

    # The waiver is the confirmation's alone: a change still needs its proof
    with pytest.raises(RejectedAttachment, match="proof_required"):
        check_proofs(RequestKind.CHANGE, "phones", [], address_proven=True)


def test_upload_names_lose_paths_and_control_characters() -> None:
    assert clean_filename("C:\\Users\\ana\\conta\x00 de luz.pdf") == "conta de luz.pdf"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert len(clean_filename("a" * 300 + ".pdf")) == 120
    assert clean_filename("a" * 300 + ".pdf").endswith(".pdf")


def test_declared_types_and_real_types_come_from_one_allow_list() -> None:
    assert check_upload("Application/PDF; charset=binary", 10, "other") == (
        "application/pdf",
        10,
        "other",
    )
    assert real_type_allowed("image/heic") == "image/heic"
    assert real_type_allowed("application/x-ole-storage") == "application/msword"
    for refused in ("text/html", "image/svg+xml", "application/zip", "application/x-dosexec"):
        assert real_type_allowed(refused) is None
