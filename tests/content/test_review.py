"""Clinical review bound to the text (issue 17): sign, change one word, let it fall due; what check, build and the page say."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from thaw.build.publish import build
from thaw.cli import main
from thaw.errors import ContentError

from conftest import TODAY, article, copy_sample

PAGE = "understanding/what-is-numbness.md"


def sign(content: Path, *pages: str, who: str = "Dr A. Clinician, Clinical psychologist") -> object:
    return CliRunner().invoke(main, ["review", "--content", str(content), "--sign", who, "--yes", *[str(content / p) for p in pages]])


@pytest.fixture
def sample(tmp_path: Path, sample_config):
    content = copy_sample(tmp_path / "content")
    return content, dataclasses.replace(sample_config, content_dir=content, output_dir=tmp_path / "out")


def page_html(config, slug_path: str = "understanding/what-is-numbness/index.html", today: dt.date = dt.date.today(), strict: bool = False) -> str:
    result = build(config, today=today, strict=strict)
    return (result.output / slug_path).read_text(encoding="utf-8")


def test_a_signed_page_shows_who_reviewed_it_and_when_it_is_due(sample) -> None:
    content, config = sample
    result = sign(content, PAGE)
    assert result.exit_code == 0, result.output
    text = (content / PAGE).read_text()
    assert 'by: "Dr A. Clinician"' in text and 'credentials: "Clinical psychologist"' in text and "fingerprint: " in text
    today = dt.date.today()
    html = page_html(config, today=today)
    assert f"Page last reviewed: <time datetime=\"{today.isoformat()}\">" in html
    assert "Next review due:" in html and "Reviewed by Dr A. Clinician, Clinical psychologist" in html
    assert '"lastReviewed"' in html and "Not yet clinically reviewed" not in html.split("<main")[1].split("</header>")[0]


def test_one_changed_word_shows_everywhere(sample) -> None:
    content, config = sample
    assert sign(content, PAGE).exit_code == 0
    path = content / PAGE
    path.write_text(path.read_text().replace("numb", "nummb", 1) if "numb" in path.read_text().split("---", 2)[2] else path.read_text() + "\nOne more word.\n")
    html = page_html(config)
    assert "Updated since its last clinical review on" in html and "Page last reviewed" not in html and '"lastReviewed"' not in html
    check = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert "changed since its clinical review" in check.output or "changed since review" in check.output
    with pytest.raises(ContentError) as raised:
        build(dataclasses.replace(config, output_dir=config.output_dir.parent / "strict"), strict=True)
    assert any(PAGE in str(p) and "changed since its clinical review" in str(p) for p in raised.value.problems)


def test_a_review_falls_due_and_then_overdue(sample) -> None:
    content, config = sample
    assert sign(content, PAGE).exit_code == 0
    due = dt.date.today() + dt.timedelta(days=365)
    html = page_html(config, today=due - dt.timedelta(days=10))
    assert "Page last reviewed" in html  # due soon is still current
    late = due + dt.timedelta(days=1)
    html = page_html(config, today=late)
    assert "Clinical review overdue" in html and "Page last reviewed" not in html
    with pytest.raises(ContentError) as raised:
        build(dataclasses.replace(config, output_dir=config.output_dir.parent / "strict"), strict=True, today=late)
    assert any(PAGE in str(p) and "the clinical review was due on" in str(p) for p in raised.value.problems)


def test_a_corrected_reference_url_keeps_the_review(sample) -> None:
    """content/review.py: entries in references.yaml are outside the fingerprint."""
    content, config = sample
    assert sign(content, PAGE).exit_code == 0
    references = content / "references.yaml"
    references.write_text(references.read_text().replace("https://", "https://www.", 1))
    path = content / PAGE
    path.write_text(path.read_text().replace("order: 1\n", "order: 2\n").replace("tags: [", "tags: [extra-tag, ", 1))
    assert "extra-tag" in path.read_text()
    assert "Page last reviewed" in page_html(config)


def test_review_lists_the_queue_most_urgent_first(sample) -> None:
    content, config = sample
    assert sign(content, PAGE, "understanding/how-numbness-shows-up.md").exit_code == 0
    (content / PAGE).write_text((content / PAGE).read_text() + "\nA new sentence.\n")
    result = CliRunner().invoke(main, ["review", "--content", str(content)])
    lines = result.output.splitlines()
    assert lines[0].endswith("what-is-numbness.md: changed since its clinical review (reviewed " + dt.date.today().isoformat() + ")"), lines[:2]
    assert "how-numbness-shows-up" not in result.output
    assert lines[-1].endswith("pages need a clinician.")


def test_a_practice_goes_from_all_unreviewed_to_a_strict_build(sample) -> None:
    content, config = sample
    with pytest.raises(ContentError):
        build(config, strict=True)
    pages = sorted(str(p.relative_to(content)) for p in content.rglob("*.md"))
    assert sign(content, *pages).exit_code == 0
    result = build(dataclasses.replace(config, output_dir=config.output_dir.parent / "live"), strict=True)
    assert result.articles >= 36 and not result.warnings


@pytest.mark.parametrize(("args", "message"), [
    (["--sign", "", "PAGE"], "the reviewer's name is empty"),
    (["--sign", ", Psychologist", "PAGE"], "the reviewer's name is empty"),
    (["--sign", "Dr A", "content/understanding/no-such-page.md"], "there is no such page"),
    (["content/understanding/no-such-page.md"], "no published page has this path"),
])
def test_bad_review_commands_say_what_to_do(sample, args: list[str], message: str) -> None:
    content, _ = sample
    args = [str(content / PAGE) if a == "PAGE" else a for a in args]
    result = CliRunner().invoke(main, ["review", "--content", str(content), "--yes", *args])
    assert result.exit_code == 1 and message in result.output + result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(("review", "message"), [
    ("  by: A\n  reviewed_on: 2026-01-02\n  next_due: 2026-01-01\n", "review.next_due is not after review.reviewed_on"),
    ("  by: A\n  reviewed_on: 2026-01-02\n  fingerprint: 12345\n", 'review.fingerprint "12345" is not one Thaw wrote'),
    ("  by: A\n", "the review names a reviewer but no date"),
    ("  reviewed_on: 2026-01-02\n", "the review has a date but no reviewer"),
    ("  by: A\n  reviewd_on: 2026-01-02\n", 'unknown review field "reviewd_on" — did you mean "reviewed_on"?'),
])
def test_bad_review_records_name_file_and_line(make_content, make_config, review: str, message: str) -> None:
    from thaw.web.app import create_app

    text = article().replace("---\n\nSome text.", "review:\n" + review + "---\n\nSome text.")
    with pytest.raises(ContentError) as raised:
        create_app(make_config(make_content({"understanding/a.md": text})), today=TODAY)
    assert any(message in str(p) and "understanding/a.md:" in str(p) for p in raised.value.problems), [str(p) for p in raised.value.problems]


def test_the_old_on_key_still_works_with_a_warning(make_content, make_config) -> None:
    from thaw.web.app import create_app

    text = article().replace("---\n\nSome text.", "review:\n  by: A\n  on: 2026-01-02\n---\n\nSome text.")
    catalog = create_app(make_config(make_content({"understanding/a.md": text})), today=TODAY).extensions["thaw"].catalog
    assert catalog.articles["a"].review.reviewed_on == dt.date(2026, 1, 2)
    assert any('review key "on" is read as "true" by some YAML tools — rename it to reviewed_on' in str(w) for w in catalog.warnings)


def test_signing_shows_what_it_will_record_and_asks_first(sample) -> None:
    content, _ = sample
    before = (content / PAGE).read_text()
    result = CliRunner().invoke(main, ["review", "--content", str(content), "--sign", "Dr A, Psychologist", str(content / PAGE)], input="n\n")
    assert "reviewed by Dr A, Psychologist on " in result.output and "next review due" in result.output
    assert "Nothing recorded." in result.output and (content / PAGE).read_text() == before


def test_a_packet_shows_the_page_its_sources_and_the_words_changed_since_review(sample, tmp_path: Path) -> None:
    from html.parser import HTMLParser

    content, _ = sample
    assert sign(content, PAGE).exit_code == 0
    path = content / PAGE
    head, body = path.read_text().split("\n---\n", 1)
    path.write_text(head + "\n---\n" + body.replace("Feeling numb", "Feeling quite numb", 1) if "Feeling numb" in body else head + "\n---\n" + body + "\nA quite new sentence.\n")
    out = tmp_path / "packets"
    result = CliRunner().invoke(main, ["review", "--content", str(content), "--packets", str(out), str(path)])
    assert result.exit_code == 0, result.output
    html = (out / "what-is-numbness.html").read_text()
    HTMLParser().feed(html)
    assert "<ins>quite</ins>" in html or "<ins>A quite new sentence.</ins>" in html
    assert "…" in html.split("What changed since the last review")[1].split("<h2>")[0]  # long unchanged stretches are cut
    assert "changed since its clinical review" in html and "Reading grade" in html and "<h2>Sources</h2>" in html
    assert "https://" in html.split("<h2>Sources</h2>")[1]  # the sources link to where they can be checked
    assert 'review --sign "Your name, Your credentials"' in html and "<script" not in html


def test_a_packet_passes_axe(browser, sample, tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from test_accessibility import TAGS

    content, _ = sample
    out = tmp_path / "packets"
    assert CliRunner().invoke(main, ["review", "--content", str(content), "--packets", str(out), str(content / PAGE)]).exit_code == 0
    page = browser.new_context().new_page()
    page.goto((out / "what-is-numbness.html").as_uri())
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert result.response["passes"] and result.response["violations"] == []
    page.context.close()


def test_the_dashboard_is_for_the_preview_server_only(sample) -> None:
    from thaw.web.app import create_app

    _, config = sample
    client = create_app(config, dev=True).test_client()
    base = "/" if not config.base_path.strip("/") else ""
    board = client.get(f"{base}_thaw/reviews/")
    assert board.status_code == 200, board.status_code
    text = board.get_data(as_text=True)
    assert "What emotional numbness is" in text and "not yet clinically reviewed" in text
    assert client.get(f"{base}_thaw/reviews/what-is-numbness/").status_code == 200
    assert create_app(config).test_client().get(f"{base}_thaw/reviews/").status_code == 404


def test_a_review_due_soon_still_passes_a_strict_build(make_content, make_config, tmp_path: Path) -> None:
    """EDITING.md: "due soon" pages are still published by build --strict."""
    from conftest import signed

    config = dataclasses.replace(make_config(make_content({"understanding/a.md": signed("Dr A", "2026-01-01", "2026-12-31")})), output_dir=tmp_path / "live")
    result = build(config, today=dt.date(2026, 12, 20), strict=True)
    assert "Page last reviewed" in (result.output / "understanding" / "a" / "index.html").read_text()


def test_the_review_cycle_comes_from_the_config(sample, tmp_path: Path) -> None:
    content, _ = sample
    toml = tmp_path / "thaw.toml"
    toml.write_text("[review]\ncycle_days = 1095\n")
    result = CliRunner().invoke(main, ["review", "--config", str(toml), "--content", str(content), "--sign", "Dr A", "--yes", str(content / PAGE)])
    assert result.exit_code == 0, result.output
    assert f"next_due: {(dt.date.today() + dt.timedelta(days=1095)).isoformat()}" in (content / PAGE).read_text()
    toml.write_text("[review]\ncycle_days = 0\n")
    result = CliRunner().invoke(main, ["review", "--config", str(toml), "--content", str(content)])
    assert result.exit_code == 1 and "thaw.toml:2: cycle_days must be a whole number of days from 30 to 3660" in result.stderr


def test_packets_go_to_review_packets_by_default(sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, _ = sample
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["review", "--content", str(content), str(content / PAGE)]).exit_code == 0
    assert (tmp_path / "review-packets" / "what-is-numbness.html").is_file()
