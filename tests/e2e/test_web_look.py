"""The professionals' site wears the shared look (web/theme.css, in the spirit of gov.br): a
white header with the council's name and its initials in the logo slot, system fonts, a
compact header and deadline banner on a phone, breadcrumbs on every screen past the sign-in
start. One sign-in for the module: its local stack allows 10 codes a minute from 127.0.0.1.
Screenshots at 360 px and 1366 px go to test-artifacts/screenshots/ for review."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import check_accessibility, no_horizontal_scroll, page_at, screenshot
from tests.e2e.conftest import LocalStack, get
from tests.e2e.test_professional_journey import demo_professional
from tests.e2e.test_web_professional import WAIT, heading, open_site, sign_in_on_page

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
WHITE = "rgb(255, 255, 255)"
THEME_LIMIT = 8 * 1024


@pytest.fixture
def small_phone(browser: Any) -> Iterator[Page]:
    """A 360x740 phone: the first screen the header and the banner must not crowd."""
    yield from page_at(browser, PHONE)


@pytest.fixture
def desktop(browser: Any) -> Iterator[Page]:
    yield from page_at(browser, DESKTOP)


def council(stack: LocalStack) -> str:
    _, campaign, _ = get(stack.api("/campaign"))
    return str(campaign["council"])


def short_deadline(stack: LocalStack) -> str:
    _, campaign, _ = get(stack.api("/campaign"))
    day = "/".join(reversed(campaign["deadline"].split("-")))
    return f"Prazo: {day} · faltam {campaign['days_left']} dias"


def css(page: Page, selector: str, prop: str) -> str:
    return str(page.eval_on_selector(selector, f"n => getComputedStyle(n)['{prop}']"))


def crumbs(page: Page) -> Any:
    return page.get_by_role("navigation", name="Você está aqui")


def test_the_stack_serves_the_shared_theme_before_the_page_stylesheet(stack: LocalStack) -> None:
    # Given the local stack's static server
    # When the browser asks for the page and for /theme.css
    status, page, _ = get(stack.url("WEB_PORT", "/"))
    theme_status, theme, headers = get(stack.url("WEB_PORT", "/theme.css"))

    # Then the theme is there, small, with gov.br's blue, and linked before the page's own CSS
    assert theme_status == 200
    content_type = {key.lower(): value for key, value in headers.items()}["content-type"]
    assert content_type.startswith("text/css")
    assert len(theme.encode()) < THEME_LIMIT, f"theme.css is {len(theme.encode())} bytes"
    assert "--blue: #1351b4;" in theme
    assert status == 200
    assert page.index('href="/theme.css"') < page.index('href="/styles.css"')


def test_the_start_screen_has_a_white_header_with_the_council_and_system_fonts(
    stack: LocalStack, desktop: Page
) -> None:
    # Given the sign-in start on a desktop screen
    page = desktop
    name = council(stack)
    open_site(page, stack, "#/entrar")
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)

    # Then the header is white and names the council, whose initials fill the logo slot
    header = page.get_by_role("banner")
    expect(header).to_contain_text(name, timeout=WAIT)
    expect(header).to_contain_text("Recadastramento")
    expect(page.locator(".site-logo")).to_have_text("CFTR")
    assert css(page, ".site-header", "backgroundColor") == WHITE
    # The system's own font, no web font to download
    assert css(page, "body", "fontFamily").startswith("system-ui, -apple-system")
    # The full deadline sentence fits a wide screen; the start screen has no breadcrumbs
    expect(page.locator(".deadline__text--full")).to_be_visible()
    expect(page.locator(".deadline__text--short")).to_be_hidden()
    expect(crumbs(page)).to_have_count(0)
    # A keyboard user sees gov.br's dashed focus ring on the menu
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Entrar").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_accessible_name("Entrar")
    assert focused.evaluate("n => getComputedStyle(n).outlineStyle") == "dashed"
    check_accessibility(page, "inicio desktop")
    screenshot(page, "look-01-entrar-1366")


def test_on_a_phone_the_header_is_compact_and_deeper_screens_show_where_you_are(
    stack: LocalStack, small_phone: Page
) -> None:
    # Given the sign-in start on a 360x740 phone
    page = small_phone
    open_site(page, stack, "#/entrar")
    expect(heading(page, "Entrar")).to_be_visible(timeout=WAIT)
    banner = page.locator("#prazo")
    expect(banner.locator(".deadline__text--short")).to_have_text(short_deadline(stack))
    expect(banner.locator(".deadline__text--full")).to_be_hidden()
    check_accessibility(page, "inicio celular")
    screenshot(page, "look-01-entrar-360")

    # When the professional signs in
    sign_in_on_page(page, stack, demo_professional(3))

    # Then the header (logo, council, title, menu) and the banner take at most a fifth of
    # the first screen, and the menu keeps to one line of short names with the full ones read
    top_of_content = banner.evaluate("n => n.getBoundingClientRect().bottom")
    assert top_of_content <= 0.20 * PHONE["height"], f"header and banner: {top_of_content}px"
    menu = page.get_by_role("navigation", name="Principal")
    for full, short in [
        ("Meus dados", "Dados"),
        ("Minhas solicitações", "Solicitações"),
        ("Consultar protocolo", "Protocolo"),
    ]:
        link = menu.get_by_role("link", name=full, exact=True)
        expect(link).to_be_visible()
        expect(link.locator(".site-nav__short")).to_be_visible()
        expect(link.locator(".site-nav__short")).to_have_text(short)
    tops = menu.locator("li").evaluate_all("items => items.map(i => i.offsetTop)")
    assert len(set(tops)) == 1, f"the menu wraps: {tops}"
    expect(menu.get_by_role("link", name="Meus dados")).to_have_attribute("aria-current", "page")
    assert no_horizontal_scroll(page)

    # And "Meus dados" says where it is: Início > Meus dados
    trail = crumbs(page)
    expect(trail.get_by_role("link", name="Início")).to_have_attribute("href", "#/")
    expect(trail.locator('[aria-current="page"]')).to_have_text("Meus dados")
    check_accessibility(page, "meus dados celular")
    screenshot(page, "look-02-dados-360")

    # When they go one screen deeper, to change their address
    page.evaluate("location.hash = '#/alterar/address'")
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(re.compile("^Alterar"), timeout=WAIT)

    # Then the breadcrumbs lead back through "Meus dados", and end on this screen's title
    expect(trail.get_by_role("listitem")).to_have_count(3)
    expect(trail.get_by_role("listitem")).to_have_text(["Início", "Meus dados", title.inner_text()])
    expect(trail.locator('[aria-current="page"]')).to_have_text(title.inner_text())
    check_accessibility(page, "alterar endereco celular")
    trail.get_by_role("link", name="Meus dados").click()
    expect(heading(page, "Meus dados")).to_be_visible(timeout=WAIT)

    # And on a desktop screen the same session shows the full names and sentence
    page.set_viewport_size(DESKTOP)
    expect(menu.get_by_text("Minhas solicitações", exact=True)).to_be_visible()
    expect(banner.locator(".deadline__text--full")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text(council(stack))
    check_accessibility(page, "meus dados desktop")
    screenshot(page, "look-02-dados-1366")


def test_after_the_deadline_the_phone_line_still_says_the_card_has_a_fee(
    stack: LocalStack, small_phone: Page
) -> None:
    # Given a campaign whose deadline passed three days ago, with a fee after it
    page = small_phone
    _, campaign, _ = get(stack.api("/campaign"))
    ended = datetime.now(ZoneInfo("America/Sao_Paulo")).date() - timedelta(days=3)
    campaign |= {"deadline": ended.isoformat(), "days_left": 0, "fee_after_deadline": True}
    page.route(
        re.compile(r".*/campaign$"),
        lambda route: route.fulfill(
            status=200,
            headers={"Access-Control-Allow-Origin": "*"},
            content_type="application/json",
            body=json.dumps(campaign),
        ),
    )

    # When the site opens on a phone
    open_site(page, stack, "#/protocolo")

    # Then the banner's one line says so, and a wide screen gets the whole sentence
    banner = page.get_by_role("region", name="Prazo do recadastramento")
    day = ended.strftime("%d/%m/%Y")
    expect(banner.locator(".deadline__text--short")).to_have_text(
        f"Prazo encerrado em {day} · carteira com taxa", timeout=WAIT
    )
    expect(banner.locator(".deadline__text--full")).to_be_hidden()
    check_accessibility(page, "prazo encerrado celular")
    page.set_viewport_size(DESKTOP)
    expect(banner.locator(".deadline__text--full")).to_be_visible()
    expect(banner.locator(".deadline__text--full")).to_contain_text(
        f"O prazo do recadastramento terminou em {day}. Você ainda pode atualizar seus dados, "
        "mas a emissão da nova carteira passa a ter a taxa"
    )
    expect(banner.locator(".deadline__text--short")).to_be_hidden()
