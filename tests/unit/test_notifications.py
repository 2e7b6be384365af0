"""E-mails from the requests stream, on fakes: the receipt of each submission (a change, a
confirmation, a resubmission) and the e-mail of an approved change."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.domain.audit import professional_subject
from chalicelib.domain.change_requests import HistoryEntry, Request, RequestKind, RequestStatus
from chalicelib.domain.professional import Professional
from chalicelib.domain.registry import professional_from_row
from chalicelib.services.notifications import notify_request_changes
from chalicelib.services.ports import Change, Notifications, Outbox
from tests.conftest import registry_row
from tests.fakes import FakeMailer, FakeOnce, InMemoryProfessionalRepository, InMemorySubjectLog

ANA = "52998224725"
NOW = datetime(2026, 11, 22, 1, 31, tzinfo=UTC)
# 01:30 UTC on the 22nd is still the evening of the 21st in Brasília.
SUBMITTED = "2026-11-22T01:30:00Z"
PORTAL = "https://recadastro.example.org/"


class Reviewers:
    """The staff directory, as far as these e-mails use it."""

    def emails_of_group(self, group: str) -> list[str]:
        return [f"revisor-{group}@example.org"]


class Mailroom:
    """The notifications bundle on fakes, and what the professional received."""

    def __init__(self, council: Any, professional: Professional) -> None:
        self.professionals = InMemoryProfessionalRepository()
        self.professionals.add_new([professional])
        self.mailer = FakeMailer()
        self.log = InMemorySubjectLog()
        self.bundle = Notifications(
            council, Reviewers(), self.professionals,  # type: ignore[arg-type]
            Outbox(self.mailer, self.log), FakeOnce(), council.campaign,
            f"{PORTAL}admin/", PORTAL,
        )  # fmt: skip

    def deliver(self, *changes: Change[Request]) -> None:
        notify_request_changes(list(changes), self.bundle, NOW)

    def to_professional(self) -> list[dict[str, Any]]:
        return [
            message for message in self.mailer.sent if message["to"] == ["ana.souza@example.org"]
        ]


@pytest.fixture
def mailroom(council) -> Mailroom:
    return Mailroom(council, professional_from_row(registry_row(), council))


def request(**update: Any) -> Request:
    """Ana's address change, just submitted."""
    values: dict[str, Any] = {
        "id": "2026-000123", "protocol": "2026-000123", "document": ANA, "region": "SP",
        "kind": RequestKind.CHANGE, "group": "address", "status": RequestStatus.IN_REVIEW,
        "created_at": SUBMITTED, "updated_at": SUBMITTED,
    }  # fmt: skip
    return Request(**(values | update))


def change(old: Request | None, new: Request, number: int = 1) -> Change[Request]:
    return Change(f"event-{number}", f"{number:05d}", old, new)


def test_a_change_is_receipted_with_its_protocol_group_date_and_link(mailroom) -> None:
    mailroom.deliver(change(None, request()))

    [receipt] = mailroom.to_professional()
    assert receipt["subject"] == "Recebemos sua solicitação 2026-000123"
    assert "Protocolo: 2026-000123" in receipt["text"]
    assert "alteração de endereço" in receipt["text"]
    assert "Data: 21/11/2026" in receipt["text"]
    assert "em análise" in receipt["text"]
    assert f"costuma levar até {mailroom.bundle.campaign.stall_days} dias" in receipt["text"]
    assert "só é concluído quando você confirmar que seus dados estão corretos" in receipt["text"]
    assert f"{PORTAL}#/solicitacoes/2026-000123" in receipt["text"]
    [logged] = mailroom.log.deliveries(professional_subject(ANA))
    assert (logged.template, logged.status) == ("request_received", "sent")


def test_the_receipt_of_a_change_after_confirming_says_it_concludes_on_approval(council) -> None:
    ana = professional_from_row(registry_row(), council).model_copy(update={"confirmed": True})
    mailroom = Mailroom(council, ana)

    mailroom.deliver(change(None, request()))

    [receipt] = mailroom.to_professional()
    assert "Você já confirmou seus dados" in receipt["text"]
    assert "só é concluído quando você confirmar" not in receipt["text"]


def test_a_confirmation_is_receipted_as_a_confirmation_of_the_data(mailroom) -> None:
    confirmation = request(
        id="2026-000124", protocol="2026-000124", kind=RequestKind.NO_CHANGE, group=None,
        status=RequestStatus.APPROVED,
    )  # fmt: skip

    mailroom.deliver(change(None, confirmation))

    [receipt] = mailroom.to_professional()
    assert receipt["subject"] == "Recebemos sua confirmação dos dados — protocolo 2026-000124"
    assert "Assunto: confirmação dos dados" in receipt["text"]
    assert "Data: 21/11/2026" in receipt["text"]
    assert "Sua confirmação foi registrada" in receipt["text"]
    assert "foi aprovada" not in receipt["text"]


def test_a_resubmission_is_receipted_with_the_day_it_was_sent_again(mailroom) -> None:
    returned = request(status=RequestStatus.RETURNED, version=2, reason="Conta de luz inteira.")
    resubmitted = returned.then(
        "2026-11-25T13:00:00Z", "professional", "resubmitted", status=RequestStatus.IN_REVIEW
    )

    mailroom.deliver(change(request(), returned, 1), change(returned, resubmitted, 2))

    receipts = [m for m in mailroom.to_professional() if m["subject"].startswith("Recebemos")]
    assert [m["subject"] for m in receipts] == [
        "Recebemos o reenvio da sua solicitação 2026-000123"
    ]
    assert "Data: 25/11/2026" in receipts[0]["text"]
    assert "alteração de endereço" in receipts[0]["text"]


def test_a_redelivered_batch_sends_no_receipt_twice(mailroom) -> None:
    returned = request(status=RequestStatus.RETURNED, version=2)
    resubmitted = returned.then(
        "2026-11-25T13:00:00Z", "professional", "resubmitted", status=RequestStatus.IN_REVIEW
    )
    batch = [change(None, request(), 1), change(returned, resubmitted, 2)]

    mailroom.deliver(*batch)
    mailroom.deliver(*batch)

    receipts = [m for m in mailroom.to_professional() if m["subject"].startswith("Recebemos")]
    assert len(receipts) == 2


def test_a_failed_receipt_is_sent_when_the_batch_comes_again(mailroom) -> None:
    mailroom.mailer.fail_after = 1  # the reviewers' e-mail goes, the receipt fails

    with pytest.raises(RuntimeError):
        mailroom.deliver(change(None, request()))
    mailroom.mailer.fail_after = None
    mailroom.deliver(change(None, request()))

    assert [m["subject"] for m in mailroom.to_professional()] == [
        "Recebemos sua solicitação 2026-000123"
    ]
    statuses = [d.status for d in mailroom.log.deliveries(professional_subject(ANA))]
    assert sorted(statuses) == ["failed", "sent"]


def test_a_professional_with_no_email_on_file_gets_no_receipt(council) -> None:
    ana = professional_from_row(registry_row(), council)
    mailroom = Mailroom(
        council, ana.model_copy(update={"data": ana.data.model_copy(update={"emails": []})})
    )

    mailroom.deliver(change(None, request()))

    assert [m["subject"] for m in mailroom.mailer.sent] == [
        "Novas solicitações para análise — Região São Paulo"
    ]
    assert mailroom.log.deliveries(professional_subject(ANA)) == []


def test_an_approved_change_asks_an_unconfirmed_professional_to_confirm(mailroom) -> None:
    approved = request(status=RequestStatus.APPROVED, version=2)

    mailroom.deliver(change(request(), approved))

    [message] = mailroom.to_professional()
    assert message["subject"] == "Sua alteração foi aprovada — protocolo 2026-000123"
    assert "Sua alteração foi aprovada" in message["text"]
    assert "Confirmo que meus dados estão corretos" in message["text"]
    assert f"{PORTAL}#/dados" in message["text"]


def test_an_approved_change_of_a_professional_who_confirmed_asks_nothing_more(council) -> None:
    confirmed = professional_from_row(registry_row(), council).confirmed_without_change()
    mailroom = Mailroom(council, confirmed)

    mailroom.deliver(change(request(), request(status=RequestStatus.APPROVED, version=2)))

    [message] = mailroom.to_professional()
    assert message["subject"] == "Sua alteração foi aprovada — protocolo 2026-000123"
    assert "Confirmo que meus dados estão corretos" not in message["text"]
    assert "já está registrada" in message["text"]


def test_returned_and_rejected_e_mails_say_why_and_to_confirm_again(mailroom) -> None:
    returned = request(status=RequestStatus.RETURNED, version=2, reason="Envie a conta inteira.")
    rejected = request(
        id="2026-000125", protocol="2026-000125", status=RequestStatus.REJECTED, version=2,
        reason="Documento ilegível.",
    )  # fmt: skip
    old_rejected = rejected.model_copy(update={"status": RequestStatus.IN_REVIEW, "version": 1})

    mailroom.deliver(change(request(), returned, 1), change(old_rejected, rejected, 2))

    subjects = [m["subject"] for m in mailroom.to_professional()]
    assert subjects == [
        "Sua solicitação 2026-000123 precisa de complementação",
        "Sua solicitação 2026-000125 não foi aprovada",
    ]
    for message in mailroom.to_professional():  # a confirmation made before is undone: say so
        assert "se você já tinha confirmado, confirme de novo" in message["text"]


def test_an_email_taken_from_govbr_tells_the_old_address_and_sends_no_receipt(mailroom) -> None:
    taken = request(
        id="2026-000126", protocol="2026-000126", group="emails", status=RequestStatus.APPROVED,
        current={"emails": [{"type": "pessoal", "address": "ana.souza@example.org"}]},
        changes={"emails": [{"type": "pessoal", "address": "ana.nova@example.org"}]},
        history=[HistoryEntry(at=SUBMITTED, actor="profissional", action="submitted",
                              method="govbr", level="silver")],
    )  # fmt: skip

    mailroom.deliver(change(None, taken))

    [notice] = mailroom.mailer.sent
    assert notice["to"] == ["ana.souza@example.org"]
    assert notice["subject"] == "O e-mail de contato do seu recadastramento foi trocado"
    assert "a***@example.org" in notice["text"] and "nível prata" in notice["text"]
    assert "ana.nova@example.org" not in notice["text"]  # masked: the old box may be someone else's


def test_an_approved_recovery_tells_the_new_address_and_the_old_one(mailroom) -> None:
    recovery = request(
        id="2026-000127", protocol="2026-000127", kind=RequestKind.ACCESS_RECOVERY, group=None,
        current={"emails": [{"type": "pessoal", "address": "ana.souza@example.org"}]},
        recovery={"new_email": "ana.nova@example.org", "answers": {}},
    )  # fmt: skip
    approved = recovery.model_copy(update={"status": RequestStatus.APPROVED, "version": 2})

    mailroom.deliver(change(recovery, approved))

    sent = {message["to"][0]: message for message in mailroom.mailer.sent}
    assert sent["ana.nova@example.org"]["subject"].startswith("Seu acesso ao recadastramento foi")
    old = sent["ana.souza@example.org"]
    assert old["subject"] == "O e-mail de acesso ao seu recadastramento foi trocado"
    assert "a***@example.org" in old["text"] and "2026-000127" in old["text"]


def test_a_rejected_recovery_tells_only_the_new_address_why(mailroom) -> None:
    recovery = request(
        id="2026-000128", protocol="2026-000128", kind=RequestKind.ACCESS_RECOVERY, group=None,
        recovery={"new_email": "ana.nova@example.org", "answers": {}},
    )  # fmt: skip
    rejected = recovery.model_copy(
        update={"status": RequestStatus.REJECTED, "version": 2, "reason": "Foto ilegível."}
    )

    mailroom.deliver(change(recovery, rejected))

    [message] = mailroom.mailer.sent
    assert message["to"] == ["ana.nova@example.org"]
    assert (
        "Foto ilegível." in message["text"] and "fotos enviadas foram apagadas" in message["text"]
    )


def test_a_confirmation_entered_at_the_counter_is_receipted_and_decided_as_one(mailroom) -> None:
    entered = request(
        id="2026-000129", protocol="2026-000129", kind=RequestKind.NO_CHANGE, group=None,
        channel="counter", entered_by="revisor.sp",
    )  # fmt: skip
    approved = entered.model_copy(update={"status": RequestStatus.APPROVED, "version": 2})

    mailroom.deliver(change(None, entered, 1), change(entered, approved, 2))

    receipt, decision = mailroom.to_professional()
    assert "A sua regional registrou a sua confirmação" in receipt["text"]
    assert decision["subject"] == "Sua confirmação dos dados foi aprovada — protocolo 2026-000129"
    assert "alteração" not in decision["text"] and "()" not in decision["text"]
