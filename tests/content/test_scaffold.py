"""`new`: a scaffold that builds as it stands, whatever the title, with an ASCII file name."""
from __future__ import annotations

import datetime as dt

import pytest

from thaw.content.scaffold import new_article
from thaw.errors import ThawError
from thaw.web.app import create_app

from conftest import TODAY

SLUGS = {
    "Feeling flat after a loss": "feeling-flat-after-a-loss",
    "Ünïcödé façade": "unicode-facade",
    "Straße & Æsir": "strasse-aesir",
    "Άγχος και πανικός": "agchos-kai-panikos",
    "Тревога и паника": "trevoga-i-panika",
    "焦虑与恐慌": "jiaoluyukonghuang",
}


@pytest.mark.parametrize("title", sorted(SLUGS))
def test_the_file_name_is_an_ascii_slug_of_any_title(title: str, make_content, make_config) -> None:
    config = make_config(make_content({}))
    path = new_article(config, title, today=TODAY)
    assert path.name == f"{SLUGS[title]}.md"


TITLES = {  # as typed -> as published
    "Colon: a title": "Colon: a title",
    "---": "---",
    'He said "hi"': 'He said "hi"',
    "It's a 'quote'": "It's a 'quote'",
    "# not a comment": "# not a comment",
    "- a list?": "- a list?",
    "[brackets] {braces}": "[brackets] {braces}",
    "yes": "yes",
    "2026-01-01 anniversary": "2026-01-01 anniversary",
    "line one\nline two": "line one line two",
    "  spaced\tout  ": "spaced out",
    "back\\slash @ & *star | pipe > more %": "back\\slash @ & *star | pipe > more %",
}


@pytest.mark.parametrize("typed", sorted(TITLES))
def test_a_new_article_builds_as_it_stands_whatever_its_title(typed: str, make_content, make_config) -> None:
    content = make_content({})
    config = make_config(content)
    path = new_article(config, typed, "understanding", today=TODAY, slug="dashes" if typed == "---" else None)
    dev = create_app(config, dev=True, today=TODAY).extensions["thaw"]  # drafts shown: every problem is an error
    assert dev.error is None, str(dev.error)
    [page] = dev.catalog.articles.values()
    assert page.title == TITLES[typed] and page.draft and page.path == path
    front, body = path.read_text(encoding="utf-8")[4:].split("\n---\n", 1)
    assert "[@" not in body  # the hint about citations is a YAML comment in the front matter
    assert "# Cite a source" in front


@pytest.mark.parametrize("title", ["!!!", "?? — …", "« »"])
def test_a_title_with_nothing_to_make_a_file_name_from_asks_for_a_slug(title: str, make_content, make_config) -> None:
    config = make_config(make_content({}))
    with pytest.raises(ThawError, match="pass a file name with --slug"):
        new_article(config, title, today=TODAY)
    path = new_article(config, title, slug="marks", today=TODAY)
    assert path.name == "marks.md"


@pytest.mark.parametrize("title", ["", "   ", "\n"])
def test_an_empty_title_is_refused(title: str, make_content, make_config) -> None:
    with pytest.raises(ThawError, match="the title is empty"):
        new_article(make_config(make_content({})), title, today=TODAY)


@pytest.mark.parametrize("slug", ["Not A Slug", "café", "-dash", "a/b"])
def test_a_slug_given_by_hand_must_be_one(slug: str, make_content, make_config) -> None:
    with pytest.raises(ThawError, match="--slug"):
        new_article(make_config(make_content({})), "A title", slug=slug, today=dt.date(2026, 1, 1))


def test_a_title_too_long_to_publish_is_refused(make_content, make_config) -> None:
    with pytest.raises(ThawError, match="at most 120"):
        new_article(make_config(make_content({})), "word " * 30, today=TODAY)
