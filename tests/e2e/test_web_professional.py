"""The professionals' site at `/` on the running local stack, in a 360-px Chromium: sign-in with
the e-mailed code, "Meus dados" (the summary with the one next action on the first screen, the
groups that open), an address change with a PDF uploaded straight to storage through the page's
own file control (name and size shown, replaced, progress), the protocol and "Minhas
solicitações"; the confirmation of the data with a proof of address; the public protocol lookup;
attachments refused by the API (by content) and by the browser (size, type); CPF check digits;
sign-in with the keyboard alone; an expired session. Every screen visited passes axe-core (WCAG
2.1 AA), fits 360 px and is saved in test-artifacts/screenshots/ for review at 360 px and at
1366×768."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.attachment_samples import EXE_APPENDED
from tests.e2e.browser import SCREENSHOTS, check_accessibility, no_horizontal_scroll, screenshot
from tests.e2e.conftest import LocalStack, get
from tests.e2e.test_professional_journey import (
    call,
    demo_professional,
    last_code,
    punctuated,
    sign_in,
    upload,
)
from tests.e2e.test_staff_journey import reviewer_of, staff_sign_in
from tests.integration.api import EXE, PDF

pytestmark = pytest.mark.e2e

WAIT = 15_000  # ms, for anything that goes through the API
FIRST_LOAD_LIMIT = 250 * 1024
PROTOCOL = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")


@pytest.fixture
def mobile(phone: Page) -> Page:
    """The `phone` page of tests/e2e/browser.py (360 px, pt-BR, fails on script errors)."""
    return phone


DESKTOP = {"width": 1366, "height": 768}


def inspect(page: Page, name: str) -> None:
    """The screen as shown: accessible (axe-core), no wider than the phone, saved for review on
    the phone and on a desktop screen (1366×768), back to the phone's size afterwards."""
    check_accessibility(page, name)
    assert no_horizontal_scroll(page), f"{name}: wider than {page.viewport_size}: {too_wide(page)}"
    screenshot(page, f"web-{name}")
    phone_size = page.viewport_size
    page.set_viewport_size(DESKTOP)
    assert no_horizontal_scroll(page), f"{name}: wider than {DESKTOP}"
    screenshot(page, f"web-{name}-1366")
    page.set_viewport_size(phone_size)


def too_wide(page: Page) -> list[str]:
    """What sticks out to the right of the screen: tag, class and right edge, for the message."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll("body *")]
              .filter((node) => node.getBoundingClientRect().right > window.innerWidth + 0.5)
              .slice(-5)
              .map((node) => node.tagName + "." + node.className + " " +
                Math.round(node.getBoundingClientRect().right))"""
        )
    )


def size_shown(size: int) -> str:
    """A file's size as the page writes it (pt-BR): "618 KB", "1,2 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{max(1, int(size / 1024 + 0.5)):,} KB".replace(",", ".")
    return f"{size / 1048576:.1f} MB".replace(".", ",")


def open_group(page: Page, group: str) -> Any:
    """Opens the group's section of "Meus dados" (a <details>) and answers it."""
    section = page.locator(f"#grupo-{group}")
    expect(section).to_be_attached(timeout=WAIT)
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    expect(section.locator(".group__body")).to_be_visible()
    return section


def ask_to_change(page: Page, group: str) -> None:
    """From "Meus dados", the group's "Solicitar alteração"."""
    open_group(page, group).get_by_role("link", name=re.compile("Solicitar alteração")).click()


def above_the_fold(page: Page, locator: Any) -> bool:
    """Seen on the first screen, without scrolling."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= height


def heading(page: Page, name: str) -> Any:
    return page.get_by_role("heading", level=1, name=name, exact=True)


def open_site(page: Page, stack: LocalStack, route: str = "") -> None:
    page.goto(stack.url("WEB_PORT", "/" + route))


def sign_in_on_page(page: Page, stack: LocalStack, professional: dict[str, str]) -> None:
    open_site(page, stack, "#/entrar")
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    page.get_by_label("CPF", exact=True).fill(professional["document"])
    page.get_by_role("button", name="Receber código").click()
    expect(heading(page, "Digite o código")).to_be_visible(timeout=WAIT)
    page.get_by_label("Código de acesso").fill(last_code(stack, professional["email"]))
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(heading(page, "Meus dados")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text(professional["name"]).first).to_be_visible(timeout=WAIT)


def page_token(page: Page) -> str:
    return str(page.evaluate("JSON.parse(sessionStorage.getItem('recadastro.sessao')).token"))


def file_field_error(page: Page) -> Any:
    return page.locator("#f-upload_ids-erro")


def calls_to(page: Page, path: str) -> list[str]:
    """The API calls to `path` the page makes from now on."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if path in request.url else None)
    return seen


def test_a_professional_asks_for_an_address_change_and_follows_it(
    stack: LocalStack, mobile: Page, tmp_path: Path
) -> None:
    page = mobile
    professional = demo_professional(10)
    _, campaign, _ = get(stack.api("/campaign"))
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))

    open_site(page, stack)
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    deadline = "/".join(reversed(campaign["deadline"].split("-")))
    expect(page.locator("#prazo")).to_contain_text(
        f"Faltam {campaign['days_left']} dias para o fim do recadastramento. Prazo: {deadline}."
    )
    page.wait_for_load_state("load")
    static = [
        r for r in responses if r.request.resource_type in ("document", "stylesheet", "script")
    ]
    weight = sum(len(r.body()) for r in static)
    assert {r.url.rsplit("/", 1)[-1] for r in static} >= {"styles.css", "lib.js", "app.js"}
    assert 0 < weight <= FIRST_LOAD_LIMIT, f"first load of / is {weight} bytes"
    inspect(page, "01-entrar")

    cpf = page.get_by_label("CPF", exact=True)
    cpf.fill(professional["document"])
    expect(cpf).to_have_value(punctuated(professional["document"]))
    page.get_by_role("button", name="Receber código").click()
    expect(heading(page, "Digite o código")).to_be_focused(timeout=WAIT)
    masked = f"{professional['email'][0]}***@example.org"
    expect(page.get_by_role("status").filter(has_text="Enviamos um código")).to_contain_text(
        f"Enviamos um código para {masked}"
    )
    inspect(page, "02-codigo")

    page.get_by_label("Código de acesso").fill(last_code(stack, professional["email"]))
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(heading(page, "Meus dados")).to_be_focused(timeout=WAIT)
    # The summary on top: where things stand, what is left, and the one next action, all on the
    # phone's first screen.
    summary = page.get_by_role("region", name="Recadastramento não iniciado")
    expect(summary).to_be_visible(timeout=WAIT)
    expect(summary.get_by_role("list", name="O que falta")).to_have_text(
        "Falta confirmar seus dados"
    )
    confirm = summary.get_by_role("link", name="Confirmo que meus dados estão corretos")
    expect(confirm).to_have_class(re.compile("button--primary"))
    assert above_the_fold(page, summary.get_by_role("heading")), "the summary is below the fold"
    assert above_the_fold(page, confirm), "the main action is below the fold"
    expect(summary).to_contain_text("Ao confirmar, seu recadastramento é concluído")
    # The groups are closed sections that open with their values.
    address = page.locator("#grupo-address")
    expect(address.locator(".group__body")).to_be_hidden()
    expect(page.locator("details.group")).to_have_count(7)
    inspect(page, "03-dados")
    for group in (
        "personal",
        "filiation",
        "birthplace",
        "documents",
        "address",
        "phones",
        "emails",
    ):
        section = open_group(page, group)
        section.screenshot(path=str(SCREENSHOTS / f"web-03-grupo-{group}.png"))
    expect(address).to_contain_text(professional["street"])
    expect(page.locator("#grupo-personal")).to_contain_text(professional["name"])
    # No double negative ("Não há nome da mãe…: Não"): the mother's name, or "Não consta".
    filiation = page.locator("#grupo-filiation").inner_text()
    assert "Não há" not in filiation and "não traz" not in filiation, filiation
    assert "Nome da mãe" in filiation, filiation
    inspect(page, "03b-dados-grupos-abertos")

    address.get_by_role("link", name="Solicitar alteração de Endereço").click()
    expect(heading(page, "Alterar endereço")).to_be_focused(timeout=WAIT)
    expect(page.get_by_text("Comprovante exigido:")).to_be_visible()
    expect(page.locator("#conteudo")).to_contain_text(
        "Seu recadastramento só é concluído quando você confirmar seus dados."
    )
    street = page.get_by_label("Logradouro")
    expect(street).to_have_value(professional["street"], timeout=WAIT)
    street.fill("Rua Augusta")
    page.get_by_label("Número", exact=True).fill("500")
    # The page's own file control: "Escolher arquivo" (and "Tirar foto" on a phone) in place of
    # the browser's input, whose words would follow the browser's language.
    chooser = page.locator("label[for=f-upload_ids]")
    expect(chooser).to_have_text("Escolher arquivo")
    camera = page.get_by_label("Tirar foto")
    expect(camera).to_have_attribute("capture", "environment")
    expect(camera).to_have_attribute("accept", "image/*")
    expect(page.locator("label[for=f-camera]")).to_be_visible()
    page.set_viewport_size(DESKTOP)  # a computer has no camera to point at a bill
    expect(page.locator("label[for=f-camera]")).to_be_hidden()
    page.set_viewport_size({"width": 360, "height": 780})
    first = tmp_path / "conta-antiga.pdf"
    first.write_bytes(PDF)
    page.get_by_label("Escolher arquivo").set_input_files(first)
    row = page.locator(".files li")
    expect(row).to_have_text(re.compile(f"conta-antiga.pdf — {size_shown(len(PDF))}"), timeout=WAIT)
    expect(chooser).to_have_text("Anexar outro arquivo")
    # "Trocar arquivo" puts another file in its place.
    proof = tmp_path / "comprovante.pdf"
    proof.write_bytes(PDF)
    with page.expect_file_chooser() as chosen:
        row.get_by_role("button", name="Trocar arquivo conta-antiga.pdf").click()
    chosen.value.set_files(proof)
    progress = page.get_by_role("progressbar", name="Enviado: comprovante.pdf")
    expect(progress).to_have_attribute("value", "100", timeout=WAIT)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"comprovante.pdf — {size_shown(len(PDF))}")
    expect(row.get_by_role("button", name="Remover comprovante.pdf")).to_be_visible()
    inspect(page, "04-alterar-endereco")

    # The API's validation error (400, fields."changes.cep") shows next to the CEP field.
    cep = page.get_by_label("CEP", exact=True)
    original_cep = cep.input_value()
    cep.fill("123")
    page.get_by_role("button", name="Enviar solicitação").click()
    expect(page.locator("#f-cep-erro")).to_have_text(
        "CEP inválido: informe os 8 dígitos.", timeout=WAIT
    )
    expect(cep).to_be_focused()
    expect(cep).to_have_accessible_description(re.compile("CEP inválido"))
    inspect(page, "04b-alterar-endereco-erro")
    cep.fill(original_cep)

    page.get_by_role("button", name="Enviar solicitação").click()
    expect(heading(page, "Solicitação enviada")).to_be_focused(timeout=WAIT)
    protocol = page.locator("#protocolo-numero").inner_text().strip()
    assert PROTOCOL.match(protocol), protocol
    expect(page.get_by_role("button", name="Copiar número")).to_be_visible()
    content = page.locator("#conteudo")
    expect(content).to_contain_text("Enviamos um comprovante com o número do protocolo")
    expect(content).to_contain_text(
        f"A análise costuma levar até {campaign['review_days']} dias.", timeout=WAIT
    )
    expect(content).to_contain_text("só é concluído quando você confirmar seus dados")
    inspect(page, "05-enviado")

    # What reached the API: only the fields that changed, and the PDF as uploaded.
    status, sent = call("GET", stack.api(f"/me/requests/{protocol}"), token=page_token(page))
    assert status == 200, sent
    assert sent["changes"] == {"street": "Rua Augusta", "number": "500"}
    assert [(a["filename"], a["content_type"]) for a in sent["attachments"]] == [
        ("comprovante.pdf", "application/pdf")
    ]

    page.get_by_role("link", name="Acompanhar em Minhas solicitações").click()
    expect(heading(page, f"Solicitação {protocol}")).to_be_visible(timeout=WAIT)
    expect(page.locator(".request .status")).to_have_text("Em análise", timeout=WAIT)
    expect(page.locator("#conteudo")).to_contain_text(
        f"A análise costuma levar até {campaign['review_days']} dias."
    )
    inspect(page, "05b-solicitacao")
    page.get_by_role("navigation", name="Principal").get_by_role(
        "link", name="Minhas solicitações"
    ).click()
    expect(heading(page, "Minhas solicitações")).to_be_focused(timeout=WAIT)
    item = page.locator(".request").filter(has_text=protocol)
    expect(item).to_contain_text("Alteração: Endereço", timeout=WAIT)
    expect(item.locator(".status")).to_have_text("Em análise")
    expect(item.locator(".history")).to_contain_text("Solicitação enviada (Você)")
    expect(item).to_contain_text("Rua Augusta")
    expect(item.get_by_role("button", name=f"Cancelar solicitação {protocol}")).to_be_visible()
    expect(page.locator("#conteudo")).to_contain_text(
        f"A análise costuma levar até {campaign['review_days']} dias."
    )
    inspect(page, "06-solicitacoes")
    page.go_back()
    expect(heading(page, f"Solicitação {protocol}")).to_be_visible(timeout=WAIT)
    page.go_forward()
    expect(heading(page, "Minhas solicitações")).to_be_visible(timeout=WAIT)

    # The group now has an open request: its state shows on the closed section, its button
    # says why it cannot be used, and the summary counts it.
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Meus dados").click()
    expect(page.locator("#grupo-address summary")).to_contain_text(
        "Alteração em análise", timeout=WAIT
    )
    expect(page.get_by_role("list", name="O que falta")).to_contain_text("1 solicitação em análise")
    blocked = open_group(page, "address").get_by_role("button", name=re.compile("Solicitar"))
    expect(blocked).to_be_disabled(timeout=WAIT)
    expect(blocked).to_have_accessible_description(re.compile(protocol))

    page.get_by_role("button", name="Sair").click()
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("Você saiu.")).to_be_visible()


def test_a_professional_confirms_their_data_with_a_proof_of_address_and_concludes(
    stack: LocalStack, mobile: Page, tmp_path: Path
) -> None:
    # Given a professional with nothing open, on "Meus dados"
    page = mobile
    professional = demo_professional(11)
    sign_in_on_page(page, stack, professional)

    # When they choose "Confirmo que meus dados estão corretos"
    page.get_by_role("link", name="Confirmo que meus dados estão corretos").click()

    # Then the screen says what concluding does and asks for the declaration and a proof
    expect(heading(page, "Confirmar meus dados")).to_be_focused(timeout=WAIT)
    expect(page.locator("#conteudo")).to_contain_text(
        "Ao confirmar, seu recadastramento é concluído e a nova carteira é pedida com os dados"
    )
    declaration = page.get_by_label("Declaro que os dados do meu cadastro estão corretos")
    send = page.get_by_role("button", name="Confirmo que meus dados estão corretos")
    send.click()
    expect(page.locator("#f-declaration-erro")).to_have_text("Marque a declaração para continuar.")
    expect(declaration).to_have_accessible_description(re.compile("Marque a declaração"))
    declaration.check()
    send.click()
    expect(page.locator("#f-upload_ids-erro")).to_have_text(
        "Anexe o comprovante: comprovante de endereço."
    )

    proof = tmp_path / "conta-de-luz.pdf"
    proof.write_bytes(PDF)
    page.get_by_label("Escolher arquivo").set_input_files(proof)
    expect(page.get_by_role("progressbar", name="Enviado: conta-de-luz.pdf")).to_have_attribute(
        "value", "100", timeout=WAIT
    )
    inspect(page, "07-confirmar-dados")

    # And, sent with nothing open, the re-registration is concluded at once
    send.click()
    expect(heading(page, "Recadastramento concluído")).to_be_visible(timeout=WAIT)
    protocol = page.locator("#protocolo-numero").inner_text().strip()
    assert PROTOCOL.match(protocol), protocol
    expect(page.locator("#conteudo")).to_contain_text("seu recadastramento está concluído")
    inspect(page, "07b-recadastramento-concluido")

    page.get_by_role("link", name="Acompanhar em Minhas solicitações").click()
    expect(page.locator(".request")).to_contain_text("Confirmação dos dados", timeout=WAIT)
    expect(page.locator(".request .status")).to_have_text("Registrada")
    expect(page.locator(".request .history")).to_contain_text("Confirmação enviada (Você)")

    # The card is then ordered from the stream; once the vendor answers, "Meus dados" shows
    # the enrollment link as the one next action.
    token = page_token(page)
    for _ in range(60):
        status, me = call("GET", stack.api("/me"), token=token)
        if status == 200 and (me.get("card") or {}).get("enrollment_url"):
            break
        page.wait_for_timeout(500)
    else:
        pytest.fail(f"no enrollment link for the card: {me}")
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Meus dados").click()
    summary = page.get_by_role("region", name="Recadastramento concluído")
    expect(summary.get_by_role("list", name="O que falta")).to_contain_text(
        "Faça o cadastro biométrico", timeout=WAIT
    )
    link = summary.get_by_role("link", name="Fazer o cadastro biométrico")
    expect(link).to_have_attribute("href", me["card"]["enrollment_url"])
    assert above_the_fold(page, link), "the main action is below the fold"
    card = page.get_by_role("region", name="Sua nova carteira")
    expect(card).to_contain_text("Aguardando o seu cadastro biométrico")
    expect(page.get_by_role("link", name="Confirmo que meus dados estão corretos")).to_have_count(0)
    inspect(page, "07c-dados-carteira")


def test_anyone_looks_up_a_protocol_without_signing_in(stack: LocalStack, mobile: Page) -> None:
    page = mobile
    professional = demo_professional(12)
    token = sign_in(stack, professional)
    upload_id = upload(stack, token, PDF, "comprovante.pdf")
    status, created = call(
        "POST",
        stack.api("/me/requests"),
        {
            "kind": "change",
            "group": "address",
            "changes": {"street": "Rua da Consulta"},
            "upload_ids": [upload_id],
        },
        token,
    )
    assert status == 201, created
    protocol = created["protocol"]

    open_site(page, stack, "#/protocolo")
    expect(heading(page, "Consultar protocolo")).to_be_visible(timeout=WAIT)
    field = page.get_by_label("Número do protocolo")

    field.fill("ABC")
    page.get_by_role("button", name="Consultar").click()
    expect(page.locator("#f-protocol-erro")).to_contain_text("são 10 letras e números")

    field.fill("00000-00000")
    page.get_by_role("button", name="Consultar").click()
    expect(page.locator("#f-protocol-erro")).to_have_text(
        "Protocolo não encontrado. Confira os caracteres.", timeout=WAIT
    )
    expect(field).to_have_attribute("aria-invalid", "true")

    field.fill(protocol.replace("-", "").lower())
    page.get_by_role("button", name="Consultar").click()
    result = page.locator(".lookup-result")
    expect(result.get_by_role("heading", name=f"Protocolo {protocol}")).to_be_focused(timeout=WAIT)
    expect(result.locator(".status")).to_have_text("Em análise")
    expect(result).to_contain_text("Alteração de endereço")
    shown = page.locator("body").inner_text()
    for personal in ("name", "street", "email"):
        assert professional[personal] not in shown, personal
    assert "Rua da Consulta" not in shown
    inspect(page, "08-protocolo")

    # Too many lookups: the API's 429, explained in words.
    page.route(
        re.compile(r".*/protocols/.*"),
        lambda route: route.fulfill(
            status=429,
            headers={"Access-Control-Allow-Origin": "*", "Retry-After": "42"},
            content_type="application/json",
            body=json.dumps(
                {"code": "rate_limited", "message": "Muitas tentativas. Aguarde um pouco."}
            ),
        ),
    )
    page.get_by_role("button", name="Consultar").click()
    expect(page.locator("[data-errors]")).to_contain_text(
        "Muitas consultas em pouco tempo", timeout=WAIT
    )
    inspect(page, "08b-protocolo-limite")


def test_a_program_named_pdf_is_refused_by_the_api_next_to_the_file_field(
    stack: LocalStack, mobile: Page, tmp_path: Path
) -> None:
    page = mobile
    sign_in_on_page(page, stack, demo_professional(13))
    ask_to_change(page, "address")
    expect(heading(page, "Alterar endereço")).to_be_visible(timeout=WAIT)
    page.get_by_label("Logradouro").fill("Rua do Disfarce")
    # A real PDF with a program after its end: it starts like a PDF, so only the API's check
    # of the whole stored file catches it (a bare program is refused by the browser, below).
    disguised = tmp_path / "comprovante.pdf"
    disguised.write_bytes(EXE_APPENDED)

    file_input = page.get_by_label("Escolher arquivo")
    file_input.set_input_files(disguised)
    expect(page.get_by_role("progressbar", name="Enviado: comprovante.pdf")).to_have_attribute(
        "value", "100", timeout=WAIT
    )
    page.get_by_role("button", name="Enviar solicitação").click()

    error = file_field_error(page)
    expect(error).to_contain_text(
        "O arquivo comprovante.pdf foi recusado por segurança: há dados a mais", timeout=WAIT
    )
    expect(file_input).to_have_attribute("aria-invalid", "true")
    expect(file_input).to_have_accessible_description(
        re.compile("comprovante.pdf foi recusado por segurança")
    )
    expect(page.locator(".files li")).to_have_count(0)
    expect(heading(page, "Alterar endereço")).to_be_visible()
    assert "{" not in page.locator("#conteudo").inner_text()
    inspect(page, "09-arquivo-recusado")


def test_the_browser_refuses_a_file_too_big_or_of_a_wrong_type_without_calling_the_api(
    stack: LocalStack, mobile: Page, tmp_path: Path
) -> None:
    page = mobile
    sign_in_on_page(page, stack, demo_professional(14))
    ask_to_change(page, "phones")
    expect(heading(page, "Alterar telefones")).to_be_visible(timeout=WAIT)
    uploads = calls_to(page, "/me/uploads")
    file_input = page.get_by_label("Escolher arquivo")

    big = tmp_path / "grande.pdf"
    with big.open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)
    file_input.set_input_files(big)
    expect(file_field_error(page)).to_contain_text(
        "O arquivo grande.pdf tem 21 MB: o limite é 20 MB por arquivo."
    )
    expect(file_input).to_have_attribute("aria-invalid", "true")

    program = tmp_path / "programa.exe"
    program.write_bytes(EXE)
    file_input.set_input_files(program)
    expect(file_field_error(page)).to_contain_text("O arquivo programa.exe não é de um tipo aceito")
    inspect(page, "10-arquivo-pre-checado")

    expect(page.locator(".progress")).to_be_hidden()
    assert uploads == []


def test_the_cpf_check_digits_are_verified_in_the_browser(stack: LocalStack, mobile: Page) -> None:
    page = mobile
    open_site(page, stack, "#/entrar")
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    codes = calls_to(page, "/auth/code")
    cpf = page.get_by_label("CPF", exact=True)

    cpf.fill("529.982.247-24")
    page.get_by_role("button", name="Receber código").click()
    expect(page.locator("#f-document-erro")).to_have_text("CPF inválido: confira os dígitos.")
    expect(cpf).to_have_attribute("aria-invalid", "true")
    expect(cpf).to_have_accessible_description(re.compile("CPF inválido"))
    expect(cpf).to_be_focused()
    inspect(page, "11-cpf-invalido")

    cpf.fill("529.982")
    page.get_by_role("button", name="Receber código").click()
    expect(page.locator("#f-document-erro")).to_have_text("Informe os 11 dígitos do CPF.")
    assert codes == []


def test_an_unknown_address_says_so_and_leads_back_to_the_start(
    stack: LocalStack, mobile: Page
) -> None:
    page = mobile
    open_site(page, stack, "#/pagina-que-nao-existe")
    expect(heading(page, "Página não encontrada")).to_be_visible(timeout=WAIT)
    inspect(page, "20-nao-encontrada")
    page.get_by_role("link", name="Ir para o início").click()
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)


def test_signing_in_with_the_keyboard_alone(stack: LocalStack, mobile: Page) -> None:
    page = mobile
    professional = demo_professional(15)
    open_site(page, stack)
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)

    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-document":
            break
    else:
        pytest.fail("the CPF field cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "no visible focus on the CPF field"
    page.keyboard.type(professional["document"])
    page.keyboard.press("Enter")

    expect(heading(page, "Digite o código")).to_be_focused(timeout=WAIT)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-code"
    page.keyboard.type(last_code(stack, professional["email"]))
    page.keyboard.press("Enter")

    expect(heading(page, "Meus dados")).to_be_focused(timeout=WAIT)
    expect(page.locator("#grupo-personal")).to_contain_text(professional["name"], timeout=WAIT)
    # The next stop is the one main action of the summary.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == (
        "Confirmo que meus dados estão corretos"
    )


def test_an_expired_session_goes_back_to_sign_in_with_a_message(
    stack: LocalStack, mobile: Page
) -> None:
    page = mobile
    open_site(page, stack, "#/entrar")
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    page.evaluate(
        "sessionStorage.setItem('recadastro.sessao', JSON.stringify("
        "{token: 'expirado', expires_at: '2999-01-01T00:00:00Z'}))"
    )
    page.goto(stack.url("WEB_PORT", "/#/dados"))

    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("status").filter(has_text="Sua sessão terminou")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('recadastro.sessao')") is None


def test_a_returned_request_is_resubmitted_with_a_new_list_and_then_cancelled(
    stack: LocalStack, mobile: Page, tmp_path: Path
) -> None:
    page = mobile
    professional = demo_professional(16)
    sign_in_on_page(page, stack, professional)

    # A group with two kinds of proof: the person says which document they attach.
    ask_to_change(page, "personal")
    expect(heading(page, "Alterar dados pessoais")).to_be_visible(timeout=WAIT)
    expect(page.get_by_label("Nome completo")).to_have_value(professional["name"], timeout=WAIT)
    expect(page.get_by_role("radio", name="Documento de identidade")).to_be_checked()
    inspect(page, "12-alterar-dados-pessoais")

    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Meus dados").click()
    ask_to_change(page, "phones")
    expect(heading(page, "Alterar telefones")).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Adicionar telefone").click()
    second = page.get_by_role("group", name="Telefone 2")
    expect(second.get_by_label("Tipo")).to_be_focused()
    second.get_by_label("Tipo").select_option("comercial")
    second.get_by_label("Número com DDD").fill("11987654321")
    expect(second.get_by_label("Número com DDD")).to_have_value("(11) 98765-4321")
    proof = tmp_path / "comprovante.pdf"
    proof.write_bytes(PDF)
    page.get_by_label("Escolher arquivo").set_input_files(proof)
    expect(page.locator(".files")).to_contain_text("comprovante.pdf", timeout=WAIT)
    page.get_by_role("button", name="Enviar solicitação").click()
    expect(heading(page, "Solicitação enviada")).to_be_visible(timeout=WAIT)
    protocol = page.locator("#protocolo-numero").inner_text().strip()
    token = page_token(page)
    _, sent = call("GET", stack.api(f"/me/requests/{protocol}"), token=token)
    assert sent["changes"]["phones"][-1] == {"type": "comercial", "number": "11987654321"}
    assert len(sent["changes"]["phones"]) == 2

    reviewer = staff_sign_in(stack, reviewer_of(professional["region"]))["token"]
    _, seen = call("GET", stack.api(f"/staff/requests/{protocol}"), token=reviewer)
    status, returned = call(
        "POST",
        stack.api(f"/staff/requests/{protocol}/decision"),
        {"decision": "return", "reason": "Deixe só o telefone novo.", "version": seen["version"]},
        reviewer,
    )
    assert status == 200, returned

    page.get_by_role("link", name="Acompanhar em Minhas solicitações").click()
    card = page.locator(".request").filter(has_text=protocol)
    expect(card.locator(".status")).to_have_text("Devolvida para complementação", timeout=WAIT)
    expect(card.locator(".reason")).to_contain_text("Deixe só o telefone novo.")
    expect(card.locator(".history")).to_contain_text("Devolvida para complementação")
    card.get_by_role("link", name=f"Reenviar a solicitação {protocol}").click()

    expect(heading(page, "Reenviar solicitação")).to_be_focused(timeout=WAIT)
    expect(page.locator(".reason")).to_contain_text("Deixe só o telefone novo.", timeout=WAIT)
    expect(
        page.get_by_role("group", name="Telefone 2").get_by_label("Número com DDD")
    ).to_have_value("(11) 98765-4321")
    page.get_by_role("button", name="Remover telefone 1").click()
    expect(page.get_by_role("button", name="Adicionar telefone")).to_be_focused()
    expect(page.get_by_role("group", name="Telefone 2")).to_have_count(0)
    inspect(page, "13-reenviar")
    page.get_by_role("button", name="Reenviar solicitação").click()
    expect(heading(page, "Solicitação reenviada")).to_be_visible(timeout=WAIT)
    _, resent = call("GET", stack.api(f"/me/requests/{protocol}"), token=token)
    assert resent["status"] == "in_review"
    assert resent["changes"]["phones"] == [{"type": "comercial", "number": "11987654321"}]

    page.get_by_role("link", name="Acompanhar em Minhas solicitações").click()
    card = page.locator(".request").filter(has_text=protocol)
    expect(card.locator(".status")).to_have_text("Em análise", timeout=WAIT)
    expect(card.locator(".history")).to_contain_text("Reenviada com complementação (Você)")
    expect(card.locator(".history")).to_contain_text("Motivo: Deixe só o telefone novo.")
    card.get_by_role("button", name=f"Cancelar solicitação {protocol}").click()
    confirm = page.get_by_role("group", name=re.compile(f"Cancelar a solicitação {protocol}"))
    expect(confirm).to_be_visible()
    inspect(page, "14-cancelar")
    confirm.get_by_role("button", name="Sim, cancelar solicitação").click()
    expect(card.locator(".status")).to_have_text("Cancelada", timeout=WAIT)
    expect(card.get_by_role("button", name=re.compile("Cancelar"))).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="cancelada")).to_be_attached()


@pytest.mark.parametrize(
    ("days_ago", "days_left", "fee", "banner"),
    [
        (-1, 1, True, "Falta 1 dia para o fim do recadastramento. Prazo: {deadline}."),
        (0, 0, True, "Hoje é o último dia do recadastramento (prazo: {deadline})."),
        (
            3,
            0,
            True,
            "O prazo do recadastramento terminou em {deadline}. Você ainda pode atualizar seus "
            "dados, mas a emissão da nova carteira passa a ter a taxa prevista pelo conselho.",
        ),
        (3, 0, False, "O prazo do recadastramento terminou em {deadline}. Você ainda pode"),
    ],
    ids=["one day left", "last day", "after the deadline, with fee", "after, no fee"],
)
def test_the_deadline_banner_counts_down_and_explains_the_fee_after_it(
    stack: LocalStack, mobile: Page, days_ago: int, days_left: int, fee: bool, banner: str
) -> None:
    page = mobile
    today = datetime.now(ZoneInfo("America/Sao_Paulo")).date()
    deadline = today - timedelta(days=days_ago)
    _, campaign, _ = get(stack.api("/campaign"))
    campaign |= {
        "deadline": deadline.isoformat(),
        "days_left": days_left,
        "fee_after_deadline": fee,
    }
    page.route(
        re.compile(r".*/campaign$"),
        lambda route: route.fulfill(
            status=200,
            headers={"Access-Control-Allow-Origin": "*"},
            content_type="application/json",
            body=json.dumps(campaign),
        ),
    )
    open_site(page, stack, "#/protocolo")

    shown = page.get_by_role("region", name="Prazo do recadastramento")
    expect(shown).to_contain_text(banner.format(deadline=deadline.strftime("%d/%m/%Y")))
    if days_ago > 0:
        screenshot(page, f"web-15-prazo-encerrado-{'taxa' if fee else 'sem-taxa'}")
        check_accessibility(page, "prazo encerrado")


def test_a_program_named_pdf_is_refused_in_the_browser_before_it_is_uploaded(
    stack: LocalStack, mobile: Page, tmp_path: Path
) -> None:
    # Given a professional changing phones, told why a proof of address is asked and that PDF
    # is preferred
    page = mobile
    sign_in_on_page(page, stack, demo_professional(47))
    ask_to_change(page, "phones")
    expect(heading(page, "Alterar telefones")).to_be_visible(timeout=WAIT)
    expect(page.locator("#conteudo")).to_contain_text(
        "O conselho confirma o seu endereço com ele", timeout=WAIT
    )
    file_input = page.get_by_label("Escolher arquivo")
    expect(file_input).to_have_accessible_description(re.compile("Prefira PDF"))
    storage = stack.url("MOTO_PORT")
    posted: list[str] = []
    page.on(
        "request", lambda request: posted.append(request.url) if request.method == "POST" else None
    )

    # When they choose, with the keyboard alone, a program renamed "comprovante.pdf" (it starts
    # with "MZ"): Tab reaches the hidden input, its "Escolher arquivo" shows the focus ring, and
    # Space opens the chooser
    disguised = tmp_path / "comprovante.pdf"
    disguised.write_bytes(EXE)
    page.get_by_role("button", name="Adicionar telefone").focus()
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-upload_ids":
            break
    else:
        pytest.fail("the file control cannot be reached with Tab")
    ring = page.evaluate(
        "getComputedStyle(document.querySelector('label[for=f-upload_ids]')).outlineStyle"
    )
    assert ring == "dashed", f"no visible focus on the file control: {ring}"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(disguised)

    # Then the browser refuses it at once, next to the field, and sends nothing anywhere
    expect(file_field_error(page)).to_contain_text(
        "O arquivo comprovante.pdf não parece ser um PDF", timeout=WAIT
    )
    expect(file_input).to_have_attribute("aria-invalid", "true")
    expect(file_input).to_be_enabled()
    expect(page.locator(".progress")).to_be_hidden()
    expect(page.get_by_text("Enviado")).to_have_count(0)
    expect(page.locator(".files li")).to_have_count(0)
    inspect(page, "11-arquivo-disfarcado")
    assert [url for url in posted if url.startswith(storage) or "/me/uploads" in url] == []

    # And a real PDF chosen next goes as before
    proof = tmp_path / "conta.pdf"
    proof.write_bytes(PDF)
    file_input.set_input_files(proof)
    expect(page.get_by_role("progressbar", name="Enviado: conta.pdf")).to_have_attribute(
        "value", "100", timeout=WAIT
    )
    expect(file_field_error(page)).to_have_count(0)
    assert any(url.startswith(storage) for url in posted)


# --- no dead ends: the regional's contacts, the FAQ, the professional's own files -----------
