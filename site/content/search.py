"""The site's own search index: words of each article, split into small static JSON files a phone fetches on demand.

Index layout (every file exists in the frozen site, so a plain file server answers every request):
  search/index.json           {"docs": N, "chunk": C, "shards": [...]} what exists
  search/terms/<shard>.json   {"term": [doc, weight, doc, weight, ...]} for terms starting with <shard>
  search/docs/<n>.json        [[url, title, summary, section], ...] for docs n*C .. n*C+C-1
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
FIELD_WEIGHTS = {"title": 8, "summary": 3, "heading": 3, "body": 1}
# Words too common to tell pages apart; the browser drops the same ones.
STOP_WORDS = frozenset(
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


def stem(word: str) -> str:
    """A light English stemmer, mirrored exactly in search.js: plurals, -ing and -ed."""
    if len(word) <= 3:
        return word
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
    return word


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


def weigh(fields: Iterable[tuple[str, str]]) -> tuple[str, int]:
    """Each term of an article's fields with its weight (1-255, growing with the log of its weighted count),
    packed as "term weight term weight …" so it is small to cache; and how many words the headings and body have."""
    counts: dict[str, int] = {}
    total = 0
    for kind, text in fields:
        weight = FIELD_WEIGHTS[kind]
        found = _raw_words(text.lower() if text.isascii() else text)  # fewer distinct words; the terms are the same
        if kind in ("heading", "body"):
            total += len(found)
        for word, seen in Counter(found).items():
            term = term_of(word)
            if term:
                counts[term] = counts.get(term, 0) + weight * seen
    return " ".join(f"{term} {_WEIGHTS[count] if count < len(_WEIGHTS) else MAX_WEIGHT}" for term, count in sorted(counts.items())), total


_WEIGHTS = [0] + [min(MAX_WEIGHT, round(16 * (1 + math.log(count)))) for count in range(1, 4096)]


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
    weights = _WEIGHT_TEXTS  # one string per weight, shared by every posting (a large site has millions of postings)
    for number, doc in enumerate(documents):
        packed = doc.terms.split(" ")
        doc_number = str(number)
        for term, weight in zip(packed[::2], packed[1::2]):
            found = postings.get(term)
            if found is None:
                postings[term] = [doc_number, weights.get(weight, weight)]
            else:
                found += (doc_number, weights.get(weight, weight))
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
    files["index.json"] = _dump({"docs": len(documents), "chunk": DOCS_PER_CHUNK, "shards": sorted(shards)})
    return SearchIndex(files)


_WEIGHT_TEXTS = {str(weight): str(weight) for weight in range(MAX_WEIGHT + 1)}


def _json_text(term: str) -> str:
    return f'"{term}"' if term.isalnum() and term.isascii() else json.dumps(term, ensure_ascii=False)


def documents_of(articles: Iterable, section_title: Callable[[str], str]) -> list[Document]:
    return [Document(a.url, a.title, a.summary, section_title(a.section), a.search_terms) for a in articles if a.search_terms]
