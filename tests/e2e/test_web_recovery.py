"""Access recovery in Chromium on the local stack. The professional, on a 360-px phone, goes
from the sign-in screen's "Não tenho mais acesso a este e-mail" through the answers (the birth
date typed as dd/mm/aaaa), the code sent to the new address, the two photos (the selfie with
the front camera) to the protocol, and is never taken for signed in ("Meus dados" does not
show). The reviewer reads the recovery's
answers in words ("confere", "não confere") beside the two photos, and after the decision that
the photos were deleted. Every step passes axe-core (WCAG 2.1 AA) and is saved at 360 px and
at 1366×768."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from chalicelib.services.emails import SUBJECTS
from tests.e2e.browser import check_accessibility, screenshot
from tests.e2e.conftest import LocalStack
from tests.e2e.test_professional_journey import demo_professional
from tests.e2e.test_recovery_journey import NEW_EMAIL, file_recovery, last_mail_code
from tests.e2e.test_staff_journey import reviewer_of, staff_sign_in
from tests.e2e.test_web_admin import open_signed_in
from tests.e2e.test_web_professional import inspect
from tests.integration.api import PNG

pytestmark = pytest.mark.e2e

WAIT = 15_000
PROTOCOL = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")


def birth_typed(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}{month}{year}"  # digits only: the mask adds the slashes


def test_a_professional_asks_for_access_recovery_on_a_phone(stack: LocalStack, phone: Page) -> None:
    professional = demo_professional(7)
    page = phone
    page.goto(stack.url("WEB_PORT", "/#/entrar"))
    page.get_by_role("link", name="Não tenho mais acesso a este e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recuperar o acesso", timeout=WAIT)
    expect(page.get_by_text("As respostas não dão acesso ao cadastro")).to_be_visible()
    inspect(page, "recovery-form")

    # A form sent empty says what is missing, field by field.
    page.get_by_role("button", name="Receber código no novo e-mail").click()
    expect(page.locator("#f-document-erro")).to_be_visible()
    expect(page.locator("#f-birth_date-erro")).to_be_visible()
    inspect(page, "recovery-form-errors")

    page.get_by_label("CPF").fill(professional["document"])
    expect(page.get_by_label("CPF")).to_have_value(re.compile(r"^\d{3}\.\d{3}\.\d{3}-\d{2}$"))
    page.get_by_label("Número de registro no conselho").fill(professional["registration_number"])
    page.get_by_label("Data de nascimento").fill(birth_typed(professional["birth_date"]))
    expect(page.get_by_label("Data de nascimento")).to_have_value(
        re.compile(r"^\d{2}/\d{2}/\d{4}$")
    )
    page.get_by_label("Nome completo da sua mãe").fill(professional["mother_name"])
    page.get_by_label("Novo e-mail", exact=True).fill(NEW_EMAIL)
    page.get_by_label("Repita o novo e-mail").fill(NEW_EMAIL)
    page.get_by_role("button", name="Receber código no novo e-mail").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Digite o código", timeout=WAIT)
    expect(page.get_by_text("n***@example.net")).to_be_visible()
    inspect(page, "recovery-code")
    # A wrong code: the server's message says how many tries are left.
    code = last_mail_code(stack, NEW_EMAIL, SUBJECTS["recovery_code"])
    wrong = "000000" if code != "000000" else "111111"
    page.get_by_label("Código de confirmação").fill(wrong)
    page.get_by_role("button", name="Confirmar código").click()
    expect(page.locator("#f-code-erro")).to_contain_text("tentativa", timeout=WAIT)
    page.get_by_label("Código de confirmação").fill(code)
    page.get_by_role("button", name="Confirmar código").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Envie as fotos", timeout=WAIT)
    # The recovery token is not a session: no "Meus dados", and #/dados asks to sign in.
    expect(page.get_by_role("link", name="Meus dados")).to_have_count(0)
    selfie = page.get_by_label("Foto sua segurando o documento", exact=True)
    assert selfie.get_attribute("capture") == "user"
    assert selfie.get_attribute("accept") == "image/*"
    inspect(page, "recovery-photos")
    # Sent without the photos: each one asked for.
    page.get_by_role("button", name="Enviar pedido").click()
    expect(page.locator("#f-identity_document-erro")).to_have_text("Envie esta foto.")
    page.get_by_label("Foto do documento de identidade", exact=True).set_input_files(
        {"name": "documento.png", "mimeType": "image/png", "buffer": PNG}
    )
    expect(page.get_by_text("Enviada: documento.png")).to_be_visible(timeout=WAIT)
    selfie.set_input_files({"name": "selfie.png", "mimeType": "image/png", "buffer": PNG})
    expect(page.get_by_text("Enviada: selfie.png")).to_be_visible(timeout=WAIT)
    expect(page.locator(".error-summary")).to_be_hidden()
    inspect(page, "recovery-photos-sent")
    page.get_by_role("button", name="Enviar pedido").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pedido enviado", timeout=WAIT)
    protocol = page.locator("#protocolo-numero").inner_text()
    assert PROTOCOL.match(protocol), protocol
    expect(page.get_by_text("As fotos são apagadas assim que a regional decide.")).to_be_visible()
    expect(page.get_by_role("link", name="Acompanhar pelo número do protocolo")).to_have_attribute(
        "href", f"#/protocolo/{protocol}"
    )
    expect(page.get_by_role("link", name="Meus dados")).to_have_count(0)
    inspect(page, "recovery-sent")

    # The recovery token never opened a session: "Meus dados" asks to sign in.
    page.goto(stack.url("WEB_PORT", "/#/dados"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Entrar", timeout=WAIT)

    # A second request while the first is in review is refused, and said plainly.
    page.get_by_role("link", name="Não tenho mais acesso a este e-mail").click()
    answer_the_questions(page, professional)
    expect(page.get_by_role("heading", level=1)).to_have_text("Digite o código", timeout=WAIT)
    page.get_by_label("Código de confirmação").fill(
        last_mail_code(stack, NEW_EMAIL, SUBJECTS["recovery_code"])
    )
    page.get_by_role("button", name="Confirmar código").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Envie as fotos", timeout=WAIT)
    for label, name in (
        ("Foto do documento de identidade", "doc.png"),
        ("Foto sua segurando o documento", "eu.png"),
    ):
        page.get_by_label(label, exact=True).set_input_files(
            {"name": name, "mimeType": "image/png", "buffer": PNG}
        )
        expect(page.get_by_text(f"Enviada: {name}")).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Enviar pedido").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "já tem um pedido de recuperação de acesso em análise", timeout=WAIT
    )
    inspect(page, "recovery-already-open")


def answer_the_questions(page: Page, professional: dict[str, str]) -> None:
    page.get_by_label("CPF").fill(professional["document"])
    page.get_by_label("Número de registro no conselho").fill(professional["registration_number"])
    page.get_by_label("Data de nascimento").fill(birth_typed(professional["birth_date"]))
    page.get_by_label("Nome completo da sua mãe").fill(professional["mother_name"])
    page.get_by_label("Novo e-mail", exact=True).fill(NEW_EMAIL)
    page.get_by_label("Repita o novo e-mail").fill(NEW_EMAIL)
    page.get_by_role("button", name="Receber código no novo e-mail").click()


def test_a_reviewer_reads_the_answers_in_words_beside_the_photos(
    stack: LocalStack, browser: Any
) -> None:
    professional = demo_professional(8)
    protocol = file_recovery(stack, professional, birth_date="1901-01-01")
    reviewer = reviewer_of(professional["region"])
    session = staff_sign_in(stack, reviewer)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="pt-BR")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        # The queue's kind filter keeps the recoveries.
        open_signed_in(page, stack, session, "#/fila")
        page.get_by_label("Tipo").select_option(label="Recuperação de acesso")
        page.get_by_role("button", name="Filtrar").click()
        expect(page).to_have_url(re.compile(r"kind=access_recovery"), timeout=WAIT)
        expect(page.get_by_role("link", name=protocol)).to_be_visible(timeout=WAIT)

        page.get_by_role("link", name=protocol).click()
        expect(page.get_by_text(NEW_EMAIL)).to_be_visible(timeout=WAIT)
        answers = page.locator("table.recovery-answers tbody tr")
        expect(answers).to_have_count(3)
        expect(answers.nth(0)).to_contain_text("Número de registro")
        expect(answers.nth(0).locator("td")).to_have_text("confere")
        expect(answers.nth(1)).to_contain_text("Data de nascimento")
        expect(answers.nth(1).locator("td")).to_have_text("não confere")
        expect(answers.nth(2).locator("td")).to_have_text("confere")
        photos = page.locator(".recovery-photos img")
        expect(photos).to_have_count(2)
        expect(page.get_by_text("Foto segurando o documento:")).to_be_visible()
        first, second = (photos.nth(i).bounding_box() for i in range(2))
        assert first and second and abs(first["y"] - second["y"]) < 2, "the photos are side by side"
        check_accessibility(page, "admin recovery detail")
        screenshot(page, "admin-recovery-detail-1366")
        page.set_viewport_size({"width": 360, "height": 780})
        screenshot(page, "admin-recovery-detail")
        page.set_viewport_size({"width": 1366, "height": 768})

        # Claimed and approved with the decision bar: the photos are gone, and said so at once.
        page.get_by_role("button", name="Assumir").click()
        expect(page.get_by_text("Você assumiu esta solicitação.")).to_be_visible(timeout=WAIT)
        page.get_by_role("button", name="Aprovar").click()
        expect(page.get_by_text(f"Solicitação {protocol} aprovada.")).to_be_visible(timeout=WAIT)
        expect(page.get_by_text("Fotos apagadas após a decisão.")).to_be_visible(timeout=WAIT)
        expect(page.locator(".recovery-photos img")).to_have_count(0)
        expect(page.locator(".history")).to_contain_text("Fotos apagadas")
        # And so after a reload.
        page.reload()
        expect(page.get_by_text("Fotos apagadas após a decisão.")).to_be_visible(timeout=WAIT)
        expect(page.locator(".recovery-photos img")).to_have_count(0)
        expect(page.locator(".history")).to_contain_text("Fotos apagadas")
        check_accessibility(page, "admin recovery decided")
        screenshot(page, "admin-recovery-decided-1366")
    finally:
        context.close()
    assert errors == [], f"script errors on the page: {errors}"
