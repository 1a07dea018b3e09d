"""The site's own search index: words of each article, split into small static JSON files a phone fetches on demand.

Index layout (every file exists in the frozen site, so a plain file server answers every request):
  search/index.json           {"docs": N, "chunk": C, "shards": [...]} what exists
  search/terms/<shard>.json   {"term": [doc, weight, doc, weight, ...]} for terms starting with <shard>
  search/docs/<n>.json        [[url, title, summary, section], ...] for docs n*C .. n*C+C-1
  search/words/<shard>.json   ["word", ...] words as written (4+ letters) starting with <shard>, fetched only to
                              correct a query word that has no postings ("anxeity" -> "anxiety")
Terms include pairs of neighbouring words in titles, summaries, headings and search terms ("window+tolerance").
The browser (search.js) stems a query the same way, sums weight × idf, and shows the best ten.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
DOCS_PER_CHUNK = 100
MAX_WEIGHT = 255
# How much one mention counts, by where it is: the page's text (headings and body, normalised for the page's length
# as BM25 does), and its labels (title, summary and the editor's search_terms), which add a boost of their own.
FIELD_WEIGHTS = {"title": 8, "summary": 3, "terms": 6, "heading": 3, "body": 1}
LABELS = ("title", "summary", "terms")
PAIRED = ("title", "summary", "terms", "heading")  # their neighbouring words are indexed as pairs, for phrases
VOCABULARY_MIN = 4  # shorter words are not corrected: too many others are one letter away
K1, B = 1.2, 0.75  # BM25's saturation and length normalisation
TYPICAL_LENGTH = 700  # weighted words (body 1, headings 3; stop words aside) BM25 treats as average: the sample site's
TEXT_SHARE, LABEL_SHARE = 170, 85  # a weight's parts (they add up to MAX_WEIGHT): the text's BM25, the labels' boost
# Words too common to tell pages apart; the browser drops the same ones.
STOP_WORDS = frozenset(
    "cant dont doesnt didnt im ive isnt arent wasnt werent wont wouldnt couldnt shouldnt youre theyre thats "
    "a about after all also am an and any are as at be because been but by can could did do does for from had has have "
    "he her him his how i if in into is it its just me more most my no not of on once only or other our out over own "
    "she so some such than that the their them then there these they this those through to too under until up very "
    "was we were what when where which while who why will with would you your".split()
)


def fold(word: str) -> str:
    """Lower-case, drop accents and apostrophes: "Don’t" -> "dont", "Café" -> "cafe"."""
    word = word.lower()
    if word.isascii():
        return word.replace("'", "")
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if not unicodedata.category(c).startswith("M") and c not in "'\u2019")


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz" and word[-1] not in "aeiou":
        return word[:-1]
    return word


# British spellings become American ones before stemming, so "behaviour" finds "behavior" (search.js has the same
# lists and rules: tests/content/test_search.py runs both on one word list). Over-joining is harmless as both sides
# agree; the exceptions keep words that only look like variants ("exercise", "four") apart from others.
_NOT_ISE = frozenset(
    "advise arise chastise circumcise comprise compromise concise despise devise disguise enterprise excise exercise "
    "expertise franchise improvise incise likewise merchandise otherwise paradise porpoise praise precise premise "
    "promise reprise revise supervise surmise surprise televise tortoise treatise".split()
)
_NOT_OUR = frozenset("contour detour devour velour paramour troubadour".split())
_SPELLING_RULES = (
    (re.compile(r"^(.{3,})is(e|ed|es|ing|er|ers|ation|ations)$"), lambda m: None if m[1] + "ise" in _NOT_ISE else m[1] + "iz" + m[2]),
    (re.compile(r"^(.{3,})ys(e|ed|es|ing|er|ers)$"), lambda m: m[1] + "yz" + m[2]),
    (re.compile(r"^(.{3,})our(|s|ed|ing|al|ally|ite|ites|ful|less|able|er|ers|ist|ists|hood|hoods)$"),
     lambda m: None if m[1] + "our" in _NOT_OUR else m[1] + "or" + m[2]),
    (re.compile(r"^(.{2,}[tb])r(e|es|ed|ing)$"), lambda m: m[1] + "er" + {"e": "", "es": "s", "ed": "ed", "ing": "ing"}[m[2]]),
    (re.compile(r"^(.{2,}l)ogue(|s|d)$"), lambda m: m[1] + "og" + {"": "", "s": "s", "d": "ed"}[m[2]]),
    (re.compile(r"^(.{3,}[^aeiou])ell(ed|ing|er|ers|or|ors)$"), lambda m: m[1] + "el" + m[2]),
    (re.compile(r"^(paed|orthopaed|haem|anaem|anaes|leukaem|oestr|oesoph|oed|foet|gynaec)"),
     lambda m: m[1].replace("ae", "e").replace("oe", "e", 1) + m.string[m.end():]),
)
# Whole words: irregular spellings and forms (before stemming), and stems that belong together (after).
_IRREGULAR = {
    "practise": "practice", "practised": "practiced", "practising": "practicing", "practises": "practices",
    "licence": "license", "defence": "defense", "offence": "offense", "pretence": "pretense", "licences": "licenses",
    "offences": "offenses", "judgement": "judgment", "judgements": "judgments", "ageing": "aging",
    "programme": "program", "programmes": "programs", "grey": "gray", "mum": "mom", "mums": "moms", "mummy": "mommy",
    "fulfil": "fulfill", "fulfilment": "fulfillment", "enrol": "enroll", "enrolment": "enrollment",
    "skilful": "skillful", "wilful": "willful", "sceptical": "skeptical", "sceptic": "skeptic",
    "diarrhoea": "diarrhea", "apnoea": "apnea", "dyspnoea": "dyspnea", "whilst": "while", "amongst": "among",
    "learnt": "learned", "burnt": "burned", "dreamt": "dreamed", "spelt": "spelled", "felt": "feel", "slept": "sleep",
    "children": "child", "women": "woman", "men": "man", "feet": "foot", "teeth": "tooth",
}
_JOINED = {
    "griev": "grief", "grieve": "grief", "anxious": "anxiety", "depression": "depress", "depressive": "depress",
    "traumatiz": "trauma", "traumatic": "trauma",
}


def spelling(word: str) -> str:
    """The American spelling of a (folded) British one: "behaviour" -> "behavior", "centre" -> "center"."""
    found = _IRREGULAR.get(word)
    if found:
        return found
    for pattern, replace in _SPELLING_RULES:
        match = pattern.match(word)
        if match:
            changed = replace(match)
            if changed:
                return changed
    return word


def stem(word: str) -> str:
    """A light English stemmer, mirrored exactly in search.js: spelling variants, plurals, -ing, -ed, -ness, -ional,
    -ize, -ate/-ation/-ative, and a few forms that belong together ("grieving" and "grief")."""
    if len(word) <= 3:
        return _IRREGULAR.get(word, word)
    word = spelling(word)
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4:
        word = _undouble(word[:-2])
    if word.endswith("ness") and len(word) > 6:
        word = word[:-4]
        if word.endswith("i"):
            word = word[:-1] + "y"
    if word.endswith(("ional", "ioral")) and len(word) > 7:
        word = word[:-2]
    elif word.endswith(("ionally", "iorally")) and len(word) > 9:
        word = word[:-4]
    if word.endswith("ization") and len(word) > 9:
        word = word[:-5]
    elif word.endswith(("ation", "ative")) and len(word) > 7:
        word = word[:-3]
    elif word.endswith(("ate", "ize")) and len(word) > 5:
        word = word[:-1]
    return _JOINED.get(word, word)


@lru_cache(maxsize=262144)
def term_of(word: str) -> str:
    """The index term for one word as written ("" for a stop word)."""
    folded = fold(word)
    return "" if not folded or folded in STOP_WORDS else stem(folded)


# What only separates words, as a space (ASCII punctuation and controls, no-break space, dashes, curly double quotes,
# the opening single quote, the ellipsis), and the curly apostrophe as a straight one: plain text then splits on
# whitespace, many times faster than WORD, which is needed only around apostrophes and for other non-ASCII text.
_SEPARATE = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "'")}
_SEPARATE.update({ord(c): " " for c in "\u00a0\u2013\u2014\u2018\u201c\u201d\u2026"})
_SEPARATE[0x2019] = "'"


def _raw_words(text: str) -> list[str]:
    """The words of `text` as WORD finds them (apostrophes may come back straightened; terms are the same)."""
    text = text.translate(_SEPARATE)
    if not text.isascii():
        return WORD.findall(unicodedata.normalize("NFC", text))
    found = text.split()
    if "'" not in text:
        return found
    return [word for part in found for word in (WORD.findall(part) if "'" in part else (part,))]


def words(text: str) -> list[str]:
    """The index terms in `text`, in order (stop words dropped)."""
    return [term for term in map(term_of, _raw_words(text)) if term]


def pair(first: str, second: str) -> str:
    """The index term for two neighbouring terms ("window+tolerance"): a phrase's words next to each other."""
    return f"{first}+{second}"


def weigh(fields: Iterable[tuple[str, str]]) -> tuple[str, int]:
    """Each term of an article's fields with its weighted count in the text and in the labels, packed as
    "term weight term weight … | word word …" (see weights_of) (after the bar, the words as written, for correcting typos)
    so it is small to cache; and how many words the headings and body have.
    Neighbouring words of the labels and headings (line by line) are packed too, as pair() terms."""
    text: dict[str, int] = {}
    labels: dict[str, int] = {}
    surface: set[str] = set()
    total = 0
    for kind, value in fields:
        weight = FIELD_WEIGHTS[kind]
        found = _raw_words(value.lower() if value.isascii() else value)  # fewer distinct words; the terms are the same
        counts = labels if kind in LABELS else text
        if kind not in LABELS:
            total += len(found)
        for word, seen in Counter(found).items():
            term = term_of(word)
            if term:
                counts[term] = counts.get(term, 0) + weight * seen
                if len(word) >= VOCABULARY_MIN and word.isalpha():
                    surface.add(word)  # folded once below, not at each field's every use
        if kind in PAIRED:
            for line in value.splitlines():
                found_terms = words(line)
                for first, second in zip(found_terms, found_terms[1:]):
                    if len(first) >= 2:
                        key = pair(first, second)
                        labels[key] = labels.get(key, 0) + weight
    weights = weights_of(text, labels)
    packed = " ".join(f"{term} {weights[term]}" for term in sorted(weights))
    return f"{packed} | {' '.join(sorted({fold(word) for word in surface}))}", total


def weights_of(text: dict[str, int], labels: dict[str, int]) -> dict[str, int]:
    """A page's terms with their weights (1-255): BM25 on the text, plus the labels' boost.

    A page's weights depend on that page alone, so they are worked out with its rendering (in the workers, and cached
    with it), not for every page on every build while the index is put together (130 ms per 1,000 articles)."""
    length = sum(text.values())
    # The length in steps of about 19% (2 ** 0.25), against a fixed typical length rather than the site's average:
    # an edit to one page then changes only its own postings (incremental builds rewrite few index files).
    stepped = 2 ** (round(math.log2(max(1, length)) * 4) / 4)
    norm = K1 * (1 - B + B * stepped / TYPICAL_LENGTH)
    found = {}
    for term in text.keys() | labels.keys():
        tf = text.get(term, 0)
        bm25 = tf / (tf + norm) if tf else 0.0  # 0..1, BM25's term part over (K1 + 1)
        found[term] = max(1, min(MAX_WEIGHT, round(TEXT_SHARE * bm25 + LABEL_SHARE * min(1.0, labels.get(term, 0) / FIELD_WEIGHTS["title"]))))
    return found


@lru_cache(maxsize=262144)
def shard_of(term: str) -> str:
    """The file a term lives in: its first two characters, spelled safely for a file name."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}" for c in term[:2])


@dataclass(frozen=True)
class Document:
    """What a result shows: where it goes and what it is."""

    url: str
    title: str
    summary: str
    section: str
    terms: str  # packed by weigh()


@dataclass
class SearchIndex:
    """Every file of the index, as the bytes a static host will serve."""

    files: dict[str, bytes]

    def get(self, name: str) -> bytes | None:
        return self.files.get(name)


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def build_index(documents: list[Document]) -> SearchIndex:
    """Postings per shard and result cards per chunk; a pure function of the documents, so rebuilds are identical.

    The shards are written as JSON text directly (what _dump would write): the numbers are already text in the
    packed terms, and there are hundreds of thousands of them on a large site."""
    postings: dict[str, list[str]] = {}
    vocabulary: set[str] = set()
    for number, doc in enumerate(documents):
        terms, _, written = doc.terms.partition(" | ")
        vocabulary.update(written.split())
        if not terms:
            continue
        packed = terms.split(" ")
        doc_number = str(number)
        for term, weight in zip(packed[::2], packed[1::2]):  # weighed per page by weigh()
            found = postings.get(term)
            if found is None:
                postings[term] = [doc_number, weight]
            else:
                found += (doc_number, weight)
    shards: dict[str, list[str]] = {}
    for term in sorted(postings):
        shards.setdefault(shard_of(term), []).append(term)
    files = {
        f"terms/{name}.json": ("{" + ",".join(f"{_json_text(term)}:[{','.join(postings[term])}]" for term in terms) + "}").encode()
        for name, terms in shards.items()
    }
    for start in range(0, len(documents), DOCS_PER_CHUNK):
        chunk = [[d.url, d.title, d.summary, d.section] for d in documents[start : start + DOCS_PER_CHUNK]]
        files[f"docs/{start // DOCS_PER_CHUNK}.json"] = _dump(chunk)
    spelled: dict[str, list[str]] = {}
    for word in sorted(vocabulary):  # no counts: a file changes only when a word first appears on the site or goes
        spelled.setdefault(shard_of(word), []).append(word)
    for name, found in spelled.items():
        files[f"words/{name}.json"] = _dump(found)
    files["index.json"] = _dump({"docs": len(documents), "chunk": DOCS_PER_CHUNK, "shards": sorted(shards), "words": sorted(spelled)})
    return SearchIndex(files)



def _json_text(term: str) -> str:
    return f'"{term}"' if term.isalnum() and term.isascii() else json.dumps(term, ensure_ascii=False)


def documents_of(articles: Iterable, section_title: Callable[[str], str]) -> list[Document]:
    return [Document(a.url, a.title, a.summary, section_title(a.section), a.search_terms) for a in articles if a.search_terms]
