"""`[@key]` is a citation; a bracketed `@name` used as a link's text is a link."""
from __future__ import annotations

import pytest

from thaw.markdown.parser import parser


def kinds(markdown: str) -> list[str]:
    inline = [t for t in parser().parse(markdown, {}) if t.type == "inline"][0]
    return [c.type for c in inline.children or [] if c.type in ("citation", "link_open")]


def keys(markdown: str) -> list[str]:
    env: dict = {}
    parser().parse(markdown, env)
    return [key for key, _ in env["citation_keys"]]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param("Thanks to [@tomchristie](https://github.com/tomchristie/).\n", ["link_open"], id="inline-link"),
        pytest.param("Thanks to [@tomchristie][tc].\n\n[tc]: https://github.com/tomchristie/\n", ["link_open"], id="reference-link"),
        pytest.param("Thanks to [@tomchristie].\n\n[@tomchristie]: https://github.com/tomchristie/\n", ["link_open"], id="shortcut-link"),
        pytest.param("A claim [@nimh-ptsd].\n", ["citation"], id="citation"),
        pytest.param("A claim [@nimh-ptsd; @va-avoidance].\n", ["citation"], id="two-citations"),
        pytest.param("A claim [@nimh-ptsd] (2020).\n", ["citation"], id="citation-then-space-bracket"),
    ],
)
def test_citation_or_link(markdown: str, expected: list[str]) -> None:
    assert kinds(markdown) == expected


def test_a_link_named_with_at_is_no_citation_key() -> None:
    assert keys("[@tomchristie](https://github.com/tomchristie/) and [@nimh]\n") == ["nimh"]


def test_a_link_named_with_at_renders_as_a_link() -> None:
    html = parser().render("[@tomchristie](https://github.com/tomchristie/)\n", {})
    assert '<a href="https://github.com/tomchristie/">@tomchristie</a>' in html


def test_a_citation_before_a_footnote_stays_a_citation() -> None:
    assert keys("A claim [@nimh][^1].\n\n[^1]: A note.\n") == ["nimh"]
