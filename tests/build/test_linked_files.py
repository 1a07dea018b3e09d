"""Handouts in the built site: every linked file is copied byte for byte to a stable address, served by a plain file
server under the practice's subpath with its own type; files no article links are left out."""
from __future__ import annotations

import mimetypes
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from thaw.build.linkcheck import check_links
from thaw.build.publish import build
from thaw.config.settings import Config
from thaw.serve.staticserver import StaticSite

from conftest import BASE_URL, REFERENCES, TODAY, article

HANDOUTS = {
    "forms/intake.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8,
    "audio/relax.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 8,
    "audio/relax.m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + bytes(range(256)),
    "audio/relax.ogg": b"OggS\x00\x02" + bytes(range(256)),
    "notes/plan.txt": "A plain plan for the week.\n".encode(),
    "assets/consent.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
}
UNLINKED = {"forms/old-intake.pdf": b"%PDF-1.4\nnot linked\n", "notes/private.txt": b"not linked\n"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("handouts")
    content = root / "content"
    body = "".join(f"- [Handout {n}]({name})\n" for n, name in enumerate(HANDOUTS))
    files = {"references.yaml": REFERENCES.encode(), "getting-help/forms.md": article("Forms", section="getting-help", body=body).encode()}
    for name, data in {**HANDOUTS, **UNLINKED}.items():
        files[f"getting-help/{name}"] = data
    for name, data in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(data)
    build(Config(content_dir=content, output_dir=root / "_site", base_url=BASE_URL), today=TODAY)
    return root / "_site"


@pytest.mark.parametrize("name", sorted(HANDOUTS))
def test_a_linked_file_is_copied_byte_for_byte_and_the_page_links_it(site: Path, name: str) -> None:
    assert (site / "media" / "getting-help" / name).read_bytes() == HANDOUTS[name]
    page = (site / "getting-help" / "forms" / "index.html").read_text(encoding="utf-8")
    assert f'href="/practice/media/getting-help/{name}"' in page


@pytest.mark.parametrize("name", sorted(UNLINKED))
def test_a_file_no_article_links_is_not_published(site: Path, name: str) -> None:
    assert not (site / "media" / "getting-help" / name).exists()
    assert [p.name for p in site.rglob(Path(name).name)] == []


def test_the_built_site_passes_its_link_check(site: Path) -> None:
    broken, checked = check_links(site, "/practice/")
    assert broken == [] and checked > len(HANDOUTS)


@pytest.mark.parametrize("name", sorted(HANDOUTS))
def test_a_plain_file_server_under_the_subpath_serves_it_with_its_type(site: Path, name: str) -> None:
    server = StaticSite(site, "/practice/").start()
    try:
        with urllib.request.urlopen(f"{server.url}media/getting-help/{name}") as response:
            assert response.read() == HANDOUTS[name]
            assert response.headers["Content-Type"].split(";")[0] == mimetypes.guess_type(name)[0]
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{server.url}media/getting-help/{next(iter(UNLINKED))}")
        assert missing.value.code == 404
    finally:
        server.stop()
