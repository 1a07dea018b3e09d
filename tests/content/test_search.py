"""Search: the site's own index (static JSON files), served under /practice/, with crisis help first for crisis words."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from thaw.content import search
from thaw.content.search import Document, build_index, stem, weigh, words

from conftest import require
from test_browser_exercises import assert_clean, open_page, wait_until

ROOT = Path(__file__).resolve().parents[2]


def test_the_search_index_is_built_into_the_output(built_site: Path) -> None:
    meta = json.loads((built_site / "search" / "index.json").read_text())
    assert meta["docs"] >= 20 and meta["chunk"] == search.DOCS_PER_CHUNK
    for shard in meta["shards"]:
        postings = json.loads((built_site / "search" / "terms" / f"{shard}.json").read_text())
        assert postings and all(term.startswith(shard[:1]) or shard.startswith("_") for term in postings)
    docs = json.loads((built_site / "search" / "docs" / "0.json").read_text())
    assert len(docs) == meta["docs"]
    for url, title, summary, section in docs:
        assert url.startswith("/practice/") and title and summary and section
        assert (built_site / url.removeprefix("/practice/") / "index.html").is_file()
    numb = json.loads((built_site / "search" / "terms" / "nu.json").read_text())["numb"]
    assert len(numb) // 2 >= 10, "most pages are about numbness"


@pytest.mark.parametrize(("word", "expected"), [
    ("feelings", "feel"), ("feeling", "feel"), ("numbing", "numb"), ("numbed", "numb"), ("stopped", "stop"),
    ("stories", "story"), ("stress", "stress"), ("focus", "focus"), ("thing", "thing"), ("therapies", "therapy"),
])
def test_the_stemmer_joins_forms_of_a_word(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_words_fold_accents_and_apostrophes_and_drop_stop_words() -> None:
    assert words("Don’t feel the CAFÉ’s numbness") == ["dont", "feel", "cafe", "numbness"]


@pytest.mark.parametrize("text", [
    "Don’t ‘quote’ me — it’s fine… “Really”.",
    "rock'n'roll, 90's and '90s; a''b _x_ x_y it's''",
    "naïve café’s résumé, Ærø and İstanbul",
    "tabs\tand\x0bcontrols\x01between\u00a0words",
    "’tis the season’s end",
])
def test_the_fast_word_splitter_finds_what_the_word_pattern_finds(text: str) -> None:
    """Plain text splits without the regex; the terms and word counts must be the regex's exactly."""
    import unicodedata

    reference = search.WORD.findall(unicodedata.normalize("NFC", text))
    assert words(text) == [t for t in map(search.term_of, reference) if t]
    assert weigh([("body", text)])[1] == len(reference)
    # Case never matters, for accented and other non-ASCII letters too.
    assert weigh([("body", text.upper())]) == weigh([("body", text)])


def test_the_browser_splits_words_exactly_like_the_build() -> None:
    require(shutil.which("node") is not None, "node is needed to run search.js (`make setup` needs npm)")
    text = (ROOT / "content" / "understanding" / "what-is-numbness.md").read_text(encoding="utf-8")
    text += " Don’t CAFÉ’s naïve stopping tries stresses 3-4-5 x ünïcödé ÅNGSTRÖM"
    script = (
        "global.window = {}; global.document = {addEventListener() {}};"
        f"require({json.dumps(str(ROOT / 'site' / 'web' / 'static' / 'search.js'))});"
        "let input = ''; process.stdin.on('data', d => input += d);"
        "process.stdin.on('end', () => console.log(JSON.stringify(window.thawSearchTerms(input))));"
    )
    result = subprocess.run(["node", "-e", script], input=text, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == words(text)


def test_the_index_is_the_same_for_the_same_documents_and_weighs_titles_most() -> None:
    docs = [
        Document("/a/", "Feeling numb", "About numbness.", "Understanding", weigh([("title", "Feeling numb"), ("body", "numb numb")])[0]),
        Document("/b/", "Sleep", "Rest.", "Causes", weigh([("title", "Sleep"), ("body", "sometimes numb")])[0]),
    ]
    one, two = build_index(docs), build_index(list(docs))
    assert one.files == two.files
    postings = json.loads(one.files["terms/nu.json"])["numb"]
    weights = dict(zip(postings[::2], postings[1::2]))
    assert weights[0] > weights[1] > 0


def test_the_dev_server_answers_the_same_index_files(client, built_site: Path) -> None:
    for name in ("index.json", "terms/nu.json", "docs/0.json"):
        response = client.get(f"/search/{name}")
        assert response.status_code == 200 and response.mimetype == "application/json"
    assert client.get("/search/terms/zz-nothing.json").status_code == 404


def test_searching_finds_articles(browser, served_site: str, built_site: Path) -> None:
    context, page, seen = open_page(browser)
    page.goto(served_site + "search/")
    page.get_by_label("Search the articles").fill("window of tolerance")
    wait_until(page, "() => document.querySelectorAll('.search-results li').length > 0", timeout=10)
    first = page.locator(".search-results a").first
    assert first.get_attribute("href").startswith("/practice/")
    # Every result is a page with both words of the query, and the best one says so in its title or summary.
    links = page.locator(".search-results a")
    for href in [links.nth(n).get_attribute("href") for n in range(links.count())]:
        text = (built_site / href.removeprefix("/practice/") / "index.html").read_text(encoding="utf-8").lower()
        assert "window" in text and "tolerance" in text, href
    assert "tolerance" in page.locator(".search-results li").first.inner_text().lower()
    assert "result" in page.locator(".search-status").inner_text()
    assert page.locator(".search-crisis").is_hidden()
    first.click()
    page.wait_for_url("**/practice/**/")
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


@pytest.mark.parametrize("query", ["suicide", "I want to kill myself", "self-harm", "crisis"])
def test_crisis_words_show_crisis_help_first(browser, served_site: str, query: str) -> None:
    context, page, seen = open_page(browser)
    page.goto(served_site + "search/")
    page.get_by_label("Search the articles").fill(query)
    crisis = page.locator(".search-crisis")
    crisis.wait_for(state="visible")
    assert crisis.locator("a[href='tel:988']").count() >= 1
    box = crisis.bounding_box()
    results = page.locator(".search-status").bounding_box()
    assert box["y"] < results["y"], "crisis help must come before the results"
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


def test_without_javascript_the_search_page_lists_every_article(browser, served_site: str, built_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "search/")
    assert page.locator(".search-form").is_hidden()
    articles = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.glob("*/*/index.html")
                      if not p.parent.parent.name in ("tags", "exercises"))
    links = page.locator(".all-articles a")
    assert links.count() == len(articles) > 2
    help_now = page.get_by_role("complementary", name="Crisis help")  # the crisis panel needs JavaScript; this does not
    assert help_now.locator("a[href='tel:988']").first.is_visible()
    assert help_now.locator("a[href='/practice/help-now/']").is_visible()
    assert page.locator(".search-crisis").is_hidden()
    context.close()


def test_term_shards_are_the_json_of_their_postings() -> None:
    """The shards are written as text directly; they must read back as exactly the postings, with any term."""
    terms = ["numb", "café", 'say"', "back\\slash", "tab\tch", "über", "2024"]
    documents = [Document(f"/{n}/", f"T{n}", "S", "Sec", " ".join(f"{t} {n + i + 1}" for i, t in enumerate(sorted(terms)))) for n in range(3)]
    index = build_index(documents)
    read: dict[str, list[int]] = {}
    for name, data in index.files.items():
        if name.startswith("terms/"):
            shard = json.loads(data)
            assert data == json.dumps(shard, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
            read.update(shard)
    assert read == {t: [v for n in range(3) for v in (n, n + sorted(terms).index(t) + 1)] for t in terms}
