"""The frozen sample site: every page parsed and checked, every internal URL resolves."""
from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from thaw.web.assets import HTMX
from thaw.content.inputs import find_sources
from thaw.build.linkcheck import check_links

from conftest import BASE_URL, SAMPLE_CONTENT


class Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_in: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in ("meta", "link", "img", "br", "hr", "input"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.text_in.setdefault(tag, []).append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def text(self, tag: str) -> str:
        return " ".join("".join(self.text_in.get(tag, [])).split())


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_internal_url_resolves_to_a_file(built_site: Path) -> None:
    broken, checked = check_links(built_site, "/practice/")
    assert broken == []
    assert checked > 100


def test_link_checker_notices_a_broken_link(built_site: Path, tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text('<a href="/practice/nowhere/">x</a><a href="#gone">y</a><a href="https://example.com/">z</a><a href="/other/">o</a>')
    broken, checked = check_links(tmp_path, "/practice/")
    assert [b.reason for b in broken] == ["no such file in the output", 'no element with id "gone"', "is outside the site's base path /practice/"]
    assert checked == 3


def test_every_article_is_built_at_its_section_url(built_site: Path) -> None:
    for source in find_sources(SAMPLE_CONTENT):
        text = source.read_text(encoding="utf-8")
        if re.search(r"^draft: true", text, re.M):
            continue
        section = re.search(r"^section: (\S+)", text, re.M).group(1)
        assert (built_site / section / source.stem / "index.html").is_file(), source


@pytest.fixture(scope="module")
def parsed(built_site: Path) -> dict[str, Page]:
    return {p.relative_to(built_site).as_posix(): Page(p.read_text(encoding="utf-8")) for p in pages(built_site)}


def test_every_page_has_the_essentials(parsed: dict[str, Page]) -> None:
    assert len(parsed) > 10
    for name, page in parsed.items():
        html = page.find("html")[0]
        assert html.get("lang") == ("es" if name.startswith("es/") else "en"), name
        assert len(page.find("h1")) == 1, name
        assert page.text("title"), name
        assert page.find("meta", name="description")[0]["content"], name
        assert page.find("meta", name="viewport"), name
        assert page.find("a", href="#main") and page.find("main", id="main"), name
        crisis = page.find("aside", aria_label="Ayuda en crisis" if name.startswith("es/") else "Crisis help")
        assert crisis, f"{name} has no crisis help"
        assert page.find("a", href="tel:988"), f"{name} has no one-tap crisis call"
        assert ("Este sitio ofrece información, no tratamiento ni ayuda de emergencia." if name.startswith("es/") else "This site offers information, not treatment or emergency help.") in page.text("footer"), name
        canonical = page.find("link", rel="canonical")
        assert canonical and canonical[0]["href"].startswith(BASE_URL), name
        for prop in ("og:title", "og:description", "og:type", "og:url", "og:site_name"):
            assert page.find("meta", property=prop)[0]["content"], f"{name} has no {prop}"
        assert page.find("a", href="https://www.google.com/", data_quick_exit=""), f"{name} has no quick exit"


def test_pages_are_static_friendly_and_private(built_site: Path, parsed: dict[str, Page]) -> None:
    for name, page in parsed.items():
        for tag, attrs in page.tags:
            for attr in ("href", "src", "hx-get"):
                url = attrs.get(attr, "")
                assert "?" not in url or url.startswith("http"), f"{name}: query string in {url}"
                assert not url.startswith("//"), name
            assert not any(a.startswith("on") for a in attrs), f"{name}: inline event handler on <{tag}>"
            assert "style" not in attrs, f"{name}: inline style on <{tag}>"
            if tag == "script" and attrs.get("type") not in ("application/ld+json", "application/json"):
                assert attrs.get("src", "").startswith("/practice/"), f"{name}: inline or foreign script"
            if tag in ("link", "img", "script") and (attrs.get("src") or attrs.get("href", "")).startswith("http"):
                # the site's own full addresses, which a browser does not load: the canonical one and the same page in other languages
                assert tag == "link" and (attrs.get("rel") == "canonical" or attrs.get("rel") == "alternate" and attrs.get("hreflang")), f"{name}: loads from another host"
                assert attrs["href"].startswith(BASE_URL), name
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in built_site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".txt"))
    assert "_thaw" not in everything  # the dev server's live reload never reaches the output


def test_article_page_has_breadcrumbs_references_and_neighbours(parsed: dict[str, Page]) -> None:
    page = parsed["understanding/what-is-numbness/index.html"]
    crumbs = page.find("nav", aria_label="Breadcrumb")
    assert crumbs
    assert page.find("a", href="/practice/understanding/")
    references = [a for a in page.find("li") if a.get("id", "").startswith("ref-")]
    citations = [a for a in page.find("a") if a.get("href", "").startswith("#ref-")]
    assert references and {c["href"][1:] for c in citations} <= {r["id"] for r in references}
    assert "Not yet clinically reviewed" in page.text("article")


def test_reference_entries_read_cleanly(built_site: Path) -> None:
    """One full stop after each part, none after a title that ends in "?", and a journal named once."""
    entries = set()
    for page in built_site.rglob("index.html"):
        entries.update(re.findall(r'<li id="ref-\d+">(.*?)</li>', page.read_text(encoding="utf-8"), re.S))
    assert len(entries) > 30
    text_only = [re.sub(r"<a [^>]*>.*?</a>", "", entry) for entry in entries]
    assert [e for e in text_only if ".." in e or "?</cite>." in e or "!</cite>." in e] == []
    assert [e for e in text_only if re.search(r"</cite>\. ([^.]{6,})\. \1", e)] == [], "a journal named twice"


def test_sitemap_and_robots(built_site: Path) -> None:
    tree = ET.parse(built_site / "sitemap.xml")
    locations = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(loc.startswith(BASE_URL) for loc in locations)
    for loc in locations:
        assert (built_site / loc[len(BASE_URL):] / "index.html").is_file(), loc
    assert "Sitemap: https://example.org/practice/sitemap.xml" in (built_site / "robots.txt").read_text()


def test_404_page_and_help_page_exist(built_site: Path, parsed: dict[str, Page]) -> None:
    assert "We could not find that page" in parsed["404.html"].text("h1")
    help_page = parsed["help-now/index.html"]
    assert help_page.find("a", href="tel:911")


def test_htmx_is_copied_from_npm_with_its_pinned_hash(built_site: Path) -> None:
    [path] = (built_site / "assets").glob("htmx-4.0.1.min.*.js")
    data = path.read_bytes()
    assert base64.b64encode(hashlib.sha384(data).digest()).decode() == HTMX.sha384


def test_articles_carry_medical_web_page_data_without_an_invented_review(built_site: Path) -> None:
    import json

    text = (built_site / "understanding" / "what-is-numbness" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1))
    assert data["@type"] == "MedicalWebPage" and data["url"] == BASE_URL + "understanding/what-is-numbness/"
    assert "lastReviewed" not in data and "reviewedBy" not in data


def test_privacy_and_browsing_safely_pages(parsed: dict[str, Page]) -> None:
    assert "It sets no cookies." in parsed["privacy/index.html"].text("main")
    safely = parsed["browsing-safely/index.html"].text("main")
    assert "private window" in safely and "Shift" in safely


def test_atom_feed_lists_articles_newest_first(built_site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    tree = ET.parse(built_site / "feed.xml")
    entries = tree.getroot().findall(f"{atom}entry")
    assert entries
    updated = [e.find(f"{atom}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        link = entry.find(f"{atom}link").get("href")
        assert link.startswith(BASE_URL) and (built_site / link[len(BASE_URL):] / "index.html").is_file()
    assert tree.getroot().find(f"{atom}updated").text == updated[0]


def test_all_articles_page_lists_every_article(parsed: dict[str, Page], built_site: Path) -> None:
    listed = {a["href"] for a in parsed["articles/index.html"].find("a") if a.get("href", "").count("/") == 4}
    built = {"/practice/" + p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.glob("*/*/index.html") if p.parent.parent.name not in ("tags", "exercises", "es")}
    assert built <= listed
    spanish = {a["href"] for a in parsed["es/articles/index.html"].find("a") if a.get("href", "").count("/") == 5}
    assert {"/practice/" + p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.glob("es/*/*/index.html") if p.parent.parent.name not in ("tags", "exercises")} <= spanish


def test_assets_are_fingerprinted_and_pages_carry_the_csp(built_site: Path, parsed: dict[str, Page]) -> None:
    import hashlib

    from thaw.web.headers import META_CSP

    for asset in (built_site / "assets").iterdir():
        stem, digest, suffix = asset.name.rsplit(".", 2)
        assert hashlib.sha256(asset.read_bytes()).hexdigest()[:10] == digest, asset.name
    for name, page in parsed.items():
        [meta] = page.find("meta", http_equiv="Content-Security-Policy")
        assert meta["content"] == META_CSP and "unsafe" not in META_CSP
        for tag, attrs in page.tags:
            if tag in ("script", "link") and attrs.get("rel") not in ("canonical", "alternate"):
                url = attrs.get("src") or attrs.get("href", "")
                assert not url or url.startswith("/practice/assets/"), f"{name}: {url} is not fingerprinted"


def test_host_header_files_are_written(built_site: Path) -> None:
    from thaw.web.headers import HEADER_CSP

    netlify = (built_site / "_headers").read_text()
    assert f"  Content-Security-Policy: {HEADER_CSP}" in netlify and "/practice/assets/*\n  Cache-Control: public, max-age=31536000, immutable" in netlify
    nginx = (built_site / "_nginx.conf").read_text()
    assert "location /practice/ {" in nginx and "add_header Referrer-Policy \"no-referrer\" always;" in nginx


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Feeling flat", "Feeling flat · Harbour &amp; Hill"),  # short: the site's name follows
        ("Numbness & sleep: what helps when nights feel long & days feel far away", "Numbness &amp; sleep: what helps when nights feel long &amp; days feel far aw…"),  # 71 characters as written
        ("Why the body goes quiet after a shock: the freeze response, step by step & more", "Why the body goes quiet after a shock: the freeze response, step by s…"),
    ],
)
def test_the_title_element_fits_seventy_characters_and_never_splits_an_entity(make_content, make_config, title: str, expected: str) -> None:
    from thaw.web.app import create_app

    from conftest import TODAY, article

    content = make_content({"understanding/a.md": article(f'"{title}"')})
    client = create_app(make_config(content, base_url="/", name="Harbour & Hill"), today=TODAY).test_client()
    html = client.get("/understanding/a/").get_data(as_text=True)
    shown = re.search(r"<title>(.*?)</title>", html).group(1)  # type: ignore[union-attr]
    assert shown == expected
    assert len(shown.replace("&amp;", "&")) <= 70


@pytest.mark.parametrize("base_url", ["https://example.org/practice/", "/"])
def test_article_pages_made_from_their_sections_frame_equal_pages_rendered_whole(make_content, make_config, monkeypatch, base_url: str) -> None:
    """Each section's article frame is rendered once and filled per article (frame.render_framed): the result must be
    the same, byte for byte, as rendering every article page in full, with titles and summaries that need escaping."""
    import shutil

    from flask import render_template

    from thaw.web import views
    from thaw.web.app import create_app

    from conftest import TODAY, article

    content = make_content({})
    shutil.copytree(SAMPLE_CONTENT, content, dirs_exist_ok=True)
    (content / "understanding" / "odd.md").write_text(article('"Numbness & sleep: <when> nights feel long, and days feel far away too"', summary='"Quotes \\"here\\" & <there>"'), encoding="utf-8")
    config = make_config(content, base_url=base_url, name="Harbour & Hill <Counselling>", languages=("en", "es"))  # the switcher is a slot too
    framed = create_app(config, today=TODAY)
    urls = [a.url for a in framed.extensions["thaw"].articles]
    assert any("/es/" in url for url in urls)
    client = framed.test_client()
    prefix = base_url.replace("https://example.org", "").rstrip("/")
    pages = {url: client.get(url[len(prefix) :]).get_data() for url in urls}
    assert all(pages.values()) and len(pages) > 20
    frames = framed.extensions["thaw"].frames
    assert {family for _, family in frames} == {("article", a.section) for a in framed.extensions["thaw"].articles}
    assert None not in frames.values()
    monkeypatch.setattr(views, "render_framed", lambda template, family, shared, own, private: render_template(template, **shared, **own, **private))
    whole = create_app(config, today=TODAY).test_client()
    for url, page in pages.items():
        assert whole.get(url[len(prefix) :]).get_data() == page, url
    odd = pages[next(url for url in pages if url.endswith("/odd/"))]
    assert b"Numbness &amp; sleep: &lt;when&gt;" in odd and b"Harbour &amp; Hill" in odd and b"\x00" not in odd


def test_an_article_template_that_uses_the_article_outside_its_slots_is_rendered_whole(make_content, make_config, tmp_path: Path) -> None:
    """If someone shows the article's date in the page's head, every article must still get its own, not the first one's."""
    from thaw.web.app import create_app

    from conftest import TODAY, article

    content = make_content({"understanding/a.md": article("A", date="2026-01-10"), "understanding/b.md": article("B", date="2026-02-20")})
    app = create_app(make_config(content, base_url="/"), today=TODAY)
    original = (Path(app.root_path) / "templates" / "article.html").read_text(encoding="utf-8")
    app.jinja_loader.searchpath.insert(0, str(tmp_path))  # type: ignore[union-attr]
    changed = original.replace("{% block head %}\n", '{% block head %}\n<meta name="date" content="{{ article.date }}">\n')
    assert changed != original
    (tmp_path / "article.html").write_text(changed, encoding="utf-8")
    client = app.test_client()
    for slug, date in (("a", "2026-01-10"), ("b", "2026-02-20")):
        assert f'<meta name="date" content="{date}">' in client.get(f"/understanding/{slug}/").get_data(as_text=True)
    assert app.extensions["thaw"].frames == {("", ("article", "understanding")): None}
