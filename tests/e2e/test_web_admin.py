"""The staff page (/admin/) in Chromium on the local stack: a reviewer signs in, finds a request
of their region in the queue, compares the data on file with the proposed values, sees the proof
inline, claims and approves it, and the professional's status moves on; a return needs a reason
and a conflict is explained in words; a day of reviewing at 1366x768 (each queue row names the
professional, the group, the age and who holds it; the proof takes most of the width; the
decision bar stays in view and its shortcuts decide; "Próxima solicitação" follows the queue
the reviewer came from, to its end); the reviewer of another region sees none of it nor the
admin-only screens; the admin pages through the queue, sees the dashboard, the campaign settings
(a value out of range is refused before sending, naming the range), the vendor failures and a
professional's audit trail, and sends a failed card order again (on a stack whose vendor always
fails); signing in works with the keyboard alone. Every screen has its breadcrumbs, passes axe's
WCAG 2.1 AA checks, is captured at 360 px and at 1366x768, and fits a 360-px phone."""

from __future__ import annotations

import json
import re
import struct
import time
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from local.demo import DEMO_PASSWORD
from tests.attachment_samples import bill, scanned_bill
from tests.e2e.browser import PHONE, check_accessibility, no_horizontal_scroll, page_at, screenshot
from tests.e2e.conftest import LocalStack, running
from tests.e2e.test_professional_journey import call, demo_professional, punctuated, sign_in, upload
from tests.e2e.test_staff_journey import (
    NEW_ADDRESS,
    ask_for_new_address,
    confirm_data,
    fetch,
    reviewer_of,
)
from tests.integration.api import PDF

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 768}
SESSION_KEY = "recadastro.equipe.sessao"  # where admin.js keeps the staff session
FIRST_LOAD_BUDGET = 250 * 1024
WAIT_MS = 15_000


class FailingVendorStack(LocalStack):
    """The local stack with a card vendor that always fails, and one delivery per order: an
    approved update ends as a failed card order within seconds."""

    @property
    def env(self) -> dict[str, str]:
        return super().env | {"VENDOR_SIM_FAIL_RATE": "1", "VENDOR_ORDER_ATTEMPTS": "1"}


@pytest.fixture(scope="module")
def failing_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    yield from running(tmp_path_factory, FailingVendorStack)


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    """A 1366x768 page, the reviewers' usual screen."""
    yield from page_at(browser, DESKTOP)


@pytest.fixture
def english_phone(browser: Any) -> Iterator[Any]:
    """A 360-px page of a browser set to American English, in New York: the page still says
    everything in Portuguese, dates included."""
    context = browser.new_context(viewport=PHONE, locale="en-US", timezone_id="America/New_York")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"script errors on the page: {errors}"


@pytest.fixture(scope="module")
def sessions(stack: LocalStack) -> dict[str, dict[str, Any]]:
    """Staff sessions signed in over HTTP once per module: sign-in allows 10 tries a minute."""
    return {}


def session_of(stack: LocalStack, sessions: dict[str, dict[str, Any]], username: str) -> dict:
    if username not in sessions:
        status, session = call(
            "POST",
            stack.api("/staff/session"),
            {"username": username, "password": DEMO_PASSWORD},
        )
        assert status == 200, session
        sessions[username] = session
    return sessions[username]


def admin_url(stack: LocalStack, route: str = "") -> str:
    return stack.url("WEB_PORT", "/admin/" + route)


def open_signed_in(page: Any, stack: LocalStack, session: dict[str, Any], route: str) -> None:
    """The page as a staff member already signed in (the session the sign-in form would keep)."""
    page.goto(admin_url(stack))
    page.evaluate(
        "([key, value]) => sessionStorage.setItem(key, value)", [SESSION_KEY, json.dumps(session)]
    )
    page.goto(admin_url(stack, route))
    page.reload()


def ask_with_proof(
    stack: LocalStack,
    professional: dict[str, str],
    proof: bytes,
    filename: str = "conta-de-luz.pdf",
) -> dict[str, Any]:
    """NEW_ADDRESS asked by the professional with this file as the proof of address."""
    token = sign_in(stack, professional)
    upload_id = upload(stack, token, proof, filename)
    status, created = call(
        "POST",
        stack.api("/me/requests"),
        {"kind": "change", "group": "address", "changes": NEW_ADDRESS, "upload_ids": [upload_id]},
        token,
    )
    assert status == 201, created
    return dict(created)


def png(width: int, height: int) -> bytes:
    """A white picture of that size, as a phone's photo of a bill would be (larger than any
    screen)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = (b"\x00" + b"\xff\xff\xff" * width) * height
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def size_in_words(size: int) -> str:
    """As the staff page says a file's size: "618 bytes", "4,7 KB", "1,2 MB"."""
    if size < 1024:
        return f"{size} bytes"
    number, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    return f"{round(number, 1):g}".replace(".", ",") + " " + unit


def check_screen(page: Any, name: str) -> None:
    """Where one is (the breadcrumbs, ending at this screen) under the council's header, axe's
    WCAG 2.1 AA rules, a screenshot for review, and no sideways scroll on a phone."""
    width = page.viewport_size["width"]
    crumbs = page.get_by_role("navigation", name="Você está aqui")
    expect(crumbs.locator("[aria-current=page]")).to_have_count(1)
    expect(crumbs.locator("[aria-current=page]")).to_be_visible()
    expect(page.locator(".site-header .site-logo")).to_be_visible()
    check_accessibility(page, f"{name} ({width} px)")
    screenshot(page, f"admin-{name}-{width}")
    if width <= 360:
        assert no_horizontal_scroll(page), f"{name}: the page scrolls sideways at {width} px"


def sign_in_with_form(page: Any, username: str) -> None:
    page.get_by_label("Usuário").fill(username)
    page.get_by_label("Senha").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fila de solicitações", timeout=WAIT_MS
    )


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def compare_row(page: Any, field: str) -> Any:
    return page.locator("table.compare tbody tr").filter(
        has=page.get_by_role("rowheader", name=re.compile(f"^{field}"))
    )


def status_of_professional(stack: LocalStack, token: str, wanted: set[str]) -> str:
    """GET /me until the status is one of `wanted` (the card order comes from the stream)."""
    deadline = time.monotonic() + 30
    while True:
        status, me = call("GET", stack.api("/me"), token=token)
        assert status == 200, me
        if me["status"] in wanted:
            return str(me["status"])
        assert time.monotonic() < deadline, f"status stayed {me['status']}"
        time.sleep(0.5)


def test_a_reviewer_finds_compares_claims_and_approves_a_request(
    stack: LocalStack,
    phone: Any,
) -> None:
    # Given an address change asked by a demo professional, with a PDF proof.
    professional = demo_professional(20)
    region = professional["region"]
    professional_token, created = ask_for_new_address(stack, professional)
    protocol = created["protocol"]
    page = phone

    # The reviewer of that region signs in.
    page.goto(admin_url(stack))
    expect(heading(page)).to_have_text("Entrar na área da equipe")
    check_screen(page, "entrar")
    page.get_by_label("Usuário").fill(reviewer_of(region))
    page.get_by_label("Senha").fill("senha errada")
    page.get_by_role("button", name="Entrar").click()
    expect(page.locator("[data-errors]")).to_contain_text("Usuário ou senha incorretos.")
    sign_in_with_form(page, reviewer_of(region))
    who = page.locator("[data-who]")
    expect(who).to_contain_text(reviewer_of(region))
    expect(who).to_contain_text(f"regional {region}")

    # The request is in the queue: protocol, group, region, who holds it.
    link = page.get_by_role("link", name=protocol)
    expect(link).to_be_visible(timeout=WAIT_MS)
    row = page.locator("table.queue-table tbody tr").filter(has=link)
    expect(row).to_contain_text("Endereço")
    expect(row).to_contain_text(region)
    expect(row).to_contain_text("Ninguém")
    expect(row).to_contain_text(professional["name"])
    expect(row).to_contain_text(f"Registro {professional['registration_number']}")
    check_screen(page, "fila")

    # Opened: on file vs proposed, the differences marked in words, the proof inline.
    link.click()
    expect(heading(page)).to_have_text(f"Solicitação {protocol}", timeout=WAIT_MS)
    street = compare_row(page, "Logradouro")
    expect(street).to_contain_text(professional["street"])
    expect(street).to_contain_text(NEW_ADDRESS["street"])
    expect(street).to_contain_text("alterado")
    expect(compare_row(page, "Número")).to_contain_text("alterado")
    expect(compare_row(page, "CEP")).not_to_contain_text("alterado")
    expect(page.locator("table.compare caption")).to_contain_text("2 campos alterados")
    pdf = page.locator("iframe.attachment-view")
    expect(pdf).to_have_attribute("title", re.compile("comprovante.pdf"))
    download = page.get_by_role("link", name=re.compile("Baixar comprovante.pdf"))
    expect(download).to_be_visible()
    assert str(pdf.get_attribute("src")).startswith(str(download.get_attribute("href")) + "#")
    assert fetch(str(download.get_attribute("href"))) == PDF
    check_screen(page, "solicitacao")

    # Claimed (what was typed as the reason stays), then approved.
    page.get_by_label("Motivo").fill("Endereço conferido na conta de luz.")
    page.get_by_role("button", name="Assumir").click()
    expect(page.get_by_role("status").filter(has_text="Você assumiu")).to_be_visible()
    expect(page.get_by_text("Você assumiu esta solicitação.")).to_be_visible()
    expect(page.get_by_label("Motivo")).to_have_value("Endereço conferido na conta de luz.")
    page.get_by_role("button", name="Aprovar").click()
    expect(page.get_by_text(f"Solicitação {protocol} aprovada.")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".tags")).to_contain_text("Aprovada")
    expect(page.locator(".history")).to_contain_text("Enviada pelo profissional")
    expect(page.locator(".history")).to_contain_text(f"Aprovada por você ({reviewer_of(region)})")
    check_screen(page, "solicitacao-aprovada")

    # The approval alone concludes nothing; once the professional confirms their data they are
    # updated (then card_requested once the stream ordered the card).
    status_of_professional(stack, professional_token, {"in_progress"})
    confirm_data(stack, professional_token)
    status_of_professional(stack, professional_token, {"updated", "card_requested"})

    # The admin's lookup shows it, with the approved request and the reviewer's reading.
    page.get_by_role("button", name="Sair").click()
    expect(page.get_by_text("Você saiu.")).to_be_visible()
    sign_in_with_form(page, "admin")
    page.get_by_role("link", name="Profissional", exact=True).click()
    page.get_by_label("CPF ou CNPJ", exact=True).fill(punctuated(professional["document"]))
    page.get_by_role("button", name="Consultar").click()
    expect(page.locator("[data-professional-status]")).to_have_text(
        re.compile("Atualizado|Carteira solicitada"), timeout=WAIT_MS
    )
    requests = page.get_by_role("table", name=re.compile("^Solicitações do profissional"))
    expect(requests.get_by_role("row").filter(has_text=protocol)).to_contain_text("Aprovada")
    audit = page.locator("table.audit-table")
    expect(audit).to_contain_text(reviewer_of(region))
    expect(audit).to_contain_text("Abriu a solicitação")
    check_screen(page, "profissional")


def test_a_return_needs_a_reason_and_a_conflict_is_explained(
    stack: LocalStack,
    sessions: dict[str, dict[str, Any]],
    desktop: Any,
) -> None:
    professional = demo_professional(21)
    professional_token, created = ask_for_new_address(stack, professional)
    request_id, protocol = created["id"], created["protocol"]
    session = session_of(stack, sessions, reviewer_of(professional["region"]))
    page = desktop
    open_signed_in(page, stack, session, f"#/solicitacao/{request_id}")
    expect(heading(page)).to_have_text(f"Solicitação {protocol}", timeout=WAIT_MS)
    check_screen(page, "solicitacao")

    # Meanwhile the request changes (claimed from elsewhere): the decision gets a 409, in words.
    status, claimed = call(
        "POST", stack.api(f"/staff/requests/{request_id}/claim"), token=session["token"]
    )
    assert status == 200, claimed
    page.get_by_role("button", name="Aprovar").click()
    errors = page.locator("form.decision [data-errors]")
    expect(errors).to_contain_text("A solicitação mudou desde que você a abriu")
    expect(errors).to_contain_text("Recarregue, confira os dados de novo")
    expect(errors).not_to_contain_text("stale_version")
    errors.get_by_role("button", name="Recarregar solicitação").click()
    expect(page.get_by_text("Você assumiu esta solicitação.")).to_be_visible(timeout=WAIT_MS)

    # Returned with no reason: the API's field error next to the reason, linked to it.
    reason = page.get_by_label("Motivo")
    page.get_by_role("button", name="Devolver para complementação").click()
    expect(reason).to_have_attribute("aria-invalid", "true")
    error = page.locator(".field-error")
    expect(error).to_have_text("Campo obrigatório.")
    error_id = error.get_attribute("id")
    assert error_id and error_id in (reason.get_attribute("aria-describedby") or "").split()
    assert page.locator(".field").filter(has=reason).locator(".field-error").count() == 1
    expect(page.locator("form.decision [data-errors]")).to_be_focused()
    check_screen(page, "devolver-sem-motivo")

    # With a reason it is returned, and the professional sees the reason.
    why = "O comprovante está ilegível: envie uma foto nítida."
    reason.fill(why)
    page.get_by_role("button", name="Devolver para complementação").click()
    expect(page.get_by_text(f"Solicitação {protocol} devolvida ao profissional.")).to_be_visible(
        timeout=WAIT_MS
    )
    expect(page.locator(".tags")).to_contain_text("Devolvida")
    expect(page.locator(".area-decision")).to_contain_text(why)
    status, mine = call("GET", stack.api(f"/me/requests/{request_id}"), token=professional_token)
    assert status == 200, mine
    assert (mine["status"], mine["reason"]) == ("returned", why)


def test_a_day_of_reviewing_on_a_wide_screen(
    stack: LocalStack,
    sessions: dict[str, dict[str, Any]],
    desktop: Any,
    phone: Any,
    english_phone: Any,
) -> None:
    # Given three address changes of one region: one nobody holds, one the reviewer holds and
    # one a colleague (the admin) holds.
    people = [demo_professional(index) for index in (27, 33, 39)]
    region = people[0]["region"]
    assert {person["region"] for person in people} == {region}
    # A real one-page bill, a 1.2 MB scan and a photo larger than any screen.
    photo = png(1600, 1200)
    created = [
        ask_with_proof(stack, people[0], bill()),
        ask_with_proof(stack, people[1], scanned_bill(1.2)),
        ask_with_proof(stack, people[2], photo, "foto-da-conta.png"),
    ]
    protocols = [request["protocol"] for request in created]
    reviewer = session_of(stack, sessions, reviewer_of(region))
    admin = session_of(stack, sessions, "admin")
    for token, request in ((reviewer["token"], created[1]), (admin["token"], created[2])):
        status, claimed = call(
            "POST", stack.api(f"/staff/requests/{request['id']}/claim"), token=token
        )
        assert status == 200, claimed
    page = desktop
    page.goto(admin_url(stack))
    expect(heading(page)).to_have_text("Entrar na área da equipe")
    check_screen(page, "entrar")

    # The queue of address changes: each row names the professional, the group, the age and
    # who holds it, in words; on a phone the rows are cards, nothing scrolls sideways.
    for screen in (page, phone):
        open_signed_in(screen, stack, reviewer, "#/fila?group=address")
        rows = screen.locator("table.queue-table tbody tr")
        holders = ("Ninguém", "Com você", "admin")
        for person, protocol, holder in zip(people, protocols, holders, strict=True):
            row = rows.filter(has=screen.get_by_role("link", name=protocol))
            expect(row).to_contain_text(person["name"], timeout=WAIT_MS)
            expect(row).to_contain_text(f"Registro {person['registration_number']}")
            expect(row.locator("[data-label=Grupo]")).to_have_text("Endereço")
            expect(row.locator("[data-label=Recebida]")).to_have_text("hoje")
            expect(row.locator("[data-label='Com quem']")).to_have_text(holder)
            expect(row.locator("[data-label='Prazo de análise']")).to_have_text("No prazo")
        check_screen(screen, "fila-enderecos")
    first_row = phone.locator("table.queue-table tbody tr").first.bounding_box()
    assert first_row and first_row["width"] <= 360, "a queue row is wider than the phone"

    # Received three days ago (the dates moved back in the API's answer): "há 3 dias".
    def three_days_older(route: Any) -> None:
        answer = route.fetch()
        body = answer.json()
        for item in body["items"]:
            received = datetime.fromisoformat(item["created_at"].replace("Z", "+00:00"))
            item["created_at"] = (received - timedelta(days=3)).isoformat()
        route.fulfill(response=answer, json=body)

    phone.route(re.compile(r"/staff/requests\?"), three_days_older)
    phone.reload()
    older = phone.locator("table.queue-table tbody tr").filter(
        has=phone.get_by_role("link", name=protocols[0])
    )
    expect(older.locator("[data-label=Recebida]")).to_have_text("há 3 dias", timeout=WAIT_MS)
    phone.unroute(re.compile(r"/staff/requests\?"), three_days_older)

    # Opened from the queue: the breadcrumbs lead back to that same filter; the PDF takes most
    # of the width; sizes, kinds, the document and the actor are words, never codes.
    page.get_by_role("link", name=protocols[0]).click()
    expect(heading(page)).to_have_text(f"Solicitação {protocols[0]}", timeout=WAIT_MS)
    crumbs = page.get_by_role("navigation", name="Você está aqui")
    expect(crumbs.get_by_role("link", name="Fila")).to_have_attribute(
        "href", "#/fila?group=address"
    )
    expect(crumbs.locator("[aria-current=page]")).to_have_text(f"Solicitação {protocols[0]}")
    viewer = page.locator("iframe.attachment-view")
    expect(viewer).to_be_visible()
    box = viewer.bounding_box()
    assert box and box["width"] >= 800, f"the proof is {box} at 1366 px: too narrow to read"
    assert box["height"] >= 0.6 * DESKTOP["height"], f"the proof is {box}: too short to read"
    main = page.locator("main")
    expect(main).to_contain_text("Comprovante de endereço: conta-de-luz.pdf")
    expect(main).to_contain_text(f"PDF, {len(bill())} bytes")
    expect(main).not_to_contain_text("application/pdf")
    person = page.locator(".area-person")
    expect(person.get_by_text("CPF", exact=True)).to_be_visible()
    expect(person).to_contain_text(punctuated(people[0]["document"]))
    expect(person).not_to_contain_text("CNPJ")
    expect(page.locator(".history")).to_contain_text("Enviada pelo profissional")
    expect(page.locator(".history")).not_to_contain_text("profissional por")

    # A long request: the decision bar is in view at the top, and still after scrolling.
    assert page.evaluate("document.documentElement.scrollHeight > window.innerHeight + 100")
    bar = page.get_by_role("region", name="Ações da solicitação")
    approve = bar.get_by_role("button", name="Aprovar")
    expect(approve).to_be_in_viewport(ratio=1)
    expect(approve).to_contain_text("Alt+Shift+P")
    expect(approve).to_have_attribute("aria-keyshortcuts", "Alt+Shift+P")
    expect(bar).to_contain_text("Ninguém assumiu esta solicitação ainda.")
    check_screen(page, "solicitacao-longa")
    page.mouse.wheel(0, 500)
    expect(approve).to_be_in_viewport(ratio=1)

    # Approved with its shortcut, from inside the reason (the modifier makes it no typing).
    reason = page.get_by_label("Motivo")
    reason.fill("Comprovante conferido.")
    reason.press("Alt+Shift+P")
    expect(page.get_by_text(f"Solicitação {protocols[0]} aprovada.")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".area-decision")).to_contain_text("Comprovante conferido.")

    # "Próxima solicitação": the next one of the same filter, skipping the colleague's.
    bar.get_by_role("button", name="Próxima solicitação").click()
    expect(heading(page)).to_have_text(f"Solicitação {protocols[1]}", timeout=WAIT_MS)
    expect(bar).to_contain_text("Você assumiu esta solicitação.")
    expect(page.locator(".attachment-facts")).to_have_text("PDF, 1,2 MB")
    expect(page.locator("main")).not_to_contain_text("application/pdf")
    page.get_by_label("Motivo").fill("O comprovante está cortado: envie a página inteira.")
    page.keyboard.press("Alt+Shift+D")
    expect(
        page.get_by_text(f"Solicitação {protocols[1]} devolvida ao profissional.")
    ).to_be_visible(timeout=WAIT_MS)
    page.keyboard.press("Alt+Shift+N")
    expect(bar.get_by_role("status")).to_have_text(
        "Não há mais solicitações nesta fila.", timeout=WAIT_MS
    )
    expect(heading(page)).to_have_text(f"Solicitação {protocols[1]}")
    expect(bar.get_by_role("link", name="Voltar à fila")).to_have_attribute(
        "href", "#/fila?group=address"
    )
    check_screen(page, "solicitacao-sem-proxima")

    # The colleague's request, on a phone set to English: whose it is, no decision buttons, the
    # bar in view, and the dates in Portuguese all the same.
    other = english_phone
    open_signed_in(other, stack, reviewer, f"#/solicitacao/{created[2]['id']}")
    expect(heading(other)).to_have_text(f"Solicitação {protocols[2]}", timeout=WAIT_MS)
    other_bar = other.get_by_role("region", name="Ações da solicitação")
    expect(other_bar).to_contain_text("Assumida por admin: só essa pessoa pode decidir.")
    expect(other_bar.get_by_role("button", name="Aprovar")).to_have_count(0)
    expect(other_bar.get_by_role("button", name="Próxima solicitação")).to_be_in_viewport()
    expect(other.locator(".history time").first).to_have_text(
        re.compile(r"^\d{2}/\d{2}/\d{4}, \d{2}:\d{2}$")
    )
    # Its proof is a photo: shown whole, scaled down to the phone, its format and size in words.
    picture = other.get_by_role(
        "img", name="Comprovante de endereço anexado pelo profissional: foto-da-conta.png"
    )
    expect(picture).to_be_visible()
    expect(other.locator(".attachment-facts")).to_have_text(
        f"imagem PNG, {size_in_words(len(photo))}"
    )
    assert other.evaluate("document.querySelector('.attachment-image').naturalWidth") == 1600
    shown = picture.bounding_box()
    assert shown and shown["width"] <= PHONE["width"], f"the photo is {shown} on a phone"
    check_screen(other, "solicitacao-de-colega")


def test_a_reviewer_of_another_region_sees_neither_the_request_nor_admin_screens(
    stack: LocalStack,
    sessions: dict[str, dict[str, Any]],
    phone: Any,
) -> None:
    professional = demo_professional(22)
    _, created = ask_for_new_address(stack, professional)
    other = "SP" if professional["region"] != "SP" else "RJ"
    session = session_of(stack, sessions, reviewer_of(other))
    page = phone
    open_signed_in(page, stack, session, "#/fila")
    expect(heading(page)).to_have_text("Fila de solicitações")
    expect(page.locator(".summary")).to_contain_text(re.compile("mostrada|Nenhuma"))
    expect(page.get_by_role("link", name=created["protocol"])).to_have_count(0)

    # The menu has no admin-only entries.
    menu = page.get_by_role("navigation", name="Menu da equipe")
    expect(menu.get_by_role("link", name="Fila")).to_be_visible()
    expect(menu.get_by_role("link", name="Painel")).to_be_visible()
    expect(menu.get_by_role("link", name="Campanha")).to_be_hidden()
    expect(menu.get_by_role("link", name="Falhas de carteiras")).to_be_hidden()
    check_screen(page, "fila-outra-regional")

    # Typed by hand: the request is not found, the admin screens answer with the API's words.
    page.goto(admin_url(stack, f"#/solicitacao/{created['id']}"))
    expect(page.get_by_role("alert")).to_have_text("Não encontramos o que você procurou.")
    page.goto(admin_url(stack, "#/cartoes"))
    expect(page.get_by_role("alert")).to_have_text(
        "Somente a administração nacional pode fazer isto."
    )
    check_screen(page, "cartoes-revisor")
    page.goto(admin_url(stack, "#/campanha"))
    expect(page.get_by_text("Somente a administração nacional pode alterar")).to_be_visible()
    expect(page.get_by_role("button", name="Salvar")).to_have_count(0)
    check_screen(page, "campanha-revisor")

    # A session the API no longer takes: back to sign-in, saying why.
    open_signed_in(page, stack, session | {"token": "expirado"}, "#/painel")
    expect(page.get_by_role("alert")).to_contain_text("Sua sessão terminou.")
    expect(heading(page)).to_have_text("Entrar na área da equipe")
    expect(page.get_by_role("navigation", name="Menu da equipe")).to_be_hidden()


def test_the_admin_sees_the_dashboard_settings_failures_and_a_record(
    stack: LocalStack,
    sessions: dict[str, dict[str, Any]],
    phone: Any,
    desktop: Any,
) -> None:
    professional = demo_professional(23)
    _, created = ask_for_new_address(stack, professional)
    _, another = ask_for_new_address(stack, demo_professional(25))
    session = session_of(stack, sessions, "admin")

    # The queue of every region, one request a page: "Mais" follows the API's cursor.
    def one_a_page(route: Any) -> None:
        route.continue_(url=route.request.url.replace("limit=25", "limit=1"))

    phone.route(re.compile(r"/staff/requests\?"), one_a_page)
    open_signed_in(phone, stack, session, "#/fila")
    summary = phone.locator(".summary")
    expect(summary).to_have_text("1 solicitação mostrada; há mais.", timeout=WAIT_MS)
    more = phone.get_by_role("button", name="Mais solicitações")
    more.click()
    expect(summary).to_contain_text("2 solicitações mostradas")
    for _ in range(20):  # the rest, page by page (the last page may come empty)
        if more.is_hidden():
            break
        more.click()
        expect(summary).not_to_have_text("Carregando…")
    expect(more).to_be_hidden()
    for protocol in (created["protocol"], another["protocol"]):
        expect(phone.get_by_role("link", name=protocol)).to_have_count(1)
    phone.unroute(re.compile(r"/staff/requests\?"), one_a_page)
    check_screen(phone, "fila-admin")

    for page in (phone, desktop):
        open_signed_in(page, stack, session, "#/painel")
        menu = page.get_by_role("navigation", name="Menu da equipe")
        expect(menu.get_by_role("link", name="Campanha")).to_be_visible()
        expect(menu.get_by_role("link", name="Falhas de carteiras")).to_be_visible()

        # The dashboard: counts, and the chart with its table of numbers.
        expect(heading(page)).to_have_text("Painel")
        expect(page.locator(".stats").first).to_contain_text("Em análise")
        expect(page.locator(".stats").nth(1)).to_contain_text("Não iniciado")
        chart = page.get_by_role("img", name="Solicitações recebidas e decididas por dia")
        expect(chart).to_be_visible(timeout=WAIT_MS)
        assert chart.locator("rect[height]").count() >= 60
        page.get_by_text("Ver os números por dia (tabela)").click()
        expect(page.locator("details table tbody tr")).to_have_count(30)
        check_screen(page, "painel")
        page.get_by_label("Regional", exact=True).select_option(professional["region"])
        page.get_by_role("button", name="Mostrar").click()
        expect(page).to_have_url(re.compile(f"region={professional['region']}$"))
        expect(page.locator(".stats").first).to_contain_text("Em análise", timeout=WAIT_MS)

        # The campaign settings: a bad value gets its field error, a good one is saved.
        menu.get_by_role("link", name="Campanha").click()
        stall = page.get_by_label("Dias até uma solicitação ficar parada")
        expect(stall).to_have_value("5", timeout=WAIT_MS)
        sent: list[str] = []

        def remember(request: Any, methods: list[str] = sent) -> None:
            methods.append(request.method)

        page.on("request", remember)
        stall.fill("0")
        page.get_by_role("button", name="Salvar").click()
        expect(stall).to_have_attribute("aria-invalid", "true")
        field_error = page.locator(".field").filter(has=stall).locator(".field-error")
        expect(field_error).to_have_text("Use um número de 1 a 90 dias.")
        page.remove_listener("request", remember)
        assert "PUT" not in sent, "a value out of range was sent to the server"
        reminders = page.get_by_label("Dias de lembrete")
        reminders.fill("30, 400")
        page.get_by_role("button", name="Salvar").click()
        expect(
            page.locator(".field").filter(has=reminders).locator(".field-error")
        ).to_contain_text("números de 0 a 365 dias")
        reminders.fill("30, 7, 1")
        deadline = page.get_by_label("Prazo final")
        on_file = deadline.input_value()
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", on_file), f"the deadline reads {on_file!r}"
        deadline.fill("31/02/2027")
        page.get_by_role("button", name="Salvar").click()
        expect(page.locator(".field").filter(has=deadline).locator(".field-error")).to_contain_text(
            "dia/mês/ano"
        )
        deadline.fill(on_file)
        assert field_error.get_attribute("id") in (stall.get_attribute("aria-describedby") or "")
        check_screen(page, "campanha-erro")
        stall.fill("5")
        page.get_by_role("button", name="Salvar").click()
        expect(page.get_by_text("Configurações salvas")).to_be_visible()
        expect(stall).not_to_have_attribute("aria-invalid", "true")

        # The vendor failures: none here, or each with its error and a retry button.
        menu.get_by_role("link", name="Falhas de carteiras").click()
        expect(page.get_by_text("Nenhuma falha").or_(page.locator("table"))).to_be_visible(
            timeout=WAIT_MS
        )
        if page.locator("table").count():
            expect(page.get_by_role("button", name=re.compile("Reenviar")).first).to_be_visible()
        check_screen(page, "cartoes")

        # A request opened, then its professional's record with the audit trail.
        page.goto(admin_url(stack, f"#/solicitacao/{created['id']}"))
        expect(heading(page)).to_have_text(f"Solicitação {created['protocol']}")
        page.get_by_role("link", name="Ver o cadastro completo").click()
        expect(page.get_by_role("heading", name=professional["name"])).to_be_visible(
            timeout=WAIT_MS
        )
        expect(page.locator("[data-professional-status]")).to_have_text("Em andamento")
        audit = page.locator("table.audit-table")
        expect(audit).to_contain_text("admin (você)")
        expect(audit).to_contain_text("Abriu a solicitação")
        expect(audit).to_contain_text(created["id"])
        check_screen(page, "profissional-admin")


def test_staff_sign_in_with_the_keyboard_alone_on_a_light_first_load(
    stack: LocalStack,
    phone: Any,
) -> None:
    page = phone
    sizes: dict[str, int] = {}
    web = stack.url("WEB_PORT")

    def count(response: Any) -> None:
        if response.url.startswith(web) and response.ok:
            sizes[response.url] = len(response.body())

    page.on("response", count)
    page.goto(admin_url(stack), wait_until="networkidle")
    page.remove_listener("response", count)
    kinds = {url.rsplit(".", 1)[-1] for url in sizes if "." in url.rsplit("/", 1)[-1]}
    assert {"css", "js"} <= kinds, sizes
    assert sum(sizes.values()) <= FIRST_LOAD_BUDGET, sizes

    def focused(selector: str, key: str = "Tab", most: int = 12) -> None:
        """Press `key` until `selector` has the focus, within `most` presses."""
        for _ in range(most):
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
            page.keyboard.press(key)
        raise AssertionError(f"{key} never reached {selector}")

    focused("input[name=username]")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused field shows no outline"
    page.keyboard.type(reviewer_of("NE"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Entrar")).to_be_focused()
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Fila de solicitações", timeout=WAIT_MS)
    expect(heading(page)).to_be_focused()

    # Back up to the menu and on to the dashboard, by keyboard.
    focused('a[data-route="painel"]', key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Painel")
    expect(heading(page)).to_be_focused()
    check_screen(page, "painel-revisor")


def test_the_admin_sends_a_failed_card_order_again(
    failing_stack: LocalStack,
    phone: Any,
) -> None:
    # Given an approved update, confirmed by the professional, whose card order the vendor
    # refused.
    stack = failing_stack
    professional = demo_professional(24)
    professional_token, created = ask_for_new_address(stack, professional)
    session = session_of(stack, {}, "admin")
    status, decided = call(
        "POST",
        stack.api(f"/staff/requests/{created['id']}/decision"),
        {"decision": "approve", "version": created["version"]},
        session["token"],
    )
    assert status == 200, decided
    confirm_data(stack, professional_token)

    # The failures screen lists it, with the vendor's error and the attempts.
    page = phone
    open_signed_in(page, stack, session, "#/cartoes")
    row = page.get_by_role("row").filter(has_text=professional["name"])
    listed = page.get_by_text(re.compile("Nenhuma falha|Pedidos de carteira com falha"))
    deadline = time.monotonic() + 60
    while True:  # the order fails from the stream a few seconds after the approval
        expect(listed.first).to_be_visible(timeout=WAIT_MS)
        if row.count():
            break
        assert time.monotonic() < deadline, "the failed order never showed"
        time.sleep(0.5)
        page.reload()
    expect(row).to_contain_text("503")
    expect(row.locator("[data-label=Tentativas]")).not_to_have_text("0")
    check_screen(page, "cartoes-com-falha")

    # Sent again: 202, said in words, and recorded in the professional's audit trail.
    row.get_by_role("button", name=re.compile("Reenviar")).click()
    expect(page.get_by_text("Pedido reenviado")).to_be_visible(timeout=WAIT_MS)
    expect(row).to_contain_text("Reenviado")
    check_screen(page, "cartoes-reenviado")
    row.get_by_role("link", name=professional["name"]).click()
    expect(page.locator("[data-professional-status]")).to_have_text("Atualizado", timeout=WAIT_MS)
    expect(page.locator("table.audit-table")).to_contain_text("Reenviou o pedido da carteira")
