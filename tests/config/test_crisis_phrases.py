"""The crisis-phrase list (site/config/data/crisis_phrases.toml): every entry matches in Python, in search.js and on the page."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from thaw.config.crisisphrases import DATA_FILE, load_phrases, mentions_crisis, normalise, read_phrases
from thaw.errors import ProblemsFound, ThawError

from conftest import require
from test_browser_exercises import assert_clean, open_page, wait_until

ROOT = Path(__file__).resolve().parents[2]
SEARCH_JS = ROOT / "site" / "web" / "static" / "search.js"
# The entries as written in the file (read here without the module under test).
ENTRIES = [entry for group in tomllib.loads(DATA_FILE.read_text(encoding="utf-8")).values() for entry in group["phrases"]]
ANNOUNCEMENT = "Help is available now. Crisis lines are shown first, above the results."

# Honest near misses: things people type into a search box on a site about numbness, close to an entry but not a crisis.
NEAR_MISSES = [
    "blend it", "friendship", "end of term", "hurt my knee", "short story", "sh", "shut down", "weekend itinerary",
    "spending it all", "end my therapy sessions", "ending therapy well", "how to stop cutting off feelings",
    "self care", "self compassion", "harmless habits", "harmony", "hopeful", "killing time", "give up caffeine",
    "better off without caffeine", "no reason to worry", "can't go outside", "why do feelings disappear",
    "feeling alive again", "dead tired", "life is good", "numb after a breakup", "emotional numbness", "crises of faith",
]
# Text whose normal form JavaScript and Python must agree on, letter for letter.
AWKWARD = [
    "Don’t WANT to be here!!", "don`t", "don´t", "donʼt", "don＇t", "‘kms’", "“end it”", "self-harm", "self‐harm", "self_harm",
    "  kms\t\n", "café", "cafe\u0301", "İstanbul", "ΟΔΟΣ ΣΑΣ", "ﬁne", "ＫＭＳ", "Straße", "x²", "½", "Ⅻ", "😀kms😀", "a*b",
    "123 go", "", "   ", "end-it-all", "i'm a burden", "I\u00a0want\u2009to\u200bdie",
]


def example(entry: str) -> str:
    """A query that must show crisis help for `entry`: a prefix entry gets a word ending."""
    return "i feel " + (entry[:-1] + "al" if entry.endswith("*") else entry)


def test_the_list_loads_normalised_once_each_and_thorough() -> None:
    phrases = load_phrases()
    assert 100 <= len(phrases) == len(ENTRIES) <= 160  # English and Spanish
    assert len(set(phrases)) == len(phrases)
    for phrase in phrases:
        prefix = phrase.endswith("*")
        assert phrase == normalise(phrase.removesuffix("*")) + ("*" if prefix else ""), phrase
    assert "dont want to be here" in phrases and "suicid*" in phrases and "self harm" in phrases
    assert "sh" not in phrases, "too ambiguous: a sound, a command, the start of many words"
    assert load_phrases() is phrases, "read once per process"


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_phrase_shows_crisis_help(entry: str) -> None:
    query = example(entry)
    assert mentions_crisis(query, load_phrases())
    own = read_phrases(f"[g]\nphrases = [{json.dumps(entry)}]\n", "one.toml")
    assert mentions_crisis(query, own), "the entry itself must match, not only some other entry"


@pytest.mark.parametrize("query", NEAR_MISSES)
def test_near_misses_do_not(query: str) -> None:
    assert not mentions_crisis(query, load_phrases())


@pytest.mark.parametrize(("text", "expected"), [
    ("Don’t WANT to be here!!", "dont want to be here"),
    ("don`t", "dont"),
    ("self-harm", "self harm"),
    ("self_harm", "self harm"),
    ("  kms\t\n", "kms"),
    ("“end it”", "end it"),
    ("cafe\u0301", "café"),
    ("I\u00a0want to-die...", "i want to die"),
    ("😀kms😀", "kms"),
    ("", ""),
])
def test_normalising(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_matching_is_by_whole_consecutive_words() -> None:
    assert mentions_crisis("I want to END IT.", ("end it",))
    assert not mentions_crisis("blend it", ("end it",)) and not mentions_crisis("end of it", ("end it",))
    assert not mentions_crisis("it end", ("end it",)) and not mentions_crisis("", ("end it",))
    assert mentions_crisis("suicidal", ("suicid*",)) and mentions_crisis("suicid", ("suicid*",))
    assert not mentions_crisis("presuicidal", ("suicid*",))
    assert mentions_crisis("self-injury", ("self injur*",)) and not mentions_crisis("injury to self", ("self injur*",))
    assert mentions_crisis("I don't want to be here", ("dont want to be here",))


@pytest.mark.parametrize(("text", "message"), [
    ('[g]\nphrases = ["sh"]\n', 'crisis_phrases.toml:2: "sh" is too short'),
    ('[g]\nphrases = [\n  "kms",\n  "end*",\n]\n', 'crisis_phrases.toml:4: the prefix "end*" is too short'),
    ('[g]\nphrases = ["su*cide"]\n', 'crisis_phrases.toml:2: "su*cide" has a * inside it'),
    ('[g]\nphrases = ["suicid *"]\n', 'crisis_phrases.toml:2: "suicid *" has a space before its *'),
    ('[g]\nphrases = ["!!!"]\n', 'crisis_phrases.toml:2: "!!!" has no letters or digits'),
    ('[g]\nphrases = [3]\n', "crisis_phrases.toml:2: a phrase must be text"),
    ('[g]\nphrases = ["kms"]\n[h]\nphrases = ["KMS!"]\n', 'crisis_phrases.toml:4: "KMS!" is listed twice'),
    ('[g]\nphrase = ["kms"]\n', 'crisis_phrases.toml:2: unknown key "phrase" in [g] — did you mean "phrases"?'),
    ('[g]\nphrases = "kms"\n', "crisis_phrases.toml:2: phrases in [g] must be a list"),
    ('phrases = ["kms"]\n', "crisis_phrases.toml:1: phrases must be in a group"),
    ("# nothing yet\n", "crisis_phrases.toml: the file lists no phrases"),
    ('[g\nphrases = ["kms"]\n', "crisis_phrases.toml: not valid TOML"),
])
def test_bad_entries_are_reported_with_their_line(text: str, message: str) -> None:
    with pytest.raises(ProblemsFound) as caught:
        read_phrases(text, "crisis_phrases.toml")
    assert isinstance(caught.value, ThawError)
    assert any(str(problem).startswith(message) for problem in caught.value.problems), str(caught.value)


def test_the_shipped_file_passes_its_own_checks() -> None:
    assert read_phrases(DATA_FILE.read_text(encoding="utf-8"), "crisis_phrases.toml") == load_phrases()


# search.js's own matcher, run by node on everything above at once.
QUERIES = [example(entry) for entry in ENTRIES] + NEAR_MISSES + AWKWARD


@pytest.fixture(scope="module")
def javascript() -> dict[str, list]:
    require(shutil.which("node") is not None, "node is needed to run search.js (`make setup` needs npm)")
    script = (
        "global.window = {}; global.document = {addEventListener() {}};"
        f"require({json.dumps(str(SEARCH_JS))});"
        "let input = ''; process.stdin.on('data', d => input += d);"
        "process.stdin.on('end', () => { const {queries, phrases} = JSON.parse(input); const c = window.thawCrisis;"
        "console.log(JSON.stringify({mentions: queries.map(q => c.mentions(q, phrases)), normal: queries.map(c.normalise)})); });"
    )
    given = json.dumps({"queries": QUERIES, "phrases": list(load_phrases())})
    result = subprocess.run(["node", "-e", script], input=given, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("index", range(len(QUERIES)), ids=QUERIES)
def test_search_js_agrees_with_python(javascript: dict[str, list], index: int) -> None:
    query = QUERIES[index]
    assert javascript["normal"][index] == normalise(query)
    assert javascript["mentions"][index] == mentions_crisis(query, load_phrases())


def test_the_search_page_carries_the_list_and_an_empty_live_region(client) -> None:
    html = client.get("/search/").get_data(as_text=True)
    block = re.search(r'<script type="application/json" id="crisis-phrases">(.*?)</script>', html, re.S)
    assert block and json.loads(block.group(1)) == list(load_phrases())
    note = re.search(r'<p class="search-crisis-note visually-hidden" role="status" aria-live="polite" data-announce="([^"]+)">(.*?)</p>', html)
    assert note and note.group(1) == ANNOUNCEMENT and note.group(2) == "", "present from the start, and empty"
    assert html.index("search-crisis-note") < html.index('class="search-crisis"') < html.index("search-results")
    code = SEARCH_JS.read_text(encoding="utf-8")
    assert "suicid" not in code and "CRISIS" not in code, "the list lives only in the data file"


PANEL = """() => {
  const panel = document.querySelector(".search-crisis"), list = document.querySelector(".search-results");
  const box = panel.getBoundingClientRect(), first = list.querySelector("li");
  return {
    visible: !panel.hidden && box.height > 0,
    above: box.bottom <= document.querySelector(".search-status").getBoundingClientRect().top
      && (list.hidden || box.bottom <= list.getBoundingClientRect().top)
      && (!first || box.bottom <= first.getBoundingClientRect().top),
    before: Boolean(panel.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING),
    note: document.querySelector(".search-crisis-note").textContent,
  };
}"""


def test_every_phrase_typed_in_the_browser_shows_help_above_the_results(browser, served_site: str) -> None:
    context, page, seen = open_page(browser)
    page.goto(served_site + "search/")
    box = page.get_by_label("Search the articles")
    assert page.evaluate(PANEL) == {"visible": False, "above": True, "before": True, "note": ""}
    box.fill("i feel numb and hopeless")  # a query with results: help comes above the first of them
    wait_until(page, "() => document.querySelectorAll('.search-results li').length > 0", timeout=10)
    assert page.evaluate(PANEL) == {"visible": True, "above": True, "before": True, "note": ANNOUNCEMENT}
    wrong = {}
    for query in [example(entry) for entry in ENTRIES] + NEAR_MISSES[:6]:
        box.fill("")
        box.press("Enter")
        box.fill(query)
        box.press("Enter")
        state = page.evaluate(PANEL)
        crisis = query not in NEAR_MISSES
        if state != {"visible": crisis, "above": True, "before": True, "note": ANNOUNCEMENT if crisis else ""}:
            wrong[query] = state
    assert wrong == {}
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


def test_the_announcement_is_made_once_each_time_the_help_appears(browser, served_site: str) -> None:
    context, page, seen = open_page(browser)
    page.goto(served_site + "search/")
    page.evaluate("""() => {
      const note = document.querySelector(".search-crisis-note");
      window.__notes = [];
      new MutationObserver(() => window.__notes.push(note.textContent)).observe(note, {childList: true, characterData: true, subtree: true});
    }""")
    box = page.get_by_label("Search the articles")
    box.press_sequentially("kms and more words", delay=150)  # slower than the search's pause: it runs on every key
    wait_until(page, "() => !document.querySelector('.search-crisis').hidden")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__notes") == [ANNOUNCEMENT]
    box.fill("numb")
    wait_until(page, "() => document.querySelector('.search-crisis').hidden")
    box.press("Enter")
    box.fill("i can't go on")
    box.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__notes") == [ANNOUNCEMENT, "", ANNOUNCEMENT]
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


# How Spanish speakers put it, written as people type (with and without accents): crisis help comes first on every
# search page, in either language's edition (issue 21).
SPANISH_QUERIES = [
    "quiero morir", "Quiero morirme", "me quiero morir", "me quiero matar", "pienso en matarme", "quitarme la vida",
    "acabar con mi vida", "no quiero vivir", "ya no quiero vivir", "no quiero seguir viviendo", "ya no aguanto más",
    "ya no aguanto mas", "ya no puedo más", "no vale la pena vivir", "mejor muerta", "mejor muerto",
    "desearía no haber nacido", "desearia estar muerto", "suicidarme", "pensamientos suicidas", "hacerme daño",
    "hacerme dano", "lastimarme", "cortarme", "autolesión", "autolesiones", "autolesion", "sin esperanza",
    "no hay salida", "soy una carga",
]


@pytest.mark.parametrize("query", SPANISH_QUERIES)
def test_spanish_words_for_crisis_show_crisis_help(query: str) -> None:
    assert mentions_crisis(query, load_phrases()), query


@pytest.mark.parametrize("query", ["me muero de risa", "morir de amor en una canción", "vida diaria", "carga de trabajo", "salida del trabajo"])
def test_everyday_spanish_does_not(query: str) -> None:
    assert not mentions_crisis(query, load_phrases()), query
