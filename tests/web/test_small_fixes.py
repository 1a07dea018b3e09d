"""Small accessibility and print fixes, each checked in Chromium on the frozen site under /practice/.

Printed worksheet columns, dark mode on paper, silent breadcrumb separators, named and reachable article tables,
and a 404 page that offers a way on.
"""
from __future__ import annotations

import pytest

from thaw.web.exercises.worksheets import SHEETS

from conftest import article, state_path
from test_render import render

PRINT_PAGE = {"width": 794, "height": 1123}  # an A4 sheet at 96 CSS pixels an inch (US Letter is 816 × 1056)
PHONE = {"width": 360, "height": 740}


# 1. Printed worksheet tables ---------------------------------------------------------------------------------------

# The first column holds a handwritten date and time ("Tue 14 Mar, 9 pm") and, in the trigger log, the place too.
# 100 CSS px is about 26 mm on paper, the least that fits that in ordinary handwriting; 15% of the table keeps it in
# proportion if the sheet is printed wider. No column may shrink below 8% (about 15 mm): room for a tick or "0-10".
FIRST_COLUMN_PX = 100
FIRST_COLUMN_SHARE = 0.15
ANY_COLUMN_SHARE = 0.08

COLUMN_WIDTHS = """() => [...document.querySelectorAll(".worksheet table")].map(table => ({
  table: table.getBoundingClientRect().width,
  columns: [...table.rows[0].cells].map(cell => cell.getBoundingClientRect().width),
  headers: [...table.rows[0].cells].map(cell => cell.textContent.trim()),
}))"""


@pytest.mark.parametrize("sheet", sorted(SHEETS))
def test_printed_worksheet_columns_are_wide_enough_to_write_in(browser, served_site: str, sheet: str) -> None:
    context = browser.new_context(viewport=PRINT_PAGE)
    page = context.new_page()
    page.goto(served_site + state_path("worksheets", sheet))
    page.emulate_media(media="print")
    tables = page.evaluate(COLUMN_WIDTHS)
    context.close()
    if sheet == "safety-plan":
        assert tables == []  # lines to write on, no table
        return
    assert tables, f"{sheet} has no table"
    for table in tables:
        first = table["columns"][0]
        assert first >= FIRST_COLUMN_PX and first >= FIRST_COLUMN_SHARE * table["table"], (sheet, table)
        narrow = [h for h, w in zip(table["headers"], table["columns"]) if w < ANY_COLUMN_SHARE * table["table"]]
        assert narrow == [], (sheet, table)


def test_the_trigger_log_has_room_for_when_and_where(browser, served_site: str) -> None:
    context = browser.new_context(viewport=PRINT_PAGE)
    page = context.new_page()
    page.goto(served_site + state_path("worksheets", "trigger-log"))
    page.emulate_media(media="print")
    [table] = page.evaluate(COLUMN_WIDTHS)
    context.close()
    assert table["headers"][0] == "When and where"
    assert table["columns"][0] >= 0.18 * table["table"], table  # about as wide as the columns written in


# 2. Dark mode on paper -------------------------------------------------------------------------------------------

# Every rendered element: a background must be transparent or white, and text must be dark.
INK = """() => {
  const channels = value => (value.match(/[\\d.]+/g) || []).map(Number);
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const bad = [];
  for (const el of [document.documentElement, document.body, ...document.body.querySelectorAll("*")]) {
    if (!el.getClientRects().length) continue;  // not printed (display: none here or above)
    const style = getComputedStyle(el);
    if (style.visibility !== "visible") continue;
    const [r, g, b, a = 1] = channels(style.backgroundColor);
    if (a > 0 && Math.min(r, g, b) < 245) bad.push(["background", name(el), style.backgroundColor]);
    const text = [...el.childNodes].some(node => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    const [tr, tg, tb] = channels(style.color);
    if (text && Math.max(tr, tg, tb) > 100) bad.push(["text", name(el), style.color]);
  }
  return bad;
}"""

DARK_PRINT_PAGES = [state_path("worksheets", sheet) for sheet in sorted(SHEETS)] + [
    "exercises/worksheets/", state_path("grounding", "go/see"), state_path("breathing", "go/box/1"), "exercises/check-in/",
    "therapy/therapy-options/", "help-now/", "",
]


def test_dark_mode_prints_dark_ink_on_white_paper(browser, served_site: str) -> None:
    context = browser.new_context(viewport=PRINT_PAGE, color_scheme="dark")
    page = context.new_page()
    problems = {}
    for path in DARK_PRINT_PAGES:
        page.goto(served_site + path)
        page.emulate_media(media="print")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches"), "the test must really be in dark mode"
        found = page.evaluate(INK)
        if found:
            problems[path] = found[:6]
    page.goto(served_site + state_path("worksheets", "trigger-log"))
    panel = page.locator(".exercise-panel").evaluate("e => getComputedStyle(e).backgroundColor")
    context.close()
    assert problems == {}, problems
    assert panel in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")  # the panel that stayed dark


# 3. Breadcrumb separators ----------------------------------------------------------------------------------------

BREADCRUMB_PAGES = ["therapy/therapy-options/", "therapy/", "articles/", "tags/", "tags/numbness/", "exercises/grounding/"]


def _breadcrumb_names(page) -> list[str]:
    """Every name and value in Chromium's own accessibility tree under the breadcrumb navigation."""
    session = page.context.new_cdp_session(page)
    nodes = {node["nodeId"]: node for node in session.send("Accessibility.getFullAXTree")["nodes"]}
    session.detach()
    [nav] = [n for n in nodes.values() if n.get("role", {}).get("value") == "navigation" and n.get("name", {}).get("value") == "Breadcrumb"]
    names, todo = [], [nav["nodeId"]]
    while todo:
        node = nodes[todo.pop()]
        names += [str(node.get(key, {}).get("value", "")) for key in ("name", "value")]
        todo += node.get("childIds", [])
    return names


@pytest.mark.parametrize("path", BREADCRUMB_PAGES)
def test_breadcrumb_separators_are_seen_but_not_read_aloud(browser, served_site: str, path: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + path)
    snapshot = page.locator("nav.breadcrumbs").aria_snapshot()
    names = _breadcrumb_names(page)
    drawn = page.evaluate("getComputedStyle(document.querySelector('.breadcrumbs li + li'), '::before').content")
    context.close()
    assert "Home" in snapshot and "Home" in names
    assert "›" not in snapshot
    assert not [n for n in names if "›" in n]
    assert "›" in drawn  # still drawn on the screen


# 4. Tables in articles -------------------------------------------------------------------------------------------

THERAPY = "therapy/therapy-options/"
THERAPY_TABLE_NAME = "The approaches at a glance"  # the heading the table sits under


def test_a_table_region_is_named_by_the_heading_before_it(make_content, make_config) -> None:
    body = "## Side by side\n\nSome text.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    _, a = render(make_content, make_config, {"a.md": article(body=body)})
    assert '<section class="table-wrap" aria-labelledby="side-by-side" tabindex="0">' in a.html
    assert 'aria-label="Table"' not in a.html


def test_a_table_without_a_heading_is_named_by_its_columns(make_content, make_config) -> None:
    body = "| Approach | [Evidence](https://example.org/) |\n|---|---|\n| 1 | 2 |\n"
    _, a = render(make_content, make_config, {"a.md": article(body=body)})
    assert '<section class="table-wrap" aria-label="Table: Approach, Evidence" tabindex="0">' in a.html


def test_the_therapy_table_region_has_the_tables_name(browser, served_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + THERAPY)
    region = page.get_by_role("region", name=THERAPY_TABLE_NAME, exact=True)
    assert region.count() == 1
    assert region.locator("table th").first.inner_text() == "Approach"
    assert page.get_by_role("region", name="Table", exact=True).count() == 0
    assert region.get_attribute("tabindex") == "0"
    context.close()


def test_every_column_of_the_therapy_table_is_reachable_on_a_phone(browser, served_site: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served_site + THERAPY)
    region = page.get_by_role("region", name=THERAPY_TABLE_NAME)
    assert region.count() == 1, "no region is named after the table"
    hint = region.get_by_text("Scroll sideways to see all columns")
    assert hint.is_visible(), "a phone shows no hint that the table scrolls"
    headers = region.locator("th")
    assert headers.count() == 5
    for index in range(headers.count()):
        header = headers.nth(index)
        assert header.evaluate("e => getComputedStyle(e).display") != "none"
        header.scroll_into_view_if_needed()
        box, view = header.bounding_box(), region.bounding_box()
        assert box and view and box["width"] > 40
        assert view["x"] - 1 <= box["x"] and box["x"] + box["width"] <= view["x"] + view["width"] + 1, header.inner_text()
        assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
        assert hint.is_visible(), "the hint scrolled away"
    # The region scrolls from the keyboard as well.
    region.evaluate("e => e.scrollLeft = 0")
    region.focus()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    # a smooth scroll may still be starting on a busy machine: wait for it rather than read it at once
    page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle(), timeout=5_000)
    context.close()
    # Turning animations off (the hint is shown by a scroll-driven animation) keeps the hint.
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    page = context.new_page()
    page.goto(served_site + THERAPY)
    assert page.get_by_text("Scroll sideways to see all columns").is_visible()
    context.close()


def test_the_scroll_hint_shows_only_when_the_table_overflows(browser, served_site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_site + THERAPY)
    region = page.get_by_role("region", name=THERAPY_TABLE_NAME)
    assert region.count() == 1, "no region is named after the table"
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth"), "the table should fit a desktop screen"
    assert not region.get_by_text("Scroll sideways to see all columns").is_visible()
    page.emulate_media(media="print")
    assert not region.get_by_text("Scroll sideways to see all columns").is_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_therapy_article_passes_axe_on_a_phone(browser, served_site: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from test_accessibility import TAGS

    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(served_site + THERAPY)
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    context.close()
    assert result.response["passes"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]] == []


# 5. The 404 page ---------------------------------------------------------------------------------------------------

def test_the_404_page_offers_help_search_exercises_and_home(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    response = page.goto(served_site + "no-such-page/")
    assert response and response.status == 404
    main = page.locator("main")
    links = main.get_by_role("link")
    found = {}
    for index in range(links.count()):
        link = links.nth(index)
        found[" ".join(link.inner_text().split()).lower()] = link.get_attribute("href")
    names = list(found)
    wanted = {"help": "help now", "search": "search", "exercises": "exercise", "home": "home page"}
    chosen = {key: next((n for n in names if word in n), None) for key, word in wanted.items()}
    assert None not in chosen.values(), names
    assert names.index(chosen["help"]) == 0, "crisis help comes first"
    for key, name in chosen.items():
        href = found[name]
        assert href and href.startswith("/practice/"), (key, href)
        reply = page.request.get(page.url.split("/practice/")[0] + href)
        assert reply.status == 200, (key, href)
    assert found[chosen["help"]] == "/practice/help-now/"
    assert found[chosen["search"]] == "/practice/search/"
    assert found[chosen["home"]] == "/practice/"
    context.close()
