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


@pytest.fixture
def marked(sample_config: Config):
    token = i18n._translations.set(Marked())
    try:
        yield create_app(sample_config, today=TODAY).test_client()
    finally:
        i18n._translations.reset(token)


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
