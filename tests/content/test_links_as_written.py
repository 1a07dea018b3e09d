"""A link's problem is reported with its address as the editor typed it, on the line where the address is written."""
from __future__ import annotations

import pytest

from thaw.errors import ContentError
from thaw.web.app import create_app

from conftest import TODAY, article

TYPED = {
    "non-ascii-query": ("[x](ftp://example.org/?q=支持)", 'the link "ftp://example.org/?q=支持" uses "ftp:"'),
    "non-ascii-file": ("[x](soutien/支持.md)", 'the link "soutien/支持.md" points to soutien/支持.md, which does not exist'),
    "space-in-brackets": ("[x](<my notes.md>)", 'the link "my notes.md" points to my notes.md, which does not exist'),
    "accented-anchor": ("[x](#réponse)", 'the link "#réponse" points to no heading on this page'),
    "image": ("![x](images/schéma.png)", 'the image "images/schéma.png" does not exist'),
}


@pytest.mark.parametrize("case", sorted(TYPED))
def test_a_link_is_reported_as_it_was_typed(case: str, make_content, make_config) -> None:
    link, message = TYPED[case]
    content = make_content({"a.md": article(body=f"Text {link}.\n")})
    with pytest.raises(ContentError) as caught:
        create_app(make_config(content), today=TODAY)
    problems = "\n".join(str(p) for p in caught.value.problems)
    assert f"content/a.md:8: {message}" in problems
    assert "%" not in problems


def test_the_page_still_gets_an_encoded_address(make_content, make_config) -> None:
    content = make_content({"a.md": article(body="[x](https://example.org/?q=支持) and [y](b.md#réponse).\n"), "b.md": article("B", body="## Réponse\n")})
    html = create_app(make_config(content), today=TODAY).extensions["thaw"].catalog.articles["a"].html
    assert 'href="https://example.org/?q=%E6%94%AF%E6%8C%81"' in html and "#r%C3%A9ponse" in html


BAD_TARGETS = {
    "missing-file": ("nothing.md", 'the link "nothing.md" points to nothing.md, which does not exist'),
    "script": ("javascript:alert(1)", 'the link "javascript:alert(1)" uses "javascript:", which is not allowed'),
    "site-path": ("/tags/", 'the link "/tags/" is a site path'),
}


@pytest.mark.parametrize("case", sorted(BAD_TARGETS))
@pytest.mark.parametrize("use", ["[the text][ref]", "[the text][]", "[ref]"])
def test_a_reference_link_is_reported_at_its_definition(case: str, use: str, make_content, make_config) -> None:
    target, message = BAD_TARGETS[case]
    use = use.replace("[the text][]", "[ref][]")
    body = f"Some text with {use} in it.\n\nMore text, {use} again.\n\n[ref]: {target}\n"
    content = make_content({"a.md": article(body=body)})
    with pytest.raises(ContentError) as caught:
        create_app(make_config(content), today=TODAY)
    assert [(p.line, p.message) for p in caught.value.problems if message in p.message] == [(12, next(p.message for p in caught.value.problems if message in p.message))]
