"""Ids written after a phrase (`**locale**{ #mkdocs-locale }`) are places a link may point at, as in MkDocs."""
from __future__ import annotations

import pytest

from thaw.markdown.parser import parser


def render(text: str) -> tuple[str, dict]:
    env: dict = {}
    md = parser()
    return md.render(text, env), env


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**locale**{ #mkdocs-locale }: the language.", '<strong id="mkdocs-locale">locale</strong>: the language.'),
        ("**locale**{#mkdocs-locale}: the language.", '<strong id="mkdocs-locale">locale</strong>: the language.'),
        ("*a*{: #b } c", '<em id="b">a</em> c'),
        ("`code`{#c} d", '<code id="c">code</code> d'),
        ("[a](https://example.org){ #l } e", '<a href="https://example.org" id="l">a</a> e'),
        ("**a *b* c**{#outer}", '<strong id="outer">a <em>b</em> c</strong>'),
    ],
)
def test_an_id_after_a_phrase_is_set_and_the_braces_are_not_shown(text: str, expected: str) -> None:
    html, env = render(text)
    assert expected in html
    assert "{" not in html
    assert env["anchors"]


@pytest.mark.parametrize("text", ['**a**{onclick="x"}', "**a**{ .class }", "**a**{#1bad}", "plain {#id} text"])
def test_anything_but_an_id_after_a_phrase_stays_text(text: str) -> None:
    html, env = render(text)
    assert "{" in html and "onclick=" not in html.replace("{onclick", "")
    assert not env.get("anchors")


def test_a_heading_keeps_off_an_id_written_in_the_text() -> None:
    html, _ = render("**x**{#setup}\n\n## Setup\n")
    assert '<strong id="setup">' in html and '<h2 id="setup-1">' in html


def test_a_link_to_an_id_after_a_phrase_passes_the_link_check(tmp_path) -> None:
    from conftest import article
    from thaw.config.settings import Config
    from thaw.catalog.load import load_catalog

    content = tmp_path / "content"
    (content / "understanding").mkdir(parents=True)
    (content / "understanding" / "a.md").write_text(article(body="**locale**{ #mkdocs-locale }: words.\n"), encoding="utf-8")
    (content / "understanding" / "b.md").write_text(article(title="B", body="See [the locale](a.md#mkdocs-locale).\n"), encoding="utf-8")
    (content / "references.yaml").write_text("{}\n", encoding="utf-8")
    catalog = load_catalog(Config(content_dir=content), lambda a: f"/{a.slug}/", lambda r: f"/media/{r}")
    assert "a" in catalog.articles and "b" in catalog.articles
    (content / "understanding" / "b.md").write_text(article(title="B", body="See [the locale](a.md#mkdocs-local).\n"), encoding="utf-8")
    from thaw.errors import ContentError

    with pytest.raises(ContentError, match="mkdocs-local"):
        load_catalog(Config(content_dir=content), lambda a: f"/{a.slug}/", lambda r: f"/media/{r}")
