"""Every class of bad content is rejected with the exact file, line, message and fix."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from thaw.web.app import create_app
from thaw.errors import ContentError

from conftest import TODAY, article

CASES_DIR = Path(__file__).parent / "bad_content"

EXPECTED = {
    "bad-reference-entry": 'content/references.yaml:4: unknown reference field "yeer" — did you mean "year"?',
    "data-link": 'content/case.md:8: the link "data:text/html;base64,PHNjcmlwdD4=" uses "data:", which is not allowed — only http, https, mailto and tel links are kept',
    "date-not-iso": 'content/case.md:5: "date" is "15/01/2026", which is not a date in year-month-day form — write it as date: 2026-01-31',
    "draft-not-boolean": 'content/case.md:6: "draft" must be true or false, not "maybe" — write draft: true or draft: false',
    "duplicate-field": 'content/case.md:6: "title" is given twice (first on line 2) — keep one of them',
    "duplicate-slug": 'content/sub/ok.md:1: the slug "ok" is already used by content/ok.md — rename one of the two files; the file name is the page\'s address',
    "empty-file": 'content/case.md:1: the file is empty — run: python build.py new "Title" to start from a template',
    "impossible-date": 'content/case.md:5: "date" is 2026-02-30, which is not a real date — check the month and the day',
    "invalid-yaml": 'content/case.md:2: the front matter is not valid YAML (mapping values are not allowed here) — write each field as "name: value"; quote values that contain ": " or start with a symbol',
    "javascript-link": 'content/case.md:8: the link "javascript:alert(1)" uses "javascript:", which is not allowed — only http, https, mailto and tel links are kept',
    "link-to-draft": 'content/case.md:8: the link "draft.md" points to an unpublished article (a draft, or in a section the config hides) — publish that article (draft: false, and its section shown) or remove the link',
    "missing-anchor": 'content/case.md:10: the link "ok.md#nope" points to no heading "#nope" in ok.md — the headings in ok.md are: a-heading',
    "missing-file-link": 'content/case.md:8: the link "nothing.md" points to nothing.md, which does not exist — the articles are: case.md, ok.md',
    "missing-title": 'content/case.md:5: the front matter has no "title" — add title: … before the closing ---',
    "no-body": "content/case.md:6: the article has no text after the front matter — write the article below the closing ---",
    "no-front-matter": 'content/case.md:1: the file does not start with front matter — begin it with a line "---", the fields (title: …), then another "---"',
    "non-utf8": "content/case.md:10: the file is not UTF-8 text — save it with UTF-8 encoding in your editor",
    "remote-image": 'content/case.md:8: the image "https://example.com/chart.png" would load from another site — save the image in content/ and link it by its relative path',
    "reviewer-without-date": "content/case.md:6: the review names a reviewer but no date — add review.reviewed_on: the date of the review (or run: python build.py review --sign)",
    "site-path-link": 'content/case.md:8: the link "/tags/" is a site path — link to the article\'s .md file by its relative path, e.g. ../getting-help/when-to-seek-help.md',
    "tab-indent": "content/case.md:7: a tab is used for indenting in the front matter — indent with spaces",
    "tags-not-a-list": 'content/case.md:6: "tags" must be a list — write it as tags: [first, second]',
    "unclosed-front-matter": 'content/case.md:1: the front matter is never closed — add a line "---" after the last field',
    "unknown-citation": 'content/case.md:8: the citation "[@nimh-ptdd]" is not in references.yaml — did you mean "nimh-ptsd"?',
    "unknown-heading-link": 'content/case.md:10: the link "#real-headin" points to no heading on this page — did you mean "real-heading"?',
    "unknown-key": 'content/case.md:6: unknown front-matter field "titel" — did you mean "title"?',
    "unknown-reference-key": 'content/case.md:6: the reference "no-such-source" is not in references.yaml — the references are: nimh-ptsd, va-avoidance',
    "unknown-review-field": 'content/case.md:7: unknown review field "reviewer" — did you mean "by"? (the reviewer\'s name)',
    "unknown-section": 'content/case.md:4: the section "understandin" does not exist — did you mean "understanding"?',
    "updated-before-date": 'content/case.md:6: "updated" is before "date" — an update cannot come before the first publication',
    "upper-case-filename": 'content/Bad Name.md: the file name "Bad Name.md" cannot be used as a web address — rename it to "bad-name.md" (lower-case letters, digits and hyphens)',
    "unicode-filename": 'content/café.md: the file name "café.md" cannot be used as a web address — rename it to "cafe.md" (lower-case letters, digits and hyphens)',
    "wrong-type-order": 'content/case.md:6: "order" must be a whole number, not "first" — write it as order: 3',
}


def test_every_case_file_has_an_expectation() -> None:
    assert sorted(p.name for p in CASES_DIR.iterdir()) == sorted(EXPECTED)


@pytest.fixture
def case_content(make_content):
    """A valid companion article plus the files of one bad case."""

    def factory(case: str) -> Path:
        folder = make_content({"ok.md": article("OK", body="## A heading\n\nText.\n")})
        shutil.copytree(CASES_DIR / case, folder, dirs_exist_ok=True)
        return folder

    return factory


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_content_is_reported_with_file_line_and_fix(case: str, case_content, make_config) -> None:
    config = make_config(case_content(case))
    with pytest.raises(ContentError) as caught:
        create_app(config, today=TODAY)
    assert EXPECTED[case] in [str(p) for p in caught.value.problems]


def test_all_problems_of_a_build_are_reported_together(make_content, make_config) -> None:
    content = make_content({
        "one.md": article(body="[x](missing.md)\n"),
        "two.md": article(order="soon"),
        "three.md": "no front matter\n",
    })
    with pytest.raises(ContentError) as caught:
        create_app(make_config(content), today=TODAY)
    paths = {p.path for p in caught.value.problems}
    assert {"content/two.md", "content/three.md"} <= paths


def test_overdue_review_is_a_warning(make_content, make_config) -> None:
    content = make_content({"a.md": article(review="\n  by: Dr A\n  credentials: PhD\n  reviewed_on: 2024-01-01\n  next_due: 2025-01-01")})
    app = create_app(make_config(content), today=TODAY)
    [warning] = app.extensions["thaw"].catalog.warnings
    assert str(warning).startswith("content/a.md:6: warning: the clinical review was due on 2025-01-01")


def test_symlink_outside_content_is_rejected(make_content, make_config, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(article())
    content = make_content({})
    (content / "linked.md").symlink_to(outside)
    with pytest.raises(ContentError, match="link to somewhere outside the content folder"):
        create_app(make_config(content), today=TODAY)


def test_raw_html_is_escaped_not_rendered(make_content, make_config) -> None:
    body = '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\nText <iframe src="https://example.com"></iframe>\n'
    content = make_content({"a.md": article(body=body)})
    html = create_app(make_config(content), today=TODAY).extensions["thaw"].catalog.articles["a"].html
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;script&gt;" in html
