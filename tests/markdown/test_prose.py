"""`check`'s editorial checks: reading grade, words to avoid, citations and review status."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from thaw.web.app import create_app
from thaw.cli import main
from thaw.markdown.prose import plain_text, review_prose

from conftest import TODAY, article, signed

CITED = "One fact [@nimh-ptsd]. Another [@va-avoidance].\n"


def load(make_content, make_config, **files: str):
    content = make_content(files)
    return create_app(make_config(content), today=TODAY).extensions["thaw"].catalog


def test_words_to_avoid_are_warned_with_their_line(make_content, make_config) -> None:
    body = CITED + "\nYou can simply breathe.\n\nYou are not [broken](https://example.org/just) and [@nimh-ptsd].\n"
    catalog = load(make_content, make_config, **{"a.md": article(body=body)})
    report = review_prose(catalog.articles["a"], TODAY)
    assert [str(p) for p in report.problems] == [
        'content/a.md:10: warning: "simply" is on the list of words to avoid — it can make a hard step sound trivial; leave it out',
        'content/a.md:12: warning: "broken" is on the list of words to avoid — numbness is protection, not damage; describe what happens instead',
    ]


def test_hard_prose_and_missing_citations_are_warned(make_content, make_config) -> None:
    hard = ("Notwithstanding considerable heterogeneity, psychophysiological investigations characterising dissociative "
            "phenomenology consistently demonstrate autonomic hyporesponsivity accompanying experiential disengagement. ") * 5
    catalog = load(make_content, make_config, **{"a.md": article(body=hard + "\n")})
    report = review_prose(catalog.articles["a"], TODAY)
    messages = [p.message for p in report.problems]
    assert any(m.startswith("reading grade") and m.endswith("is above 8") for m in messages)
    assert "0 references cited (at least 2)" in messages
    assert report.grade > 8 and report.review == "not reviewed"


def test_clinicians_pages_may_reach_grade_ten(make_content, make_config) -> None:
    text = "Therapists can help clients notice small changes in sensation and mood over several weeks. " * 4
    catalog = load(make_content, make_config, **{"a.md": article(body=text + CITED, audience="clinicians")})
    report = review_prose(catalog.articles["a"], TODAY)
    assert 8 < report.grade <= 10 and not any("reading grade" in p.message for p in report.problems)


def test_plain_text_ends_every_block_as_a_sentence() -> None:
    assert plain_text("## Heading\n\n- one\n- two!\n\n| a |\n|---|\n| cell |\n") == "Heading. one. two! a. cell."


def test_audience_is_checked(make_content, make_config) -> None:
    content = make_content({"a.md": article(audience="doctors")})
    with pytest.raises(Exception, match='"audience" is "doctors"'):
        create_app(make_config(content), today=TODAY)


def test_review_status_and_strict(make_content, make_config, tmp_path) -> None:
    content = make_content({
        "a.md": signed("Dr A", "2026-06-01", "2027-06-01", "PhD", body=CITED),
        "b.md": signed("Dr B", "2024-06-01", "2025-06-01", title="B", body=CITED),
        "c.md": article("C", body=CITED),
    })
    catalog = create_app(make_config(content), today=TODAY).extensions["thaw"].catalog
    statuses = {slug: review_prose(a, TODAY).review for slug, a in catalog.articles.items()}
    assert statuses == {"a": "reviewed", "b": "overdue", "c": "not reviewed"}
    runner = CliRunner()
    out = ["--content", str(content)]
    checked = runner.invoke(main, ["check", *out])
    assert checked.exit_code == 0
    assert "content/b.md:6: warning: the clinical review was due on 2025-06-01" in checked.stderr
    assert "1 page not yet clinically reviewed" in checked.output
    strict = runner.invoke(main, ["build", "--strict", *out, "--output", str(tmp_path / "out")])
    assert strict.exit_code == 1
    assert "content/c.md:1: warning: not yet clinically reviewed" in strict.stderr
    assert not (tmp_path / "out").exists()
