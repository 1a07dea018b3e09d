"""Handouts: a file linked from an article (PDF, audio, plain text, a picture) is published; anything else is an error
with the file and line, and a file no published article links is never published."""
from __future__ import annotations

from pathlib import Path

import pytest

from thaw.errors import ContentError
from thaw.web.app import create_app

from conftest import TODAY, article

# The first bytes of a real file of each kind (the build checks them against the extension), then some padding.
GOOD = {
    "intake.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n",
    "relax.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(64),
    "frame.mp3": b"\xff\xfb\x90\x64" + bytes(64),
    "relax.m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + bytes(32),
    "relax.ogg": b"OggS\x00\x02" + bytes(64),
    "notes.txt": "Plain words for a handout, in UTF-8: café.\n".encode(),
    "consent.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
    "photo.jpg": b"\xff\xd8\xff\xe0" + bytes(64),
}


def build_app(make_content, make_config, body: str, files: dict[str, bytes]):
    content = make_content({"understanding/a.md": article("A", body=body), **{f"understanding/{k}": v for k, v in files.items()}})
    return create_app(make_config(content), today=TODAY)


def refused(make_content, make_config, body: str, files: dict[str, bytes]) -> list[str]:
    with pytest.raises(ContentError) as caught:
        build_app(make_content, make_config, body, files)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("name", sorted(GOOD))
def test_a_linked_file_is_published_at_a_stable_address(make_content, make_config, name: str) -> None:
    app = build_app(make_content, make_config, f"Print the [handout](forms/{name}).\n", {f"forms/{name}": GOOD[name]})
    catalog = app.extensions["thaw"].catalog
    assert f"understanding/forms/{name}" in catalog.images
    assert f'<a href="/practice/media/understanding/forms/{name}">handout</a>' in catalog.articles["a"].html
    response = app.test_client().get(f"/media/understanding/forms/{name}")
    assert response.status_code == 200 and response.data == GOOD[name]


@pytest.mark.parametrize("name", ["page.html", "page.htm", "drawing.svg", "script.js", "style.css", "data.xml", "letter.docx", "tool.exe", "page.xhtml"])
def test_a_link_to_a_kind_of_file_that_could_run_code_or_is_not_a_handout_is_an_error(make_content, make_config, name: str) -> None:
    problems = refused(make_content, make_config, f"See [this]({name}).\n", {name: b"<html><script>alert(1)</script></html>"})
    suffix = name.rsplit(".", 1)[1]
    assert f'content/understanding/a.md:8: the link "{name}" is to a .{suffix} file, which the site does not publish — link to a .md article; a handout must be a .pdf, .txt, .mp3, .m4a, .ogg or a picture (.png, .jpg, .webp, .gif, .avif)' in problems


@pytest.mark.parametrize(
    ("link", "files", "fix"),
    [
        ("forms/intake-form.pdf", {"forms/intake_form.pdf": GOOD["intake.pdf"]}, 'did you mean "forms/intake_form.pdf"?'),
        ("form/intake.pdf", {"forms/intake.pdf": GOOD["intake.pdf"]}, 'did you mean "forms/intake.pdf"?'),
        ("../understanding/relax.mp4", {"relax.mp3": GOOD["relax.mp3"]}, "the link \"../understanding/relax.mp4\" is to a .mp4 file"),
        ("Relax.mp3", {"relax.mp3": GOOD["relax.mp3"]}, 'did you mean "relax.mp3"?'),
        ("gone.pdf", {}, "check the file name and folder"),
    ],
    ids=["near-name", "near-folder", "not-a-handout", "case", "nothing-near"],
)
def test_a_link_to_a_missing_file_says_where_and_suggests_a_near_name(make_content, make_config, link: str, files: dict[str, bytes], fix: str) -> None:
    problems = refused(make_content, make_config, f"See [the form]({link}).\n", files)
    if fix.startswith("the link"):
        assert any(p.startswith(f"content/understanding/a.md:8: {fix}") for p in problems), problems
    else:
        assert f'content/understanding/a.md:8: the link "{link}" points to a file that does not exist — {fix}' in problems


@pytest.mark.parametrize(("name", "size", "limit"), [("big.pdf", 51_000_000, 50), ("long.mp3", 60_000_000, 50), ("huge.png", 25_000_000, 20)])
def test_a_linked_file_over_its_size_limit_is_an_error(make_content, make_config, tmp_path: Path, name: str, size: int, limit: int) -> None:
    content = make_content({"understanding/a.md": article("A", body=f"The [file]({name}).\n"), f"understanding/{name}": GOOD["intake.pdf"] if name.endswith(".pdf") else GOOD["relax.mp3"] if name.endswith(".mp3") else GOOD["consent.png"]})
    with open(content / "understanding" / name, "r+b") as file:
        file.truncate(size)
    with pytest.raises(ContentError) as caught:
        create_app(make_config(content), today=TODAY)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"content/understanding/{name}: too large ({size / 1e6:,.1f} MB; the limit is {limit} MB)") or
               p.startswith(f'content/understanding/a.md:8: the link "{name}" is too large ({size / 1e6:,.1f} MB; the limit is {limit} MB)') for p in problems), problems


@pytest.mark.parametrize("name", ["big.pdf", "long.mp3", "notes.txt"])
def test_a_file_no_article_links_is_never_published_and_never_an_error(make_content, make_config, name: str) -> None:
    content = make_content({"understanding/a.md": article("A", body="No links here.\n"), f"understanding/{name}": b"anything at all \x00"})
    if name == "big.pdf":
        with open(content / "understanding" / name, "r+b") as file:
            file.truncate(80_000_000)
    app = create_app(make_config(content), today=TODAY)
    assert app.extensions["thaw"].catalog.images == set()
    assert app.test_client().get(f"/media/understanding/{name}").status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "fault"),
    [
        ("intake.pdf", b"<html><script>alert(1)</script></html>", "is not a PDF file (its bytes are not those of one)"),
        ("intake.pdf", GOOD["consent.png"], "is really a PNG file, not the PDF its name says"),
        ("relax.mp3", b"<html></html>" + bytes(20), "is not an MP3 file (its bytes are not those of one)"),
        ("relax.m4a", GOOD["relax.ogg"], "is really an OGG file, not the M4A its name says"),
        ("relax.ogg", b"", "is not an OGG file (its bytes are not those of one)"),
        ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00", "is not plain text (it holds bytes that text never does)"),
        ("notes.txt", b"\xff\xfe\xfdLatin-1 or worse", "is not plain text (it holds bytes that text never does)"),
    ],
    ids=["pdf-is-html", "pdf-is-png", "mp3-is-html", "m4a-is-ogg", "empty-ogg", "txt-is-exe", "txt-not-utf8"],
)
def test_a_linked_file_must_be_what_its_name_says(make_content, make_config, name: str, data: bytes, fault: str) -> None:
    problems = refused(make_content, make_config, f"The [file]({name}).\n", {name: data})
    assert any(p.startswith(f'content/understanding/a.md:8: the link "{name}" {fault}') for p in problems), problems


def test_a_linked_file_name_must_fit_in_a_web_address(make_content, make_config) -> None:
    problems = refused(make_content, make_config, "The [form](a%23b.pdf).\n", {"a#b.pdf": GOOD["intake.pdf"]})
    assert any(p.startswith('content/understanding/a.md:8: the link "a%23b.pdf" has a file name with "#"') for p in problems), problems


def test_a_link_to_a_file_outside_the_content_folder_is_an_error(make_content, make_config, tmp_path: Path) -> None:
    (tmp_path / "secret.pdf").write_bytes(GOOD["intake.pdf"])
    problems = refused(make_content, make_config, "The [form](../../secret.pdf).\n", {})
    assert 'content/understanding/a.md:8: the link "../../secret.pdf" points outside the content folder — link only to files inside content/' in problems


def test_a_missing_image_also_gets_a_near_name(make_content, make_config) -> None:
    problems = refused(make_content, make_config, "![A chart](images/chart.jpeg)\n", {"images/chart.jpg": GOOD["photo.jpg"]})
    assert 'content/understanding/a.md:8: the image "images/chart.jpeg" does not exist — did you mean "images/chart.jpg"?' in problems


@pytest.mark.parametrize("link", ["_private/intake.pdf", ".old/intake.pdf", "_intake.pdf"])
def test_a_link_to_a_hidden_file_is_an_error(make_content, make_config, link: str) -> None:
    problems = refused(make_content, make_config, f"The [form]({link}).\n", {link: GOOD["intake.pdf"]})
    assert f'content/understanding/a.md:8: the link "{link}" points to a hidden file (a name starting with . or _), which the build never reads — move it out of the hidden folder, or rename it' in problems
