"""Heading ids as GitHub and MkDocs make them, the `{#id}` forms, and ids the page already uses."""
from __future__ import annotations

import re

import pytest

from thaw.markdown.parser import parser


def ids(markdown: str, **env: object) -> list[str]:
    html = parser().render(markdown, dict(env))
    return re.findall(r'<h\d id="([^"]*)"', html)


def heading_html(markdown: str) -> str:
    return parser().render(markdown, {}).strip()


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param("## exclude_docs\n", ["exclude_docs"], id="underscore"),
        pytest.param("## Why it matters!\n\n## Why it matters!\n\n## Why it matters!\n", ["why-it-matters", "why-it-matters-1", "why-it-matters-2"], id="duplicate"),
        pytest.param("## foo\\_bar\n", ["foo_bar"], id="escape"),
        pytest.param("## Salt &amp; pepper\n", ["salt--pepper"], id="entity"),
        pytest.param("## Use `mkdocs.yml` here\n", ["use-mkdocsyml-here"], id="inline-code"),
        pytest.param("## What *you* can do\n", ["what-you-can-do"], id="emphasis"),
        pytest.param("## A -- B (c) ...\n", ["a----b-c-"], id="typography-ignored"),
        pytest.param("## Don't stop\n", ["dont-stop"], id="apostrophe"),
        pytest.param("## Café au lait\n", ["café-au-lait"], id="accented"),
        pytest.param("## हिन्दी में\n", ["हिन्दी-में"], id="combining-marks"),
        pytest.param("## 情緒の麻痺\n", ["情緒の麻痺"], id="non-latin"),
        pytest.param("## !!!\n", ["section"], id="only-punctuation"),
        pytest.param("## The window {#window}\n", ["window"], id="custom"),
        pytest.param("## The window { #window }\n", ["window"], id="custom-spaced"),
        pytest.param("## The window {#window .wide}\n", ["window"], id="custom-class"),
        pytest.param("## The window {: #window }\n", ["window"], id="custom-colon"),
        pytest.param("The window {#window}\n-----\n", ["window"], id="custom-setext"),
        pytest.param("## The window {#window}\n\n## The window {#window}\n", ["window", "window-1"], id="custom-duplicate"),
        pytest.param("## Use `{#id}`\n", ["use-id"], id="code-is-not-an-id"),
        pytest.param("## Sets {like this} stay\n", ["sets-like-this-stay"], id="braces-midline"),
    ],
)
def test_heading_ids_are_made_as_github_makes_them(markdown: str, expected: list[str]) -> None:
    assert ids(markdown) == expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param("## The window {#window}\n", '<h2 id="window">The window</h2>', id="custom"),
        pytest.param("## The window { #window }\n", '<h2 id="window">The window</h2>', id="custom-spaced"),
        pytest.param("## The window {#window .wide}\n", '<h2 id="window">The window</h2>', id="class-dropped"),
        pytest.param("## The window {.wide}\n", '<h2 id="the-window">The window</h2>', id="class-only"),
        pytest.param('## The window {#window onclick="x()"}\n', '<h2 id="window">The window</h2>', id="other-attributes-dropped"),
    ],
)
def test_the_id_braces_are_not_shown(markdown: str, expected: str) -> None:
    assert heading_html(markdown) == expected


@pytest.mark.parametrize(
    ("markdown", "env", "expected"),
    [
        pytest.param("## References\n", {}, ["references-1"], id="page-reference-list"),
        pytest.param("## Contents\n\n## Main\n", {}, ["contents-1", "main-1"], id="page-landmarks"),
        pytest.param("## Related title\n", {}, ["related-title-1"], id="related-reading"),
        pytest.param("## ref 1\n\nA claim [@nimh].\n", {}, ["ref-1-1"], id="cited-reference"),
        pytest.param("## ref 2\n", {"listed_references": ("a", "b")}, ["ref-2-1"], id="listed-reference"),
        pytest.param("## ref 3\n", {"listed_references": ("a", "b")}, ["ref-3"], id="no-such-reference"),
        pytest.param("## fn1\n\n## fnref1\n\nA note.[^1]\n\n[^1]: The note.\n", {}, ["fn1-1", "fnref1-1"], id="footnote"),
        pytest.param("## Other {#ref-1}\n\nA claim [@nimh].\n", {}, ["ref-1-1"], id="custom-reference-id"),
        pytest.param("## ref\n\n## ref\n\n## ref\n\nA claim [@a] [@b].\n", {}, ["ref", "ref-3", "ref-4"], id="ref-duplicates"),
    ],
)
def test_headings_never_take_an_id_the_page_already_uses(markdown: str, env: dict, expected: list[str]) -> None:
    assert ids(markdown, **env) == expected


def test_the_contents_list_shows_the_heading_as_printed() -> None:
    env: dict = {}
    parser().parse("## Don't stop -- foo\\_bar &amp; more {#x}\n", env)
    assert [(level, hid, text) for level, hid, text, _ in env["headings"]] == [(2, "x", "Don’t stop – foo_bar & more")]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("## Why it happens\n", "why-it-happens"),
        ("## exclude_docs\n", "exclude_docs"),
        ("## Salt & pepper\n", "salt--pepper"),
        ("## Café\n", "café"),
        ("## References\n", "references-1"),
        ("## Salt {: #salt }\n", "salt"),
        ("## The window of tolerance {#window}\n", "window"),  # README
        ("## The window of tolerance { #window }\n", "window"),  # README
    ],
)
def test_the_examples_in_editing_md_hold(markdown: str, expected: str) -> None:
    """EDITING.md, "Heading ids"."""
    assert ids(markdown) == [expected]
