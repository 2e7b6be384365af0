""" "Entrar com gov.br" on the professionals' site, in Chromium, through the local gov.br simulator:
a person clicks the button, signs in at the simulator's form with their CPF and lands on "Meus
dados" showing how they signed in, with no ticket left in the address bar; "Sair" goes through
gov.br's logout and back, and the old token is refused; each way a gov.br sign-in can fail is
explained on the sign-in screen (cancelled, expired link, identity not confirmed, gov.br
unavailable, a CPF the council does not have, with the regional's contacts); a session ended
elsewhere sends the page back to sign-in saying so; the gov.br e-mail made the contact e-mail at
once; the reviewer reads how a request was sent. Every screen passes axe-core and is saved at
360 px and 1366×768."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from local.client import json_call as call
from tests.attachment_samples import bill
from tests.e2e.browser import check_accessibility, screenshot
from tests.e2e.conftest import LocalStack
from tests.e2e.test_govbr_journey import OUTSIDER_CPF, add_account, govbr_session, simulator
from tests.e2e.test_professional_journey import demo_professional, upload
from tests.e2e.test_staff_journey import NEW_ADDRESS, reviewer_of, staff_sign_in
from tests.e2e.test_web_professional import (
    FIRST_LOAD_LIMIT,
    WAIT,
    heading,
    inspect,
    open_group,
    open_site,
    page_token,
    sign_in_on_page,
)

pytestmark = pytest.mark.e2e

STAFF_SESSION_KEY = "recadastro.equipe.sessao"
CANCELLED = (
    "Você cancelou a entrada no gov.br. Para continuar, entre de novo com gov.br ou receba um "
    "código no e-mail do cadastro."
)
EXPLAINED = {
    "state_invalid": "O link de entrada expirou ou já foi usado. Tente entrar de novo.",
    "token_invalid": "Não conseguimos confirmar sua identidade com o gov.br.",
    "govbr_unavailable": "O gov.br não respondeu agora. Tente de novo em alguns minutos ou "
    "receba um código no e-mail do cadastro.",
}


@pytest.fixture
def mobile(phone: Page) -> Page:
    """The `phone` page of tests/e2e/browser.py (360 px, pt-BR, fails on script errors)."""
    return phone


def govbr_button(page: Page) -> Any:
    return page.get_by_role("button", name="Entrar com gov.br")


def to_govbr(page: Page, stack: LocalStack) -> None:
    """From the sign-in screen, "Entrar com gov.br": the simulator's sign-in form."""
    open_site(page, stack, "#/entrar")
    govbr_button(page).click()
    page.wait_for_url(re.compile("^" + re.escape(simulator(stack, "/authorize"))), timeout=WAIT)
    expect(page.get_by_label("CPF")).to_be_visible()


def govbr_sign_in_on_page(page: Page, stack: LocalStack, cpf: str) -> None:
    to_govbr(page, stack)
    page.get_by_label("CPF").fill(cpf)
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(heading(page, "Meus dados")).to_be_visible(timeout=WAIT)


def identity_card(page: Page) -> Any:
    return page.locator("section.card").filter(has_text="Registro")


def alert(page: Page) -> Any:
    return page.get_by_role("alert")


def address_bar_is_clean(page: Page, stack: LocalStack, route: str) -> None:
    assert page.url == stack.url("WEB_PORT", "/" + route), page.url
    assert "govbr_" not in page.url


def test_a_professional_signs_in_with_govbr_and_out_through_it(
    stack: LocalStack, mobile: Page
) -> None:
    page = mobile
    professional = demo_professional(11)
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))

    open_site(page, stack, "#/entrar")
    expect(govbr_button(page)).to_be_visible(timeout=WAIT)
    page.wait_for_load_state("load")
    static = [
        r for r in responses if r.request.resource_type in ("document", "stylesheet", "script")
    ]
    weight = sum(len(r.body()) for r in static)
    assert 0 < weight <= FIRST_LOAD_LIMIT, f"first load of / is {weight} bytes"
    # gov.br's external sign-in button: white on #1351b4, a pill 40 px high, "gov.br" in bold.
    look = govbr_button(page).evaluate(
        """(button) => { const style = getComputedStyle(button);
          const brand = getComputedStyle(button.querySelector("strong"));
          return [style.backgroundColor, style.color, button.getBoundingClientRect().height,
                  style.borderTopLeftRadius, Number(brand.fontWeight) >= 700]; }"""
    )
    assert look == ["rgb(19, 81, 180)", "rgb(255, 255, 255)", 40, "20px", True]
    expect(page.get_by_text("ou", exact=True)).to_be_visible()
    expect(page.get_by_label("CPF", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Receber código")).to_be_visible()
    inspect(page, "govbr-01-entrar")

    govbr_sign_in_on_page(page, stack, professional["document"])

    expect(page.get_by_text(professional["name"]).first).to_be_visible(timeout=WAIT)
    expect(identity_card(page)).to_contain_text("Entrou com")
    expect(identity_card(page)).to_contain_text("conta gov.br, nível prata")
    address_bar_is_clean(page, stack, "#/dados")
    token = page_token(page)
    status, me = call("GET", stack.api("/me"), token=token)
    assert (status, me["session"]["method"]) == (200, "govbr")
    inspect(page, "govbr-02-dados")

    _, before = call("GET", simulator(stack, "/_sim/logouts"))
    page.get_by_role("button", name="Sair").click()

    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("status").filter(has_text="Você saiu")).to_be_visible()
    _, after = call("GET", simulator(stack, "/_sim/logouts"))
    assert len(after["items"]) == len(before["items"]) + 1
    assert after["items"][-1]["post_logout_redirect_uri"] == stack.url("WEB_PORT", "/")
    status, _ = call("GET", stack.api("/me"), token=token)
    assert status == 401
    assert page.evaluate("sessionStorage.getItem('recadastro.sessao')") is None


def test_cancelling_at_govbr_is_explained_once(stack: LocalStack, mobile: Page) -> None:
    page = mobile
    to_govbr(page, stack)

    page.get_by_role("button", name="Cancelar").click()

    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    expect(alert(page)).to_have_text(CANCELLED)
    address_bar_is_clean(page, stack, "#/entrar")
    expect(govbr_button(page)).to_be_visible()
    inspect(page, "govbr-03-cancelado")
    # The explanation is not in the address: a reload shows the plain screen.
    page.reload()
    expect(govbr_button(page)).to_be_visible(timeout=WAIT)
    expect(alert(page)).to_have_count(0)


def test_a_cpf_the_council_does_not_have_leads_to_the_regional(
    stack: LocalStack, mobile: Page
) -> None:
    page = mobile
    add_account(
        stack, {"document": OUTSIDER_CPF, "name": "Pessoa de Fora", "email": "fora@example.org"}
    )
    _, campaign = call("GET", stack.api("/campaign"))
    region = campaign["regions"][0]
    to_govbr(page, stack)

    page.get_by_label("CPF").fill(OUTSIDER_CPF)
    page.get_by_role("button", name="Entrar", exact=True).click()

    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    expect(alert(page)).to_contain_text("o seu CPF não está no cadastro do conselho")
    address_bar_is_clean(page, stack, "#/entrar")
    help_box = page.get_by_role("region", name="Fale com a sua regional")
    help_box.get_by_label("Sua regional (pelo estado onde você atua)").select_option(region["code"])
    expect(help_box).to_contain_text(region["contacts"]["phone"])
    inspect(page, "govbr-04-fora-do-cadastro")


@pytest.mark.parametrize("code", sorted(EXPLAINED))
def test_each_failure_brought_back_from_govbr_is_explained(
    stack: LocalStack, mobile: Page, code: str
) -> None:
    page = mobile

    open_site(page, stack, f"#/entrar?govbr_error={code}")

    expect(alert(page)).to_contain_text(EXPLAINED[code], timeout=WAIT)
    address_bar_is_clean(page, stack, "#/entrar")
    expect(page.get_by_role("button", name="Receber código")).to_be_visible()
    inspect(page, f"govbr-05-erro-{code}")


def test_a_ticket_used_or_expired_says_to_sign_in_again(stack: LocalStack, mobile: Page) -> None:
    page = mobile

    open_site(page, stack, "#/entrar?govbr_ticket=vencido")

    expect(alert(page)).to_have_text("O link de entrada expirou. Entre de novo.", timeout=WAIT)
    address_bar_is_clean(page, stack, "#/entrar")
    assert page.evaluate("sessionStorage.getItem('recadastro.sessao')") is None
    inspect(page, "govbr-06-ticket-vencido")


def test_a_session_ended_elsewhere_sends_the_page_back_to_sign_in(
    stack: LocalStack, mobile: Page
) -> None:
    page = mobile
    govbr_sign_in_on_page(page, stack, demo_professional(12)["document"])
    expect(identity_card(page)).to_be_visible(timeout=WAIT)

    # "Sair" in another tab: the same token ended by the API.
    status, _ = call("POST", stack.api("/auth/logout"), {}, page_token(page))
    assert status == 200
    page.get_by_role("link", name="Minhas solicitações").click()

    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    expect(
        page.get_by_role("status").filter(has_text="Sua sessão foi encerrada. Entre de novo.")
    ).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('recadastro.sessao')") is None


def test_the_govbr_email_becomes_the_contact_email_at_once(stack: LocalStack, mobile: Page) -> None:
    page = mobile
    professional = demo_professional(13)
    add_account(stack, professional, email="conta.govbr@example.org", level="gold")
    govbr_sign_in_on_page(page, stack, professional["document"])
    expect(identity_card(page)).to_contain_text("conta gov.br, nível ouro", timeout=WAIT)
    old_token = page_token(page)

    emails = open_group(page, "emails")
    expect(emails).to_contain_text("sem análise")
    emails.get_by_role(
        "button", name="Usar o e-mail da minha conta gov.br como e-mail de contato"
    ).click()

    expect(
        page.get_by_role("status").filter(has_text="seu e-mail de contato agora é")
    ).to_contain_text("conta.govbr@example.org", timeout=WAIT)
    expect(page.locator("#grupo-emails .group__body dd").first).to_have_text(
        "conta.govbr@example.org"
    )
    new_token = page_token(page)
    assert new_token != old_token
    status, me = call("GET", stack.api("/me"), token=new_token)
    assert (status, me["data"]["emails"][0]["address"]) == (200, "conta.govbr@example.org")
    status, _ = call("GET", stack.api("/me"), token=old_token)
    assert status == 401
    inspect(page, "govbr-07-email-trocado")


def test_an_unconfirmed_govbr_email_is_refused_with_what_to_do(
    stack: LocalStack, mobile: Page
) -> None:
    page = mobile
    professional = demo_professional(17)
    add_account(stack, professional, email="sem.confirmar@example.org", email_verified=False)
    govbr_sign_in_on_page(page, stack, professional["document"])
    expect(identity_card(page)).to_contain_text("conta gov.br, nível prata", timeout=WAIT)
    token = page_token(page)

    emails = open_group(page, "emails")
    emails.get_by_role(
        "button", name="Usar o e-mail da minha conta gov.br como e-mail de contato"
    ).click()

    expect(emails.get_by_role("alert")).to_contain_text(
        "O gov.br não confirmou o e-mail da sua conta", timeout=WAIT
    )
    expect(emails.locator("dd").first).to_have_text(professional["email"])
    assert page_token(page) == token
    status, _ = call("GET", stack.api("/me"), token=token)
    assert status == 200


def test_a_bronze_govbr_session_is_not_offered_the_govbr_email(
    stack: LocalStack, mobile: Page
) -> None:
    page = mobile
    professional = demo_professional(14)
    add_account(stack, professional, level="bronze")
    govbr_sign_in_on_page(page, stack, professional["document"])

    expect(identity_card(page)).to_contain_text("conta gov.br, nível bronze", timeout=WAIT)
    emails = open_group(page, "emails")
    expect(emails.get_by_role("button", name=re.compile("conta gov.br"))).to_have_count(0)


def test_a_code_session_says_so_and_is_not_offered_the_govbr_email(
    stack: LocalStack, mobile: Page
) -> None:
    page = mobile

    sign_in_on_page(page, stack, demo_professional(16))

    expect(identity_card(page)).to_contain_text("código por e-mail", timeout=WAIT)
    emails = open_group(page, "emails")
    expect(emails.get_by_role("button", name=re.compile("conta gov.br"))).to_have_count(0)


def test_the_reviewer_reads_how_the_request_was_sent(stack: LocalStack, browser: Any) -> None:
    professional = demo_professional(15)
    token = govbr_session(stack, professional["document"])["token"]
    upload_id = upload(stack, token, bill(), "conta-de-luz.pdf")
    status, created = call(
        "POST",
        stack.api("/me/requests"),
        {"kind": "change", "group": "address", "changes": NEW_ADDRESS, "upload_ids": [upload_id]},
        token,
    )
    assert status == 201, created
    session = staff_sign_in(stack, reviewer_of(professional["region"]))
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="pt-BR")
    page = context.new_page()
    try:
        page.goto(stack.url("WEB_PORT", "/admin/"))
        page.evaluate(
            "([key, value]) => sessionStorage.setItem(key, value)",
            [STAFF_SESSION_KEY, json.dumps(session)],
        )
        page.goto(stack.url("WEB_PORT", f"/admin/#/solicitacao/{created['id']}"))
        page.reload()

        person = page.locator(".area-person")
        expect(person).to_contain_text("Enviada com", timeout=WAIT)
        expect(person).to_contain_text("conta gov.br, nível prata")
        expect(page.locator(".area-history li").first).to_contain_text(
            "pelo profissional, com conta gov.br, nível prata"
        )
        check_accessibility(page, "admin request sent with gov.br")
        screenshot(page, "admin-govbr-solicitacao-1366")
    finally:
        context.close()
