"""A link to a page in a section the config hides is shown as its words alone, with a warning naming the file and line."""
from __future__ import annotations

import pytest

from thaw.web.app import create_app

from conftest import TODAY, article

SHOWN = ("understanding", "causes", "freeze-response", "therapy", "getting-help")


@pytest.mark.parametrize(
    ("link", "files", "hidden"),
    [
        ("../causes/grief.md", {"causes/grief.md": article("Grief", section="causes")}, "causes"),
        ("../causes/grief.md#a-heading", {"causes/grief.md": article("Grief", section="causes", body="## A heading\n")}, "causes"),
        ("exercise:grounding", {}, "exercises"),
    ],
    ids=["article", "heading", "exercise"],
)
def test_a_link_into_a_hidden_section_becomes_plain_text_with_a_warning(make_content, make_config, link: str, files: dict[str, str], hidden: str) -> None:
    content = make_content({"understanding/a.md": article("A", body=f"Read [the other page]({link}) some time.\n"), **files})
    shown = tuple(s for s in (*SHOWN, "exercises") if s != hidden)
    app = create_app(make_config(content, shown_sections=shown), today=TODAY)
    catalog = app.extensions["thaw"].catalog
    assert "Read the other page some time." in catalog.articles["a"].html
    assert "<a " not in catalog.articles["a"].html
    what = "the exercises" if hidden == "exercises" else f'the section "{hidden}"'
    assert [str(w) for w in catalog.warnings] == [
        f'content/understanding/a.md:8: warning: the link "{link}" is shown as plain text: the config hides {what} — show the section again (show_sections or [[sections]] in thaw.toml), or remove the link'
    ]


def test_a_link_to_a_draft_is_still_an_error(make_content, make_config) -> None:
    from thaw.errors import ContentError

    content = make_content({"understanding/a.md": article("A", body="Read [this](b.md).\n"), "understanding/b.md": article("B", draft="true")})
    with pytest.raises(ContentError, match="points to an unpublished article"):
        create_app(make_config(content), today=TODAY)


@pytest.mark.parametrize("state", ["", "q1/"])
def test_the_exercises_are_not_served_when_their_section_is_hidden(make_content, make_config, state: str) -> None:
    content = make_content({"understanding/a.md": article("A")})
    client = create_app(make_config(content, shown_sections=SHOWN), today=TODAY).test_client()
    from conftest import state_path

    path = state_path("time-to-get-help", state.rstrip("/")) if state else "exercises/grounding/"
    assert client.get(f"/{path}").status_code == 404
    assert client.get("/exercises/").status_code == 404
    assert b"/exercises/" not in client.get("/").data
    assert b"/exercises/" not in client.get("/404.html").data
    assert b"data-offline" not in client.get("/help-now/").data
