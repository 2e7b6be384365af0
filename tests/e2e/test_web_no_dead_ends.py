"""The professionals' site has no dead ends: wherever it says to look for the regional it shows
the regional's contacts, the footer has them and the FAQ, and a professional opens their own
files. A module of its own: each module's local stack counts its own sign-in codes per client
address (10 a minute), and the browser always calls from 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LocalStack, get
from tests.e2e.test_professional_journey import call, demo_professional, sign_in, upload
from tests.e2e.test_web_professional import (
    WAIT,
    heading,
    inspect,
    open_site,
    sign_in_on_page,
)
from tests.integration.api import PDF


def test_a_cpf_not_in_the_registry_is_shown_how_to_reach_a_regional(
    stack: LocalStack, phone: Page
) -> None:
    # Given someone whose (valid) CPF the council does not have
    page = phone
    _, campaign, _ = get(stack.api("/campaign"))
    region = next(item for item in campaign["regions"] if "SP" in item["ufs"])
    open_site(page, stack, "#/entrar")
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)

    # When they ask for a code, then choose their regional
    page.get_by_label("CPF", exact=True).fill("111.444.777-35")
    page.get_by_role("button", name="Receber código").click()
    expect(page.locator("#f-document-erro")).to_contain_text("Procure sua regional", timeout=WAIT)
    help_box = page.get_by_role("region", name="Fale com a sua regional")
    expect(help_box).to_be_visible()
    help_box.get_by_label(re.compile("Sua regional")).select_option(region["code"])

    # Then that regional's phone (to call) and e-mail (to write) are right there
    phone = help_box.get_by_role("link", name=region["contacts"]["phone"])
    expect(phone).to_have_attribute("href", re.compile(r"^tel:\+55\d{10,11}$"))
    email = help_box.get_by_role("link", name=region["contacts"]["email"])
    expect(email).to_have_attribute("href", f"mailto:{region['contacts']['email']}")
    expect(help_box).to_contain_text(region["contacts"]["hours"])
    inspect(page, "16-cpf-fora-do-cadastro")


def test_the_faq_opens_from_the_footer_of_every_screen(stack: LocalStack, phone: Page) -> None:
    # Given the sign-in screen, whose footer points at the FAQ and the regionals
    page = phone
    _, campaign, _ = get(stack.api("/campaign"))
    open_site(page, stack, "#/protocolo")
    expect(heading(page, "Consultar protocolo")).to_be_visible(timeout=WAIT)
    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text("veja os contatos de todas as regionais", timeout=WAIT)

    # When they follow "Dúvidas frequentes"
    footer.get_by_role("link", name="Dúvidas frequentes").click()

    # Then short answers, the deadline from the campaign and every regional's contacts show
    expect(heading(page, "Dúvidas frequentes")).to_be_focused(timeout=WAIT)
    for question in (
        "Não tenho mais acesso ao e-mail do cadastro",
        "Que comprovante cada alteração pede?",
        "Qual é o prazo? E se eu perder?",
        "O que acontece depois que eu concluo?",
    ):
        expect(page.get_by_role("heading", level=2, name=question)).to_be_visible()
    deadline = "/".join(reversed(campaign["deadline"].split("-")))
    expect(page.locator("#conteudo")).to_contain_text(deadline)
    expect(page.locator("#conteudo")).to_contain_text("Endereço: comprovante de endereço.")
    for region in campaign["regions"]:
        expect(page.get_by_role("link", name=region["contacts"]["phone"])).to_be_visible()
    inspect(page, "17-duvidas")


def test_a_signed_in_professional_sees_their_regional_and_opens_their_own_file(
    stack: LocalStack, phone: Page
) -> None:
    # Given a professional with an address change sent with a PDF
    page = phone
    professional = demo_professional(30)
    token = sign_in(stack, professional)
    upload_id = upload(stack, token, PDF, "meu-comprovante.pdf")
    status, request = call(
        "POST",
        stack.api("/me/requests"),
        {
            "kind": "change",
            "group": "address",
            "changes": {"street": "Rua da Consolação"},
            "upload_ids": [upload_id],
        },
        token,
    )
    assert status == 201, request
    _, campaign, _ = get(stack.api("/campaign"))
    region = next(item for item in campaign["regions"] if item["code"] == professional["region"])

    # When they sign in on the site and open the request
    sign_in_on_page(page, stack, professional)
    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text(f"Sua regional, {region['name']}", timeout=WAIT)
    expect(footer.get_by_role("link", name=region["contacts"]["phone"])).to_be_visible()
    open_site(page, stack, f"#/solicitacoes/{request['id']}")
    expect(heading(page, f"Solicitação {request['id']}")).to_be_visible(timeout=WAIT)
    inspect(page, "18-solicitacao-anexos")
    with page.expect_popup(timeout=WAIT) as opened:
        page.get_by_role("button", name=re.compile("^meu-comprovante.pdf")).click()

    # Then a new tab goes to a short-lived link of their own file
    tab = opened.value
    tab.wait_for_url(re.compile(r"^https?://(?!about)"), timeout=WAIT)
    assert upload_id in tab.url and "Expires" in tab.url, tab.url
    tab.close()


def test_a_group_locked_meanwhile_names_the_professionals_own_regional(
    stack: LocalStack, phone: Page, tmp_path: Path
) -> None:
    # Given a professional filling in an address change, whose card goes into production
    # meanwhile (the API's 409 `group_locked`, answered here without waiting for the vendor)
    page = phone
    professional = demo_professional(31)
    _, campaign, _ = get(stack.api("/campaign"))
    region = next(item for item in campaign["regions"] if item["code"] == professional["region"])
    sign_in_on_page(page, stack, professional)
    open_site(page, stack, "#/alterar/address")
    expect(heading(page, "Alterar endereço")).to_be_visible(timeout=WAIT)
    page.get_by_label("Logradouro").fill("Rua Augusta")
    proof = tmp_path / "conta.pdf"
    proof.write_bytes(PDF)
    page.get_by_label("Escolher arquivo").set_input_files(proof)
    expect(page.get_by_role("progressbar", name="Enviado: conta.pdf")).to_have_attribute(
        "value", "100", timeout=WAIT
    )
    locked = {
        "code": "group_locked",
        "message": "Estes dados não podem mais ser alterados por aqui: sua carteira já está "
        "em produção. Procure sua regional.",
    }
    page.route(
        re.compile(r".*/me/requests$"),
        lambda route: (
            route.fulfill(
                status=409,
                headers={"Access-Control-Allow-Origin": "*"},
                content_type="application/json",
                body=json.dumps(locked),
            )
            if route.request.method == "POST"
            else route.continue_()
        ),
    )

    # When they send it
    page.get_by_role("button", name="Enviar solicitação").click()

    # Then the refusal shows with their own regional's phone and e-mail, no chooser
    help_box = page.get_by_role("region", name="Fale com a sua regional")
    expect(help_box).to_contain_text(region["name"], timeout=WAIT)
    expect(help_box.get_by_role("link", name=region["contacts"]["phone"])).to_be_visible()
    expect(help_box.get_by_role("link", name=region["contacts"]["email"])).to_be_visible()
    expect(help_box.get_by_role("combobox")).to_have_count(0)
    inspect(page, "19-grupo-bloqueado")
