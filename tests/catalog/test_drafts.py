"""Drafts never block publishing: a draft's problems are warnings in a build, errors where drafts are shown."""
from __future__ import annotations

import pytest

from thaw.errors import ContentError
from thaw.web.app import create_app

from conftest import TODAY, article

# A draft with one problem each, and the message that names it.
DRAFT_PROBLEMS = {
    "unknown-citation": (article("Draft", draft="true", body="A claim [@nimh-ptdd].\n"), 'the citation "[@nimh-ptdd]" is not in references.yaml'),
    "missing-link": (article("Draft", draft="true", body="See [this](nothing.md).\n"), 'the link "nothing.md" points to nothing.md, which does not exist'),
    "misspelt-field": (article("Draft", draft="true", sumary="Oops."), 'unknown front-matter field "sumary"'),
    "bad-date": (article("Draft", draft="true", updated="yesterday"), '"updated" is "yesterday"'),
    "unknown-section": (article("Draft", section="understandin", draft="true"), 'the section "understandin" does not exist'),
    "invalid-yaml": ("---\ntitle: Draft: with a colon\nsummary: S.\nsection: understanding\ndate: 2026-01-15\ndraft: true\n---\n\nText.\n",
                     "the front matter is not valid YAML"),
}


def _messages(problems) -> str:
    return "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("case", sorted(DRAFT_PROBLEMS))
def test_a_drafts_problems_are_warnings_when_drafts_are_not_published(case: str, make_content, make_config) -> None:
    text, message = DRAFT_PROBLEMS[case]
    content = make_content({"a.md": article(), "d.md": text})
    catalog = create_app(make_config(content), today=TODAY).extensions["thaw"].catalog  # does not raise
    assert "d" not in catalog.articles
    assert message in _messages(catalog.draft_warnings)
    assert all(p.warning and p.path == "content/d.md" for p in catalog.draft_warnings)
    assert message not in _messages(catalog.warnings)  # kept apart: build --strict does not fail on a draft


@pytest.mark.parametrize("case", sorted(DRAFT_PROBLEMS))
def test_a_drafts_problems_are_errors_where_drafts_are_shown(case: str, make_content, make_config) -> None:
    text, message = DRAFT_PROBLEMS[case]
    content = make_content({"a.md": article(), "d.md": text})
    with pytest.raises(ContentError) as caught:
        create_app(make_config(content), today=TODAY, drafts=True)
    assert message in _messages(p for p in caught.value.problems if not p.warning)
    dev = create_app(make_config(content), dev=True, today=TODAY).extensions["thaw"]
    assert dev.error is not None and message in str(dev.error)


def test_a_published_page_may_not_link_to_a_draft_but_a_draft_may(make_content, make_config) -> None:
    content = make_content({
        "a.md": article(body="See [the draft](d.md).\n"),
        "d.md": article("Draft", draft="true", body="See [the other draft](e.md#a-part) and [the page](a.md).\n"),
        "e.md": article("Other draft", draft="true", body="## A part\n\nText.\n"),
    })
    with pytest.raises(ContentError) as caught:
        create_app(make_config(content), today=TODAY)
    assert [str(p) for p in caught.value.problems if not p.warning] == [
        'content/a.md:8: the link "d.md" points to an unpublished article (a draft, or in a section the config hides) — publish that article (draft: false, and its section shown) or remove the link'
    ]
    (content / "a.md").write_text(article())
    catalog = create_app(make_config(content), today=TODAY).extensions["thaw"].catalog
    assert catalog.draft_warnings == [] and catalog.warnings == []


def test_a_link_to_a_draft_with_broken_front_matter_is_a_link_to_a_draft(make_content, make_config) -> None:
    content = make_content({"a.md": article(body="See [the draft](d.md).\n"), "d.md": article("Draft", draft="true", sumary="Oops.")})
    with pytest.raises(ContentError) as caught:
        create_app(make_config(content), today=TODAY)
    errors = [str(p) for p in caught.value.problems if not p.warning]
    assert len(errors) == 1 and 'content/a.md:8: the link "d.md" points to an unpublished article' in errors[0]
