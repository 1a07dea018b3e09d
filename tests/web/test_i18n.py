"""Interface strings go through gettext (issue 21's first step): every wrapped message reaches the translation, the
English site is unchanged, and the messages can be extracted for translators."""
from __future__ import annotations

import io
from gettext import NullTranslations
from pathlib import Path

import pytest
from jinja2.ext import babel_extract

from thaw.config.settings import Config
from thaw.web import i18n
from thaw.web.app import create_app

from conftest import TODAY

TEMPLATES = Path(i18n.__file__).parent / "templates"
CHROME = ["Skip to the main content", "Crisis help", "Leave this site", "In crisis or not safe?", "More help", "Search",
          "Get help now", "Sections", "Home", "All articles", "All topics", "Browsing safely", "Privacy",
          "Shift pressed once. Press it 2 more times to leave this site.", "Leaving this site…"]


class Marked(NullTranslations):
    """A stand-in catalog: every message comes back inside ‹ › (and one with a quotation mark, to attack attributes)."""

    def gettext(self, message: str) -> str:
        return 'Say "help"' if message == "Sections" else f"‹{message}›"

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return f"‹{singular if count == 1 else plural}›"


@pytest.fixture
def marked(sample_config: Config):
    """The sample site, its pages made with the stand-in catalog as if it were the site's language's."""
    from thaw.config.interface import Interface

    app = create_app(sample_config, today=TODAY)
    app.extensions["thaw"].interfaces[sample_config.language] = Interface(Marked(), ())
    app.extensions["thaw"].frames.clear()
    yield app.test_client()


@pytest.mark.parametrize("path", ["/", "/help-now/", "/search/", "/understanding/what-is-numbness/"])
def test_every_message_of_the_pages_frame_goes_through_gettext(marked, path: str) -> None:
    html = marked.get(path).get_data(as_text=True)
    for message in CHROME:
        if message == "Sections":
            assert 'aria-label="Say &#34;help&#34;"' in html, "a translation in an attribute is escaped"
        else:
            assert f"‹{message}›" in html, message
    assert "‹Call&nbsp;%(number)s›" not in html and "‹Call&nbsp;988›" in html, "values fill the message's placeholders"
    assert "‹<strong>This site offers information, not treatment or emergency help.</strong>" in html


def test_the_messages_are_extracted_for_translators() -> None:
    found: set[str] = set()
    for template in TEMPLATES.rglob("*.html"):
        with template.open("rb") as stream:
            options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
            found.update(message if isinstance(message, str) else message[0]
                         for _, _, message, _ in babel_extract(stream, ("_", "gettext", "ngettext"), [], options))
    assert set(CHROME) <= found
    assert any(message.startswith("<strong>This site offers information") for message in found)
    assert "Call&nbsp;%(number)s" in found


@pytest.mark.parametrize(("translated", "expected"), [
    (None, 'aria-label="More in A &amp; &#34;B&#34;"'),  # English: the value escaped once, as before
    ('Say "%(section)s"', 'aria-label="Say &#34;A &amp; &#34;B&#34;&#34;"'),  # a quotation mark in the translation too
])
def test_a_message_in_an_attribute_is_escaped_once(app, translated: str | None, expected: str) -> None:
    class One(NullTranslations):
        def gettext(self, message: str) -> str:
            return translated if translated and message == "More in %(section)s" else message

    token = i18n._translations.set(One())
    try:
        html = app.jinja_env.from_string('<nav aria-label="{{ _("More in %(section)s", section=title) | as_attribute }}">').render(title='A & "B"')
    finally:
        i18n._translations.reset(token)
    assert html == f"<nav {expected}>"


def test_the_words_search_js_writes_come_from_gettext_with_their_placeholders(marked) -> None:
    """search.js writes no English of its own: its messages are the page's data, translated, placeholders intact."""
    import json
    import re

    html = marked.get("/search/").get_data(as_text=True)
    messages = json.loads(re.search(r"data-messages='([^']*)'", html).group(1))
    assert messages and all(text.startswith("‹") and text.endswith("›") for text in messages.values())
    assert "%(query)s" in messages["none"] and "%(corrected)s" in messages["corrected"] and "%(total)s" in messages["manyBest"]
    script = (Path(i18n.__file__).parent / "static" / "search.js").read_text(encoding="utf-8")
    page_part = script[script.index('document.addEventListener("DOMContentLoaded"'):]
    assert not re.findall(r'"[A-Z][a-z]+ [a-z][^"]*"', page_part), "an English sentence in search.js"


@pytest.mark.parametrize(("path", "keys"), [
    ("/help-now/", {"saving", "saved", "failed", "removed"}),  # the offline copy's status lines
])
def test_the_words_thaw_js_writes_come_from_gettext(marked, path: str, keys: set[str]) -> None:
    import json
    import re

    html = marked.get(path).get_data(as_text=True)
    found = [json.loads(m) for m in re.findall(r"data-messages='([^']*)'", html)]
    assert any(keys <= set(messages) and all(v.startswith("‹") for v in messages.values()) for messages in found), found


def test_thaw_js_writes_no_english_of_its_own() -> None:
    import re

    script = (Path(i18n.__file__).parent / "static" / "thaw.js").read_text(encoding="utf-8")
    code = re.sub(r"//[^\n]*|/\*.*?\*/", "", script, flags=re.S)
    words = [w for w in re.findall(r'"([^"\\]*)"', code) if re.fullmatch(r"[A-Z][a-z]+( [a-z]+)*[.…]?", w) and w not in ("Shift",)]
    assert words == [], words


def test_the_breathing_timer_words_come_from_gettext(marked) -> None:
    import json
    import re

    from thaw.web.exercises import EXERCISES

    breathing = next(e for e in EXERCISES.values() if e.slug == "breathing")
    seen, queue, html = set(), [f"/exercises/{breathing.slug}/"], ""
    while queue and len(seen) < 400 and "data-phases" not in html:  # walk the exercise until a timer appears
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page = marked.get(path).get_data(as_text=True)
        html += page
        queue += re.findall(r'href="(?:/practice)?(/exercises/breathing/[a-z]+/)#panel"', page)
    found = [json.loads(m) for m in re.findall(r"data-messages='([^']*)'", html)]
    timer = [m for m in found if "paused" in m]
    assert timer and all(v.startswith("‹") for v in timer[0].values()) and "%(time)s" in timer[0]["left"], sorted(seen)


def _untranslated_words(html: str) -> list[str]:
    """Words of a page's <main> (its text and its attributes' words meant for people) outside any ‹translated› message."""
    import re
    from html import unescape

    main = html[html.index("<main"):html.index("</main>")]
    shown = " ".join(re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', main))
    text = unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", main, flags=re.S))) + " " + unescape(shown)
    outside, before = text, None
    while outside != before:  # a message may hold another ("‹‹Box breathing›: how long?›"): the innermost first
        before, outside = outside, re.sub(r"‹[^‹›]*›", " ", outside)
    return re.findall(r"[A-Za-z]{3,}", outside)


def test_every_exercise_screen_says_nothing_in_english_of_its_own(marked) -> None:
    """Headings, steps, choices, breathing patterns, feeling words and worksheets: all through gettext (the Python
    text too), so a Spanish catalog reaches every state of every exercise."""
    from thaw.web.exercises import all_urls
    from thaw.web.app import create_app  # noqa: F401

    app = marked.application
    left: dict[str, list[str]] = {}
    with app.test_request_context("/"):
        urls = [app.extensions["thaw"].url_for(endpoint, **values) for endpoint, values in all_urls()]
    import re

    from thaw.config.crisis import regions

    services = regions()["us"].services  # the crisis lines' own words are per-language data (config/crisis.py)
    theirs = {w for s in services for text in (s.name, s.note, s.hours, s.keyword, s.audience, s.url) for w in re.findall(r"[A-Za-z]+", text)}
    for url in urls:
        words = [w for w in _untranslated_words(marked.get(url).get_data(as_text=True)) if w not in theirs]
        if words:
            left[url] = sorted(set(words))
    assert not left, left
