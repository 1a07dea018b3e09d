"""The site's own search index: words of each article, split into small static JSON files a phone fetches on demand.

Index layout (every file exists in the frozen site, so a plain file server answers every request):
  the search page     lists every article (its no-JavaScript fallback), in document order: a result's address, title
                      and section come from there; and carries the index's shape, SearchIndex.meta:
                      {"docs": N, "chunk": C, "shards": [prefix, ...]} (and "language": "es" on a Spanish site, whose
                      search page loads Snowball's Spanish stemmer for search.js)
  search/terms/<shard>.json   {"t": {"term": [doc, weight × 16 + heading + 1, ...]}, "w": ["word", ...]} (and "n":
                              {"term": pages} for a term cut to its best MAX_POSTINGS pages): the terms
                              a shard's prefix (at most two letters: all the host learns of a query word) starts,
                              and the words as written (4+ letters) that start so, to correct a query word that has
                              no postings ("anxeity" -> "anxiety") with no further request. "heading" is the number of
                              the page's second-level heading the term is under (the first that names it, else the
                              first whose text has it), or -1 (title, summary, introduction). A shard's file is named by its prefix ("-" for none; see shard_file).
  search/docs/<n>.json        [[summary, [[heading id, heading text], ...]], ...] for docs n*C .. n*C+C-1: a result's
                              summary and the heading its words are under (the excerpt); on a site of at most C
                              articles the search page carries this list itself (SearchIndex.inline), and no query
                              needs a file for it
Terms include pairs of neighbouring words in titles, summaries, headings and search terms ("window+tolerance").
The browser (search.js) stems a query the same way, sums weight × idf, and shows the best ten. A term is a word
folded (lower-case, no accents or apostrophes), stop words dropped, stemmed: English by the light stemmer below,
Spanish by Snowball's (snowballstemmer here, @orama/stemmers' port in the browser; the same steps on both sides).
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
DOCS_PER_CHUNK = 40  # a result's summary and headings: a query's best ten need the files of their numbers
SHARD_BYTES = 2_000  # a shard holds the terms of shorter prefixes (down to none) while it stays this small
MAX_PREFIX = 2  # never longer: the privacy page says the host learns at most two letters of a query word
MAX_POSTINGS = 1000  # a term keeps its best-weighted pages only on a site with more articles than this (its "n" says how
# many have it, for its rarity): the very common words of a large site would otherwise fill its files
HEADINGS = 15  # a posting names one of a page's first 15 second-level headings (4 bits), or none
MAX_WEIGHT = 255  # a posting's code, weight × 16 + heading + 1, stays below 4096
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


# Spanish (search.js has the same list and steps; tests/content/test_search_spanish.py runs both on 1,500 words).
# Function words only, folded: articles, prepositions, conjunctions, pronouns and possessives, demonstratives, and the
# commonest forms of ser, estar, haber and poder. Not Snowball's own Spanish list (313 words): it drops forms of
# sentir ("siente", "sentido") and estar's "estado", words this site's readers search with ("¿qué se siente…?",
# "estado de ánimo"); "nada" and "sin" stay too ("no siento nada").
STOP_WORDS_ES = frozenset(
    "a al ante bajo con contra de del desde durante en entre hacia hasta para por segun sobre tras "
    "el la lo los las un una unos unas y e o u ni pero sino que porque pues aunque si como cuando donde mientras "
    "yo tu ella ello nosotros nosotras vosotros vosotras ellos ellas usted ustedes me te se nos os le les ti conmigo "
    "contigo consigo mi mis tus su sus mio mia mios mias tuyo tuya tuyos tuyas suyo suya suyos suyas nuestro nuestra "
    "nuestros nuestras vuestro vuestra vuestros vuestras este esta estos estas ese esa esos esas eso esto aquel "
    "aquella aquellos aquellas quien quienes cual cuales cuyo cuya cuanto cuanta cuantos cuantas "
    "ser es son soy eres somos era eran fue fueron sea sean sido siendo estar estoy estan estamos estaba estaban "
    "haber ha han he has hemos hay habia habian habido puede pueden puedo poder "
    "muy mas ya tambien tan tanto asi aqui alli todo toda todos todas otro otra otros otras mismo misma mismos mismas "
    "algo alguien algun alguna algunos algunas cada no".split()
)
# Spanish always writes these endings with their accent: a word typed without it ("respiracion") gets it back before
# stemming, so the stemmer's rules for "-ción" and "-logía" apply to it (Snowball 3.0 knows "-acion" itself; the
# browser's port, from an earlier Snowball, does not: with this step the two agree).
_ACCENTED_ES = re.compile(r"(cion|logias?)$")
_ACCENTS_ES = {"cion": "ción", "logia": "logía", "logias": "logías"}


@lru_cache(maxsize=1)
def _spanish_stemmer():  # noqa: ANN202 - snowballstemmer has no type hints
    import snowballstemmer  # only a Spanish site needs it

    return snowballstemmer.stemmer("spanish")


def stem_es(word: str) -> str:
    """Snowball's Spanish stem of a word as written, without accents: "Entumecida" -> "entumec". Snowball sees the
    accents (its rules tell "aría" from "aria"), and its stem is folded like every term."""
    word = unicodedata.normalize("NFC", word.lower()).replace("'", "").replace("\u2019", "")
    word = _ACCENTED_ES.sub(lambda m: _ACCENTS_ES[m[1]], word)
    return fold(_spanish_stemmer().stemWord(word))


def analyzer(language: str) -> str:
    """The search's analyzer for a site's language code: "es" for Spanish ("es", "es-US"), else "en" (English's)."""
    return "es" if language.split("-")[0].lower() == "es" else "en"


@lru_cache(maxsize=262144)
def term_of(word: str, language: str = "en") -> str:
    """The index term for one word as written ("" for a stop word), in the site's language: fold (lower-case, no
    accents or apostrophes), drop a stop word, stem (the Spanish stemmer from the word as written)."""
    folded = fold(word)
    if language != "en" and analyzer(language) == "es":
        return "" if not folded or folded in STOP_WORDS_ES else stem_es(word)
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


def words(text: str, language: str = "en") -> list[str]:
    """The index terms in `text`, in order (stop words dropped)."""
    return [term for term in (term_of(word, language) for word in _raw_words(text)) if term]


def pair(first: str, second: str) -> str:
    """The index term for two neighbouring terms ("window+tolerance"): a phrase's words next to each other."""
    return f"{first}+{second}"


def weigh(fields: Iterable[tuple[str, str] | tuple[str, str, int]], language: str = "en") -> tuple[str, int]:
    """Each term of an article's fields with its weighted count in the text and in the labels, packed as
    "term code term code … | word word …" (code: weight × 16 + heading + 1, see weights_of and _headings) (after the
    bar, the words as written, for correcting typos) so it is small to cache; and how many words the headings and body
    have.

    A field may name its section: the number of the second-level heading it is under (-1, the default: the title,
    summary, search terms and introduction); fields come in the page's order. Neighbouring words of the labels and
    headings (line by line) are packed too, as pair() terms. `language` is the site's (its stop words and stemmer)."""
    text: dict[str, int] = {}
    labels: dict[str, int] = {}
    placed: dict[str, list[tuple[int, list[str]]]] = {"heading": [], "body": []}  # (section, words) of the text, in order
    written: set[str] = set()  # every word as written, for the typo list
    total = 0
    for kind, value, *where in fields:
        weight = FIELD_WEIGHTS[kind]
        found = _raw_words(value.lower() if value.isascii() else value)  # fewer distinct words; the terms are the same
        if kind in LABELS:
            counted = Counter(found)
            written.update(counted)
            for word, seen in counted.items():
                term = term_of(word, language)
                if term:
                    labels[term] = labels.get(term, 0) + weight * seen
        else:
            total += len(found)
            placed[kind].append((where[0] if where else -1, found))
        if kind in PAIRED:
            for line in value.splitlines():
                found_terms = words(line, language)
                for first, second in zip(found_terms, found_terms[1:]):
                    if len(first) >= 2:
                        key = pair(first, second)
                        labels[key] = labels.get(key, 0) + weight
    first = {kind: _first_sections(placed[kind]) for kind in placed}
    under: dict[str, int] = {}  # term -> the first section whose text has it
    for kind in ("heading", "body"):
        weight, sections = FIELD_WEIGHTS[kind], first[kind]
        counted = Counter(chain.from_iterable(found for _, found in placed[kind]))  # counted once per kind
        written.update(counted)
        for word, seen in counted.items():
            term = term_of(word, language)
            if term:
                text[term] = text.get(term, 0) + weight * seen
                section = sections[word]
                known = under.get(term)
                if known is None or section < known:
                    under[term] = section
    headed = {}  # term -> the first section whose heading has it
    for word, section in first["heading"].items():
        term = term_of(word, language)
        if term and section < headed.get(term, HEADINGS):
            headed[term] = section
    weights = weights_of(text, labels)
    heading = _headings(headed, under)
    packed = " ".join(f"{term} {weights[term] * 16 + 1 + heading.get(term, -1)}" for term in sorted(weights))
    surface = {fold(word) for word in written if len(word) >= VOCABULARY_MIN and word.isalpha() and term_of(word, language)}
    return f"{packed} | {' '.join(sorted(surface))}", total


def _first_sections(placed: list[tuple[int, list[str]]]) -> dict[str, int]:
    """Each word with the first section it is in (the fields are in the page's order)."""
    first: dict[str, int] = {}
    for section, found in reversed(placed):  # the earliest section is written last, so it stays
        first.update(dict.fromkeys(found, section))
    return first


def _headings(headed: dict[str, int], under: dict[str, int]) -> dict[str, int]:
    """The section an excerpt names for each term: the first whose heading has it, else the first whose text has it
    when the introduction does not; none (left out) past the first HEADINGS."""
    found = {term: section for term, section in under.items() if 0 <= section < HEADINGS}
    found.update({term: section for term, section in headed.items() if section < HEADINGS})
    return found


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


def shard_file(prefix: str) -> str:
    """The file of a shard: its prefix, spelled safely for a file name on any host ("-" and hex for other characters,
    "-" alone for the empty prefix; no leading "_", which Jekyll would leave out)."""
    return "terms/" + ("".join(c if c.isascii() and c.isalnum() else f"-{ord(c):x}" for c in prefix) or "-") + ".json"


def plan_shards(sizes: dict[str, int], limit: int = SHARD_BYTES) -> list[str]:
    """The prefixes that get a file: a prefix's file holds the terms that start with it, except those of longer
    prefixes that have their own; a longer prefix gets its own file only when its terms do not fit (up to MAX_PREFIX
    characters, however large). A term belongs to the longest prefix with a file (search.js looks it up so)."""
    shards: list[str] = []

    def place(prefix: str, items: list[tuple[str, int]]) -> None:
        groups: dict[str, list[tuple[str, int]]] = {}
        kept = 0
        for key, size in items:
            if len(key) > len(prefix) and len(prefix) < MAX_PREFIX:
                groups.setdefault(key[len(prefix)], []).append((key, size))
            else:
                kept += size
        children = sorted(groups.items(), key=lambda item: (sum(size for _, size in item[1]), item[0]))
        for char, members in children:  # the smallest first: they stay in this file while it has room
            size = sum(s for _, s in members)
            if kept + size <= limit:
                kept += size
            else:
                place(prefix + char, members)
        if kept:
            shards.append(prefix)

    place("", sorted(sizes.items()))
    return sorted(shards)


def shard_for(key: str, shards: set[str]) -> str | None:
    """The longest prefix of `key` with a file, or None."""
    for end in range(min(MAX_PREFIX, len(key)), -1, -1):
        if key[:end] in shards:
            return key[:end]
    return None


@dataclass(frozen=True)
class Document:
    """What a result shows: where it goes, what it is, and the headings an excerpt may name."""

    url: str
    title: str
    summary: str
    section: str
    terms: str  # packed by weigh()
    headings: tuple[tuple[str, str], ...] = ()  # (id, text) of each second-level heading, in order


@dataclass
class SearchIndex:
    """Every file of the index, as the bytes a static host will serve; the documents in their numbered order, and
    `meta`, the shape search.js needs (the search page carries both)."""

    files: dict[str, bytes]
    documents: list[Document] = field(default_factory=list)
    meta: dict[str, object] = field(default_factory=dict)
    inline: list[list[object]] | None = None  # on a site of one chunk, every summary and heading list, for the page

    def get(self, name: str) -> bytes | None:
        return self.files.get(name)


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def build_index(documents: list[Document], language: str = "en") -> SearchIndex:
    """Postings and words per shard, and summaries and headings per chunk; a pure function of the documents, so
    rebuilds are identical. The documents' terms were weighed in the site's `language`; the meta names its analyzer
    when it is not English's (search.js then stems queries the same way; an English index's meta is as it was).

    The shards are written as JSON text directly (what _dump would write): the numbers are already text in the
    packed terms, and there are hundreds of thousands of them on a large site."""
    postings: dict[str, list[str]] = {}
    sizes: dict[str, int] = {}
    vocabulary: set[str] = set()
    for number, doc in enumerate(documents):
        terms, _, written = doc.terms.partition(" | ")
        vocabulary.update(written.split())
        if not terms:
            continue
        packed = terms.split(" ")
        doc_number = str(number)
        for term, code in zip(packed[::2], packed[1::2]):  # weighed per page by weigh()
            found = postings.get(term)
            if found is None:
                postings[term] = [doc_number, code]
            else:
                found += (doc_number, code)
    counts: dict[str, int] = {}
    joined: dict[str, str] = {}  # each term's postings as JSON text (their length is its size in the plan)
    for term, found in postings.items():
        if len(found) > 2 * MAX_POSTINGS:
            counts[term] = len(found) // 2
            codes = found[1::2]
            padded = list(map(str.zfill, codes, repeat(4)))  # codes are below 4096: compared as text, as numbers
            best = sorted(sorted(range(len(codes)), key=padded.__getitem__, reverse=True)[:MAX_POSTINGS])  # ties: the earlier page
            numbers = found[::2]
            found = [value for i in best for value in (numbers[i], codes[i])]
        text = joined[term] = ",".join(found)
        sizes[term] = len(term) + 5 + len(text)
    for word in vocabulary:
        sizes[word] = sizes.get(word, 0) + len(word) + 3
    shards = plan_shards(sizes)
    known = set(shards)
    terms_in: dict[str, list[str]] = {shard: [] for shard in shards}
    for term in sorted(postings):
        terms_in[shard_for(term, known)].append(term)  # type: ignore[index]  # the plan placed every key
    words_in: dict[str, list[str]] = {shard: [] for shard in shards}
    for word in sorted(vocabulary):
        words_in[shard_for(word, known)].append(word)  # type: ignore[index]
    files = {}
    for shard in shards:
        table = ",".join(f"{_json_text(term)}:[{joined[term]}]" for term in terms_in[shard])
        common = {term: counts[term] for term in terms_in[shard] if term in counts}
        start = ('{"n":' + _dump(common).decode() + ',' if common else "{") + '"t":{'
        files[shard_file(shard)] = (start + table + '},"w":').encode() + _dump(words_in[shard]) + b"}"
    details = [[d.summary, [list(h) for h in d.headings]] for d in documents]
    inline = len(documents) <= DOCS_PER_CHUNK  # one file's worth: the search page carries it, and no query fetches it
    if not inline:
        for start in range(0, len(documents), DOCS_PER_CHUNK):
            files[f"docs/{start // DOCS_PER_CHUNK}.json"] = _dump(details[start : start + DOCS_PER_CHUNK])
    meta: dict[str, object] = {"docs": len(documents), "chunk": DOCS_PER_CHUNK, "shards": shards}
    if analyzer(language) != "en":
        meta["language"] = analyzer(language)
    return SearchIndex(files, documents, meta, details if inline else None)


def _json_text(term: str) -> str:
    return f'"{term}"' if term.isalnum() and term.isascii() else json.dumps(term, ensure_ascii=False)


def documents_of(articles: Iterable, section_title: Callable[[str], str]) -> list[Document]:
    """Each article as the search shows it, numbered in this order (the search page lists them in the same order)."""
    return [
        Document(a.url, a.title, a.summary, section_title(a.section), a.search_terms, tuple((h.id, h.text) for h in a.headings if h.level == 2))
        for a in articles
    ]
