"""Concluding is the professional's act, in the browser on the running local stack: an approved
change alone orders nothing and the page still asks them to confirm; a confirmation with a
request open waits for it and concludes when it is approved (the card follows); a request
returned after the confirmation holds the conclusion back until they confirm again; each
submission's receipt reaches their e-mail with its protocol, and the page says how long the
review usually takes. Reviewers decide through the API. Every screen passes axe-core and is
saved at 360 px and 1366×768.

A module of its own: its local stack counts the sign-in codes of the browser's one address
(10 a minute); this module asks for three."""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from chalicelib.services.emails import SUBJECTS
from tests.e2e.conftest import LocalStack, get
from tests.e2e.test_professional_journey import call, demo_professional, sign_in, upload
from tests.e2e.test_staff_journey import reviewer_of, staff_sign_in
from tests.e2e.test_web_professional import (
    PROTOCOL,
    WAIT,
    above_the_fold,
    ask_to_change,
    heading,
    inspect,
    open_group,
    open_site,
    page_token,
    sign_in_on_page,
    size_shown,
)
from tests.integration.api import PDF, PNG

pytestmark = pytest.mark.e2e

CONFIRM = "Confirmo que meus dados estão corretos"


def open_signed_in(page: Page, stack: LocalStack, token: str) -> None:
    """The site on "Meus dados" with a session opened through the API (no second sign-in code)."""
    open_site(page, stack, "#/entrar")
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    page.evaluate(
        "token => sessionStorage.setItem('recadastro.sessao', JSON.stringify("
        "{token: token, expires_at: '2999-01-01T00:00:00Z'}))",
        token,
    )
    open_site(page, stack, "#/dados")
    expect(heading(page, "Meus dados")).to_be_visible(timeout=WAIT)


def ask_for_address(stack: LocalStack, token: str, street: str) -> dict[str, Any]:
    upload_id = upload(stack, token, PDF, "comprovante.pdf")
    status, created = call(
        "POST",
        stack.api("/me/requests"),
        {
            "kind": "change",
            "group": "address",
            "changes": {"street": street},
            "upload_ids": [upload_id],
        },
        token,
    )
    assert status == 201, created
    return dict(created)


def decide(
    stack: LocalStack, region: str, request_id: str, decision: str, reason: str | None = None
) -> None:
    """The region's reviewer claims the request and decides it."""
    token = staff_sign_in(stack, reviewer_of(region))["token"]
    status, claimed = call("POST", stack.api(f"/staff/requests/{request_id}/claim"), token=token)
    assert status == 200, claimed
    body: dict[str, Any] = {"decision": decision, "version": claimed["version"]}
    if reason:
        body["reason"] = reason
    status, decided = call("POST", stack.api(f"/staff/requests/{request_id}/decision"), body, token)
    assert status == 200, decided


def me(stack: LocalStack, token: str) -> dict[str, Any]:
    status, answer = call("GET", stack.api("/me"), token=token)
    assert status == 200, answer
    return dict(answer)


def mail_to(stack: LocalStack, address: str, subject: str) -> dict[str, Any]:
    """The e-mail with that subject to that address, waited for (the stream sends it)."""
    deadline = time.monotonic() + WAIT / 1000
    while True:
        status, outbox, _ = get(stack.api("/_dev/outbox"))
        assert status == 200, outbox
        found = [m for m in outbox if address in m["to"] and m["subject"] == subject]
        if found:
            return dict(found[-1])
        if time.monotonic() > deadline:
            subjects = [m["subject"] for m in outbox if address in m["to"]]
            pytest.fail(f"no e-mail {subject!r} to {address}; there were {subjects}")
        time.sleep(0.3)


def summary(page: Page) -> Any:
    """The summary on top of "Meus dados" (the region named by its heading)."""
    return page.locator("section.summary")


def test_an_approved_change_without_confirmation_orders_nothing_and_the_page_asks_to_confirm(
    stack: LocalStack, phone: Page, tmp_path: Path
) -> None:
    # Given a professional who asks for an address change on the site
    page = phone
    professional = demo_professional(50)
    _, campaign, _ = get(stack.api("/campaign"))
    sign_in_on_page(page, stack, professional)
    ask_to_change(page, "address")
    expect(heading(page, "Alterar endereço")).to_be_visible(timeout=WAIT)
    page.get_by_label("Logradouro").fill("Rua das Conclusões")
    proof = tmp_path / "comprovante.pdf"
    proof.write_bytes(PDF)
    page.get_by_label("Escolher arquivo").set_input_files(proof)
    expect(page.get_by_role("progressbar", name="Enviado: comprovante.pdf")).to_have_attribute(
        "value", "100", timeout=WAIT
    )
    page.get_by_role("button", name="Enviar solicitação").click()

    # Then the "sent" screen gives the protocol, the receipt, the review time and what is left
    expect(heading(page, "Solicitação enviada")).to_be_visible(timeout=WAIT)
    protocol = page.locator("#protocolo-numero").inner_text().strip()
    assert PROTOCOL.match(protocol), protocol
    content = page.locator("#conteudo")
    expect(content).to_contain_text(
        f"A análise costuma levar até {campaign['review_days']} dias.", timeout=WAIT
    )
    expect(content).to_contain_text("Enviamos um comprovante com o número do protocolo")
    expect(content).to_contain_text(
        "Seu recadastramento só é concluído quando você confirmar seus dados."
    )
    expect(page.get_by_role("link", name=CONFIRM)).to_have_attribute("href", "#/nada-mudou")
    inspect(page, "c01-alteracao-enviada")
    # Reloaded, the screen reads the request and says the same
    page.reload()
    expect(heading(page, "Solicitação enviada")).to_be_visible(timeout=WAIT)
    expect(content).to_contain_text(
        "Seu recadastramento só é concluído quando você confirmar seus dados.", timeout=WAIT
    )
    expect(page.locator("#protocolo-numero")).to_have_text(protocol)

    # And the receipt reaches their e-mail: the protocol, the group and the day
    receipt = mail_to(
        stack,
        professional["email"],
        SUBJECTS["request_received_change"].format(protocol=protocol),
    )
    today = datetime.now(ZoneInfo("America/Sao_Paulo")).strftime("%d/%m/%Y")
    text = re.sub(r"<[^>]+>", "", receipt["text"])  # the outbox may hold the HTML part
    assert f"Protocolo: {protocol}" in text, text
    assert "Assunto: alteração de endereço" in text, text
    assert f"Data: {today}" in text, text
    assert f"A análise costuma levar até {campaign['review_days']} dias" in text, text

    # When a reviewer approves the change
    token = page_token(page)
    status, sent = call("GET", stack.api(f"/me/requests/{protocol}"), token=token)
    assert status == 200, sent
    decide(stack, professional["region"], sent["id"], "approve")

    # Then the page shows the new address and still asks them to confirm; no card is ordered
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Meus dados").click()
    expect(heading(page, "Meus dados")).to_be_visible(timeout=WAIT)
    box = summary(page)
    expect(box.get_by_role("heading")).to_have_text("Recadastramento em andamento", timeout=WAIT)
    expect(box.get_by_role("list", name="O que falta")).to_have_text("Falta confirmar seus dados")
    main_action = box.get_by_role("link", name=CONFIRM)
    assert above_the_fold(page, main_action), "the main action is below the fold"
    expect(page.locator("#grupo-address summary")).to_contain_text("Alteração aprovada")
    expect(open_group(page, "address")).to_contain_text("Rua das Conclusões")
    expect(page.get_by_role("region", name="Sua nova carteira")).to_have_count(0)
    record = me(stack, token)
    assert (record["status"], record["card"], record["confirmed"]) == ("in_progress", None, False)
    inspect(page, "c02-aprovada-sem-confirmar")

    # When they confirm: the approved address change carried its proof, so none is asked
    main_action.click()
    expect(heading(page, "Confirmar meus dados")).to_be_visible(timeout=WAIT)
    expect(page.locator("#conteudo")).to_contain_text(
        "Não é preciso anexar comprovante de endereço", timeout=WAIT
    )
    expect(page.get_by_label("Escolher arquivo")).to_have_count(0)
    inspect(page, "c03-confirmar-sem-comprovante")
    page.get_by_label("Declaro que os dados do meu cadastro estão corretos").check()
    page.get_by_role("button", name=CONFIRM).click()

    # Then, with nothing open, the re-registration is concluded, and the receipt is e-mailed
    expect(heading(page, "Recadastramento concluído")).to_be_visible(timeout=WAIT)
    confirmation = page.locator("#protocolo-numero").inner_text().strip()
    mail_to(
        stack,
        professional["email"],
        SUBJECTS["request_received_confirmation"].format(protocol=confirmation),
    )
    assert me(stack, token)["status"] in ("updated", "card_requested")


def test_a_confirmation_with_a_request_open_concludes_when_the_request_is_approved(
    stack: LocalStack, phone: Page, tmp_path: Path
) -> None:
    # Given a professional with an address change in review
    page = phone
    professional = demo_professional(51)
    token = sign_in(stack, professional)
    request = ask_for_address(stack, token, "Avenida da Espera")
    open_signed_in(page, stack, token)
    box = summary(page)
    todo = box.get_by_role("list", name="O que falta")
    expect(todo).to_contain_text("1 solicitação em análise", timeout=WAIT)
    expect(todo).to_contain_text("Falta confirmar seus dados")

    # When they confirm their data (a proof of address is asked: no address change approved)
    box.get_by_role("link", name=CONFIRM).click()
    expect(heading(page, "Confirmar meus dados")).to_be_visible(timeout=WAIT)
    expect(page.locator("#conteudo")).to_contain_text(
        "Você tem 1 solicitação aberta: seu recadastramento será concluído quando a última for "
        "aprovada.",
        timeout=WAIT,
    )
    # (a photo of the bill, taken with the phone's camera)
    photo = tmp_path / "foto.png"
    photo.write_bytes(PNG)
    page.get_by_label("Tirar foto").set_input_files(photo)
    expect(page.get_by_role("progressbar", name="Enviado: foto.png")).to_have_attribute(
        "value", "100", timeout=WAIT
    )
    expect(page.locator(".files li")).to_contain_text(f"foto.png — {size_shown(len(PNG))}")
    page.get_by_label("com as alterações que pedi").check()
    inspect(page, "c04-confirmar-com-solicitacao-aberta")
    page.get_by_role("button", name=CONFIRM).click()

    # Then the page says the confirmation is recorded and what it waits for
    expect(heading(page, "Confirmação registrada")).to_be_visible(timeout=WAIT)
    expect(page.locator("#conteudo")).to_contain_text(
        "seu recadastramento será concluído quando a última solicitação em análise for aprovada"
    )
    inspect(page, "c05-confirmacao-registrada")
    page.reload()
    expect(heading(page, "Confirmação registrada")).to_be_visible(timeout=WAIT)
    expect(page.locator("#conteudo")).to_contain_text(
        "seu recadastramento será concluído quando a última solicitação em análise for aprovada",
        timeout=WAIT,
    )
    page.get_by_role("link", name="Voltar para Meus dados").click()
    expect(box.get_by_role("heading")).to_have_text(
        "Dados confirmados: falta a análise", timeout=WAIT
    )
    expect(box).to_contain_text(
        "Você já confirmou seus dados. O recadastramento será concluído quando a última "
        "solicitação em análise for aprovada."
    )
    expect(page.get_by_role("link", name=CONFIRM)).to_have_count(0)
    record = me(stack, token)
    assert (record["status"], record["confirmed"], record["card"]) == ("in_progress", True, None)
    inspect(page, "c06-confirmado-aguardando")
    # The confirmation screen, opened again, says so instead of asking twice.
    open_site(page, stack, "#/nada-mudou")
    expect(page.locator("#conteudo .notice")).to_have_text(
        "Você já confirmou seus dados. O recadastramento será concluído quando a última "
        "solicitação em análise for aprovada.",
        timeout=WAIT,
    )
    expect(page.get_by_role("button", name=CONFIRM)).to_have_count(0)
    inspect(page, "c06b-confirmar-ja-confirmado")
    open_site(page, stack, "#/dados")

    # When the reviewer approves the open request
    decide(stack, professional["region"], request["id"], "approve")

    # Then they are concluded and the card is on its way
    for _ in range(60):
        record = me(stack, token)
        if record["card"]:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"no card ordered: {record}")
    page.reload()
    expect(box.get_by_role("heading")).to_have_text("Recadastramento concluído", timeout=WAIT)
    card = page.get_by_role("region", name="Sua nova carteira")
    expect(card).to_contain_text(
        re.compile("Pedido da carteira em preparação|Aguardando o seu cadastro biométrico")
    )
    inspect(page, "c07-concluido-carteira")


def test_a_request_returned_after_the_confirmation_holds_the_conclusion_back(
    stack: LocalStack, phone: Page
) -> None:
    # Given a professional who confirmed their data with an address change in review
    page = phone
    professional = demo_professional(52)
    token = sign_in(stack, professional)
    request = ask_for_address(stack, token, "Rua do Retorno")
    proof = upload(stack, token, PDF, "conta.pdf")
    status, confirmed = call(
        "POST", stack.api("/me/requests"), {"kind": "no_change", "upload_ids": [proof]}, token
    )
    assert status == 201, confirmed
    assert me(stack, token)["confirmed"] is True

    # When the reviewer returns the change for more information
    decide(stack, professional["region"], request["id"], "return", "Envie a conta inteira.")

    # Then the page says they must complete it and confirm again; nothing is concluded
    open_signed_in(page, stack, token)
    box = summary(page)
    expect(box.get_by_role("heading")).to_have_text("Recadastramento em andamento", timeout=WAIT)
    expect(box).to_contain_text(
        "Sua confirmação deixou de valer porque uma solicitação foi devolvida ou recusada."
    )
    todo = box.get_by_role("list", name="O que falta")
    expect(todo).to_contain_text("1 solicitação devolvida: complemente e reenvie")
    expect(todo).to_contain_text("Falta confirmar seus dados")
    fix = box.get_by_role("link", name="Complementar a solicitação")
    expect(fix).to_have_attribute("href", f"#/reenviar/{request['id']}")
    assert above_the_fold(page, fix), "the main action is below the fold"
    expect(box.get_by_role("link", name=CONFIRM)).to_be_visible()
    expect(page.locator("#grupo-address summary")).to_contain_text("Devolvida")
    record = me(stack, token)
    assert (record["status"], record["confirmed"], record["card"]) == ("in_progress", False, None)
    inspect(page, "c08-devolvida-confirmar-de-novo")

    # And the request itself says why and what to do
    open_site(page, stack, f"#/solicitacoes/{request['id']}")
    card = page.locator(".request")
    expect(card.locator(".reason")).to_contain_text("Envie a conta inteira.", timeout=WAIT)
    expect(card).to_contain_text("confirme seus dados de novo")
    expect(
        card.get_by_role("button", name=f"Cancelar solicitação {request['protocol']}")
    ).to_be_visible()
    inspect(page, "c09-solicitacao-devolvida")


def test_dates_and_sizes_are_in_portuguese_whatever_the_browsers_language(
    stack: LocalStack, browser: Any, tmp_path: Path
) -> None:
    # Given a professional whose browser speaks American English, with a request sent
    professional = demo_professional(53)
    token = sign_in(stack, professional)
    request = ask_for_address(stack, token, "Rua do Idioma")
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        open_signed_in(page, stack, token)

        # When they open the request
        open_site(page, stack, f"#/solicitacoes/{request['id']}")

        # Then its dates are written the Brazilian way (06/12/2026, 09:25)
        sent_on = page.locator(".request dd").nth(1)
        expect(sent_on).to_have_text(re.compile(r"^\d{2}/\d{2}/\d{4},? \d{2}:\d{2}$"), timeout=WAIT)

        # And a file's size takes a decimal comma ("1,5 MB")
        open_site(page, stack, "#/alterar/phones")
        expect(heading(page, "Alterar telefones")).to_be_visible(timeout=WAIT)
        scan = tmp_path / "conta-escaneada.pdf"
        scan.write_bytes(PDF + b"%" * (1536 * 1024 - len(PDF)))
        page.get_by_label("Escolher arquivo").set_input_files(scan)
        expect(page.locator(".files li")).to_contain_text(
            "conta-escaneada.pdf — 1,5 MB", timeout=WAIT
        )
        inspect(page, "c10-navegador-em-ingles")
    finally:
        context.close()
    assert errors == [], errors
