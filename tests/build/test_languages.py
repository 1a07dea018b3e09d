"""A site in several languages (issue 21): the sample site publishes English at /practice/ and Spanish at
/practice/es/. Every page says its language, hreflang pairs point both ways, the switcher never leads to a missing
page, a translation older than its original says so, and bad translations are reported as path:line."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from thaw.build.publish import build, check
from thaw.config.settings import Config
from thaw.content.review import fingerprint
from thaw.errors import ContentError

from conftest import TODAY, article

BASE = "/practice/"


class Links(HTMLParser):
    """A page's <html lang>, its hreflang alternates and the links of its language switcher."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.switcher: list[tuple[str, str, bool]] = []  # (language, address, goes to the same page)
        self._in_switcher = False
        self._last: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"] or ""] = a.get("href") or ""
        elif tag == "nav" and "languages" in (a.get("class") or ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self.switcher.append((a.get("hreflang") or "", a.get("href") or "", True))
        elif tag == "span" and self._in_switcher and a.get("class") == "hint" and self.switcher:
            language, href, _ = self.switcher[-1]
            self.switcher[-1] = (language, href, False)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_switcher = False


_PARSED: dict[Path, Links] = {}


def parsed(path: Path) -> Links:
    """A page's language links, parsed once per test session (the crawls below read every page of both editions)."""
    found = _PARSED.get(path)
    if found is None:
        found = _PARSED[path] = Links()
        found.feed(path.read_text(encoding="utf-8"))
    return found


def file_of(site: Path, url: str) -> Path:
    """The file a static server sends for a full or site-absolute address under /practice/."""
    path = re.sub(r"^https://example\.org", "", url).split("#")[0]
    assert path.startswith(BASE), url
    below = path[len(BASE):]
    return site / (below + "index.html" if below == "" or below.endswith("/") else below)


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.name.startswith("_"))


def test_every_page_says_its_language(built_site: Path) -> None:
    found = {"en": 0, "es": 0}
    for path in pages(built_site):
        expected = "es" if path.relative_to(built_site).parts[0] == "es" else "en"
        assert f'<html lang="{expected}"' in path.read_text(encoding="utf-8"), path
        found[expected] += 1
    assert found["es"] > 400 and found["en"] > 400, found  # every exercise step is in both


def test_hreflang_pairs_point_both_ways_and_name_the_default(built_site: Path) -> None:
    paired = 0
    for path in pages(built_site):
        links = parsed(path)
        if not links.alternates:
            continue
        own = links.alternates.get(links.lang)
        assert own is not None and file_of(built_site, own) == path, (path, links.alternates)
        assert links.alternates.get("x-default") == links.alternates.get("en"), path
        for language, url in links.alternates.items():
            other = file_of(built_site, url)
            assert other.is_file(), (path, url)
            theirs = parsed(other)
            assert theirs.alternates.get(links.lang) == own, f"{other} does not point back to {path}"
        paired += "es" in links.alternates
    assert paired > 400  # articles translated, and every page both editions have


def test_a_page_without_a_translation_has_no_alternate_and_its_switcher_goes_home(built_site: Path) -> None:
    page = built_site / "causes" / "grief-and-loss" / "index.html"
    links = parsed(page)
    assert "es" not in links.alternates
    assert links.switcher == [("es", "/practice/es/", False)]


@pytest.mark.parametrize(("english", "spanish"), [
    ("understanding/what-is-numbness/", "es/understanding/what-is-numbness/"),
    ("help-now/", "es/help-now/"),
    ("", "es/"),
    ("exercises/grounding/", "es/exercises/grounding/"),
])
def test_the_switcher_keeps_the_visitor_on_the_same_page(built_site: Path, english: str, spanish: str) -> None:
    assert parsed(built_site / english / "index.html").switcher == [("es", BASE + spanish, True)]
    assert parsed(built_site / spanish / "index.html").switcher == [("en", BASE + english, True)]


def test_the_switcher_never_leads_to_a_missing_page(built_site: Path) -> None:
    checked = 0
    for path in pages(built_site):
        for language, url, same in parsed(path).switcher:
            target = file_of(built_site, url)
            assert target.is_file(), (path, url)
            assert parsed(target).lang == language
            if not same:
                assert url == BASE + ("" if language == "en" else f"{language}/"), (path, url)
            checked += 1
    assert checked > 800


def test_the_spanish_edition_has_its_own_sitemap_feed_and_search(built_site: Path) -> None:
    sitemap = (built_site / "es" / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/practice/es/understanding/what-is-numbness/" in sitemap
    assert "/practice/understanding/" not in sitemap.replace("/practice/es/", "")
    feed = (built_site / "es" / "feed.xml").read_text(encoding="utf-8")
    assert "entumecimiento" in feed
    assert (built_site / "es" / "search" / "index.html").is_file() and list((built_site / "es" / "search").glob("terms/*.json"))
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert not (built_site / "es" / "robots.txt").exists() and "Sitemap:" in robots
    assert not (built_site / "es" / "assets").exists(), "one copy of each asset, at the root"


def test_spanish_pages_use_spanish_dates_and_words(built_site: Path) -> None:
    html = (built_site / "es" / "understanding" / "what-is-numbness" / "index.html").read_text(encoding="utf-8")
    assert "de diciembre de 2026" in html and "December" not in html
    assert "Traducción aún no revisada por un clínico" in html
    assert "Skip to the main content" not in html and "Saltar al contenido principal" in html or "Ir al contenido" in html


# A small bilingual site for the binding between a translation and its original.
ORIGINAL_BODY = "Numbness can be a way the body protects itself.\n"


def translation(of: str = "understanding/numb", translated_from: str | None = None, title: str = "Sentirse entumecido", **fields: str) -> str:
    stamp = fingerprint("Feeling numb", "A short summary.", "", ORIGINAL_BODY) if translated_from is None else translated_from
    return article(title, body="El entumecimiento puede ser una forma en que el cuerpo se protege.\n", translation_of=of, translated_from=stamp, **fields)


@pytest.fixture
def bilingual(make_content, make_config):
    def make(files: dict[str, str] | None = None) -> Config:
        content = make_content({"understanding/numb.md": article("Feeling numb", body=ORIGINAL_BODY),
                                "es/understanding/numb.md": translation(), **(files or {})})
        return make_config(content, base_url=BASE, languages=("en", "es"))

    return make


def test_a_translation_says_so_when_its_original_changes(bilingual) -> None:
    config = bilingual()
    build(config, today=TODAY)
    page = config.output_dir / "es" / "understanding" / "numb" / "index.html"
    assert "translation-note" not in page.read_text(encoding="utf-8")
    original = config.content_dir / "understanding" / "numb.md"
    original.write_text(article("Feeling numb", body=ORIGINAL_BODY + "\nA new paragraph.\n"), encoding="utf-8")
    result = build(config, today=TODAY)  # incremental: the Spanish page must be made again
    html = page.read_text(encoding="utf-8")
    assert 'class="translation-note"' in html and 'href="/practice/understanding/numb/"' in html
    assert "Esta traducción es anterior a la última versión en inglés" in html
    assert any("this translation is older than the latest version of" in p.message and p.path.endswith("es/understanding/numb.md") for p in result.warnings)
    with pytest.raises(ContentError) as caught:
        build(config, strict=True, today=TODAY)
    assert any("es/understanding/numb.md" in str(p) and "older than" in str(p) for p in caught.value.problems)


def test_check_lists_an_outdated_translation(bilingual) -> None:
    config = bilingual({"es/understanding/numb.md": translation(translated_from="0123456789abcdef")})
    report = check(config, today=TODAY)
    assert any("older than the latest version" in p.message for p in report.warnings)


def test_build_translated_records_the_originals_fingerprint(bilingual, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from thaw.cli import main

    config = bilingual({"es/understanding/numb.md": translation(translated_from="")})
    target = config.content_dir / "es" / "understanding" / "numb.md"
    result = CliRunner().invoke(main, ["translated", "--content", str(config.content_dir), str(target)])
    assert result.exit_code == 0, result.output
    assert f"translated_from: {fingerprint('Feeling numb', 'A short summary.', '', ORIGINAL_BODY)}" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("files", "where", "message"), [
    ({"es/understanding/numb.md": translation(of="understanding/numbb")}, "es/understanding/numb.md:6",
     'translation_of names "understanding/numbb", but content/ has no published page understanding/numbb.md — did you mean "understanding/numb"?'),
    ({"es/understanding/otra.md": translation(title="Otra")}, "es/understanding/otra.md:6",
     '"understanding/numb" is already translated into Spanish by'),
    ({"fr/understanding/numb.md": article("Engourdi")}, "fr/understanding/numb.md",
     'a page in the folder for "fr", a language the config does not list — add "fr" to languages in thaw.toml'),
    ({"understanding/two.md": article("Two", translation_of="understanding/numb")}, "understanding/two.md:6",
     "a page of the default language cannot be a translation"),
    ({"es/understanding/numb.md": translation(of="Understanding/Numb page")}, "es/understanding/numb.md:6",
     'translation_of "Understanding/Numb page" is not the path of a page'),
])
def test_a_bad_translation_names_its_file_and_line(bilingual, files: dict[str, str], where: str, message: str) -> None:
    config = bilingual(files)
    with pytest.raises(ContentError) as caught:
        build(config, today=TODAY)
    shown = [str(p) for p in caught.value.problems]
    assert any(where in p and message in p for p in shown), shown
    assert not config.output_dir.exists(), "nothing was published"


@pytest.fixture
def own_locales(monkeypatch, tmp_path: Path):
    """Point Thaw at a locales folder of the test's own: its Spanish messages.po and its messages.pot."""
    from thaw.config import interface
    from thaw.util import languages

    def make(po: str, pot: str) -> Path:
        locales = tmp_path / "locales"
        (locales / "es" / "LC_MESSAGES").mkdir(parents=True)
        (locales / "es" / "LC_MESSAGES" / "messages.po").write_text(po, encoding="utf-8")
        (locales / "messages.pot").write_text(pot, encoding="utf-8")
        monkeypatch.setattr(languages, "LOCALES", locales)
        monkeypatch.setattr(interface, "TEMPLATE", locales / "messages.pot")
        return locales

    return make


PO_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Language: es\\n"\n\n'


@pytest.mark.parametrize(("po", "line", "message"), [
    (PO_HEAD + 'msgid "Home"\nmsgstr "Inicio"\nnonsense here\n', 8, "the translation file cannot be read"),
    (PO_HEAD + '#, python-format\nmsgid "Call %(number)s"\nmsgstr "Llama al %(numero)s"\n', 7, 'does not keep its placeholders'),
])
def test_a_broken_translation_file_names_its_line(bilingual, own_locales, po: str, line: int, message: str) -> None:
    own_locales(po, PO_HEAD)
    config = bilingual()
    with pytest.raises(ContentError) as caught:
        build(config, today=TODAY)
    shown = [str(p) for p in caught.value.problems]
    assert any(f"messages.po:{line}: " in p and message in p for p in shown), shown


def test_a_site_of_one_language_has_no_trace_of_the_others(make_content, make_config) -> None:
    content = make_content({"understanding/numb.md": article("Feeling numb", body=ORIGINAL_BODY)})
    config = make_config(content, base_url=BASE)
    build(config, today=TODAY)
    assert not (config.output_dir / "es").exists()
    for path in pages(config.output_dir):
        html = path.read_text(encoding="utf-8")
        assert "hreflang" not in html and 'class="languages' not in html, path


def test_a_page_is_published_in_a_language_only_when_it_is_translated(built_site: Path) -> None:
    """README: "A page is published in a language only when it is translated." Sections without a translated page
    are left out of the Spanish edition, so no Spanish page links to an empty one."""
    assert (built_site / "es" / "understanding" / "what-is-numbness" / "index.html").is_file()
    assert not (built_site / "es" / "causes").exists()
    spanish = {p.parent.relative_to(built_site / "es").as_posix() for p in (built_site / "es").glob("*/*/index.html")
               if p.parent.parent.name not in ("tags", "exercises")}
    from conftest import SAMPLE_CONTENT

    assert spanish == {p.relative_to(SAMPLE_CONTENT / "es").with_suffix("").as_posix() for p in (SAMPLE_CONTENT / "es").rglob("*.md")}


def test_get_help_now_in_spanish_gives_988_in_spanish(built_site: Path) -> None:
    """README: 988 in Spanish is "Marque 2 o envíe AYUDA al 988"."""
    html = (built_site / "es" / "help-now" / "index.html").read_text(encoding="utf-8")
    assert "Marque 2 o envíe AYUDA al 988" in html and 'href="tel:988"' in html
    assert "Marque 2" not in (built_site / "help-now" / "index.html").read_text(encoding="utf-8")


def test_the_spanish_interface_is_complete() -> None:
    """Every message of the interface has its Spanish (the pages' promise of a complete edition), and nothing in the
    Spanish file is broken or out of date."""
    from thaw.config.interface import interface

    assert interface("es").problems == ()


def test_the_message_template_is_up_to_date_with_the_code() -> None:
    """README: `make messages` extracts every interface message into messages.pot: the committed file holds exactly
    what an extraction of the code finds now, so no translator misses a message."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    from conftest import ROOT
    from thaw.util.languages import LOCALES

    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None}
    method_map = [("site/**.py", "python"), ("site/web/templates/**.html", "jinja2"), ("site/web/templates/**.xml", "jinja2")]
    options = {"site/web/templates/**": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true", "newstyle_gettext": "true"}}
    found = {message if isinstance(message, str) else message[0] for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options, keywords)}
    with open(LOCALES / "messages.pot", "rb") as stream:
        committed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(stream) if m.id}
    assert found == committed, f"run make messages: new {sorted(found - committed)[:5]}, gone {sorted(committed - found)[:5]}"


def test_check_lists_a_message_not_yet_translated_with_its_line(bilingual, own_locales) -> None:
    own_locales(PO_HEAD + 'msgid "Home"\nmsgstr "Inicio"\n\nmsgid "Search"\nmsgstr ""\n', PO_HEAD + 'msgid "Home"\nmsgstr ""\n\nmsgid "Search"\nmsgstr ""\n')
    config = bilingual()
    result = build(config, today=TODAY)
    shown = [str(p) for p in result.warnings]
    assert any('messages.po:9: warning: "Search" has no Spanish translation yet' in p for p in shown), shown
    html = (config.output_dir / "es" / "index.html").read_text(encoding="utf-8")
    assert "Inicio" in html and ">Search<" in html, "a translated message shows; the English shows until the other is translated"
    with pytest.raises(ContentError):
        build(config, strict=True, today=TODAY)


BETWEEN = "La terapia ayuda a identificar pensamientos automáticos. También ayuda a cambiar conductas que mantienen el malestar."  # 56


@pytest.mark.parametrize(("text", "audience", "warned"), [
    ("El cuerpo se cuida. Tú puedes ir despacio. Nada es urgente.", "public", False),
    ("La desregulación neurofisiológica postraumática característicamente interrumpe la experimentación emocional "
     "contemporánea, imposibilitando transitoriamente la identificación autorreflexiva de sensaciones interoceptivas.", "public", True),
    (BETWEEN, "public", True),
    (BETWEEN, "clinicians", False),
])
def test_spanish_pages_are_measured_with_fernandez_huerta(text: str, audience: str, warned: bool) -> None:
    """EDITING.md: Spanish pages warn below 60 on Fernández-Huerta's index (50 for clinicians), with Szigriszt-Pazos
    beside it."""
    import datetime as dt

    from thaw.content.article import Article
    from thaw.markdown.prose import review_prose

    page = Article(slug="p", path=Path("p.md"), display="content/es/p.md", title="P", summary="S", section="understanding", date=dt.date(2026, 1, 1), body=text + "\n", audience=audience)
    report = review_prose(page, TODAY, "es")
    assert report.readability.startswith("F-H ") and " · S-P " in report.readability
    assert any("Fernández-Huerta readability" in p.message for p in report.problems) is warned, (report.grade, report.problems)


def test_a_translations_reference_key_may_not_repeat_a_shared_one(bilingual) -> None:
    config = bilingual()
    (config.content_dir / "es" / "references.yaml").write_text("nimh-ptsd:\n  title: Trastorno\n  publisher: NIMH\n  year: 2024\n  url: https://www.nimh.nih.gov/\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(config, today=TODAY)
    assert any('the reference "nimh-ptsd" is also in content/references.yaml' in str(p) for p in caught.value.problems)


def test_numbers_are_written_as_the_language_writes_them(built_site: Path) -> None:
    """The issue's "Spanish dates and numbers (Babel)": a steady breath is 5.5 seconds in English, 5,5 in Spanish."""
    from conftest import state_path

    english = (built_site / state_path("breathing", "go/steady") / "index.html").read_text(encoding="utf-8")
    spanish = (built_site / "es" / state_path("breathing", "go/steady") / "index.html").read_text(encoding="utf-8")
    assert "for 5.5" in english and "5,5" in spanish and "5.5 " not in spanish


def test_the_switcher_tells_a_reader_in_their_own_language_that_a_page_is_not_translated(built_site: Path) -> None:
    html = (built_site / "causes" / "grief-and-loss" / "index.html").read_text(encoding="utf-8")
    assert '<span class="hint" lang="es">(página de inicio: esta página no está traducida)</span>' in html


def test_spanish_search_results_name_their_sections_in_spanish(built_site: Path) -> None:
    page = (built_site / "es" / "search" / "index.html").read_text(encoding="utf-8")
    assert "Entender el entumecimiento" in page and "Understanding numbness" not in page


def test_a_signed_translation_no_longer_says_it_is_not_reviewed(bilingual) -> None:
    """README: a translation says "Traducción aún no revisada por un clínico" until a bilingual clinician signs it."""
    from conftest import signed

    config = bilingual({"es/understanding/numb.md": signed("Dra. A. Clínica", "2026-11-01", "2027-11-01", "Psicóloga clínica", title="Sentirse entumecido",
                                                          body="El entumecimiento puede ser una forma en que el cuerpo se protege.\n", translation_of="understanding/numb",
                                                          translated_from=fingerprint("Feeling numb", "A short summary.", "", ORIGINAL_BODY))})
    build(config, today=TODAY)
    html = (config.output_dir / "es" / "understanding" / "numb" / "index.html").read_text(encoding="utf-8")
    assert "Traducción aún no revisada" not in html and "Dra. A. Clínica" in html


def test_a_link_from_a_translation_to_an_untranslated_page_is_broken(bilingual) -> None:
    """EDITING.md: a translation's links go to pages in its own language; one to a page with no translation is an error."""
    config = bilingual({"understanding/other.md": article("Other"),
                        "es/understanding/numb.md": translation().replace("se protege.", "se protege. [Otra](../../understanding/other.md)")})
    with pytest.raises(ContentError) as caught:
        build(config, today=TODAY)
    assert any("es/understanding/numb.md" in str(p) and "other.md" in str(p) for p in caught.value.problems), [str(p) for p in caught.value.problems]
