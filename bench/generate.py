"""Write a deterministic corpus of N generated Thaw articles (for benchmarks and scale tests).

Two kinds: the default corpus (each article ~1,050 words drawn from a vocabulary of 56 words, the same six headings,
one list, one table, one link; quick to write and unchanged since the first benchmarks, so their figures compare),
and --realistic (~1,200 words drawn from ~25,000 distinct words with a Zipf distribution, varied headings and
subheadings, lists, tables, quotes, emphasis, citations and links between articles; see below). Both are
deterministic: the same size and seed write the same bytes.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

SECTIONS = ("understanding", "causes", "freeze-response", "therapy", "getting-help", "exercises")
WORDS = (
    "feeling numb often shows up after a long stretch of stress and it can ease slowly with time "
    "support rest and gentle attention to what the body notices during the day people describe it "
    "as a muted world where joy and sadness both seem far away and that is a common human response "
    "to pressure loss or fear rather than a sign that something is wrong with who you are"
).split()
HEADINGS = ("What it can feel like", "Why it happens", "What may help", "Small steps", "When to reach out", "Questions people ask")
REFERENCE_COUNT = 50


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def article(n: int, total: int, rng: random.Random) -> tuple[str, str]:
    section = SECTIONS[n % len(SECTIONS)]
    other = (n * 7 + 3) % total
    other_section = SECTIONS[other % len(SECTIONS)]
    refs = sorted({f"ref-{rng.randrange(REFERENCE_COUNT)}" for _ in range(3)})
    parts = [
        "---",
        f"title: Generated article {n}",
        f"summary: A generated article used to measure how fast Thaw builds ({n}).",
        f"section: {section}",
        f"order: {n}",
        f"tags: [tag-{n % 40}, tag-{(n * 3) % 40}]",
        f"date: 2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "review:",
        "  by:",
        "references: [" + ", ".join(refs) + "]",
        "---",
        "",
        paragraph(rng, 4),
        "",
    ]
    for index, heading in enumerate(HEADINGS):
        parts += [f"## {heading}", "", paragraph(rng) + f" [@{refs[index % len(refs)]}]", ""]
        if index == 1:
            parts += [f"- {sentence(rng)}" for _ in range(5)] + [""]
        if index == 2:
            parts += ["| Step | What to try |", "|---|---|"] + [f"| {i} | {sentence(rng)} |" for i in range(1, 5)] + [""]
        if index == 3:
            parts += [f"See [a related page](../{other_section}/article-{other}.md#why-it-happens) for more.", ""]
        parts += [paragraph(rng, 6), ""]
    return section, "\n".join(parts)


def references() -> str:
    return "".join(
        f"ref-{i}:\n  title: Generated reference {i}\n  publisher: Example Publisher\n  year: {2000 + i % 25}\n  url: https://example.org/ref/{i}\n"
        for i in range(REFERENCE_COUNT)
    )


# ---- The realistic corpus (--realistic) -------------------------------------------------------------------------------
# Text with the shape of real prose, not its meaning: words drawn with a Zipf distribution (the 100 most common make
# ~40% of the running text, the rest spread over a long tail) from ~24,500 distinct words (~450 real English ones
# first, then made-up words built from syllables), in sentences of 6-26 words with commas, questions, quotes,
# contractions, names, hyphenated words and numbers; every article ~1,200 words (800-1,700) under 4-7 headings
# (some with subheadings), with bulleted and numbered lists (some nested), tables, block quotes, *emphasis* and
# **strong** text, citations, 3-8 links to other articles (half to one of their headings) and a few to other sites.
# Each article is made from its own random streams (seed and number), so one article's text does not shift when
# another's does; the same size and seed always write the same bytes.

COMMON = (  # the most frequent English words, most frequent first
    "the of and to a in is it you that he was for on are with as i his they be at one have this from or had by not "
    "but what some we can out other were all there when up use your how said an each she which do their time if will "
    "way about many then them would like so these her long make thing see him two has look more day could go come did "
    "no most my over know than call first who may down side been now find any new work part take get place made live "
    "where after back little only round man year came show every good me give our under very through just form much "
    "great think say help low line before turn cause same mean differ move right boy old too does tell sentence set "
    "three want air well also play small end put home read hand large add even land here must big high such follow act "
    "why ask men change went light kind off need house try us again point mother world near build self earth father "
    "don't it's you're can't isn't doesn't won't I'm they're that's"
).split()
DOMAIN = (  # words an article about feelings, stress and care would use
    "feel feeling feelings numb numbness stress body mind sleep rest therapy therapist doctor support calm breath "
    "breathing anxiety depression grief loss trauma memory memories emotion emotions emotional distance distant "
    "flat blunted muted disconnected connection connected safe safety fear frozen freeze response nervous system "
    "heart rate tension muscles gentle slowly notice noticing attention present moment ground grounding senses "
    "touch sound taste smell sight walk outside friend friends family partner child children parent parents work "
    "school job burnout tired exhausted energy appetite routine habit habits week weeks month months years often "
    "sometimes usually rarely common normal human signs symptoms cause causes treatment treatments medicine "
    "medication antidepressant dose side effects talk talking listen listening share sharing question questions "
    "answer answers research study studies review trial evidence people person someone everyone anyone yourself "
    "myself themselves relationship relationships love joy sadness anger shame guilt worry worries hope hopeful "
    "recovery recover healing heal change changes small steps step plan plans practice exercise exercises daily "
    "morning evening night day days hour hours minutes kind kindness patient patience curious curiosity space "
    "world life living lived experience experiences describe described report reported clinician clinicians "
    "counsellor counselling psychologist psychiatrist nurse appointment referral crisis emergency urgent help "
    "helpful harmful risk risks safe-enough well-being self-care check-in follow-up long-term short-term "
    "alcohol drugs caffeine diet movement stretching yoga music nature journal journaling writing drawing art "
    "creative voice words language meaning purpose values choice choices control pressure overwhelm overwhelmed "
    "protect protection survive survival shutdown withdraw withdrawn alert alarm threat danger calmer steadier "
    "warmth cold heavy light numbing reconnect reconnecting slowly gradually together alone lonely loneliness "
    "understand understanding explain explained simple simply clear clearly honest honestly possible possibly "
    "different difference similar important importantly useful usually likely unlikely certain uncertain"
).split()
TAIL_SIZE = 24_000
ONSETS = ("", "b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "pr", "qu", "r", "s", "sh", "sl", "st", "t", "th", "tr", "v", "w", "wh", "y", "z")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ee", "io", "ou", "oa", "y")
CODAS = ("", "", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "ck", "rt", "ng", "sh")
SUFFIXES = ("", "", "", "", "s", "ed", "ing", "ly", "ness", "tion", "ment", "ful", "er", "ity", "al", "ive")


def _vocabulary() -> tuple[list[str], list[float]]:
    """Every word, most frequent first, and the cumulative Zipf weights to draw them by (the same for every seed)."""
    rng = random.Random("thaw-vocabulary")
    words = list(dict.fromkeys(COMMON + DOMAIN))
    seen = set(words)
    while len(words) < len(COMMON) + len(DOMAIN) + TAIL_SIZE:
        stem = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(rng.choice((1, 1, 2, 2, 2, 3))))
        word = stem + rng.choice(SUFFIXES)
        if 2 < len(word) < 13 and word not in seen:
            seen.add(word)
            words.append(word)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1 / (rank + 2.7)
        cumulative.append(total)
    return words, cumulative


VOCABULARY, CUMULATIVE = _vocabulary()
PLAIN_WORDS = [w for w in VOCABULARY[:3000] if w.isalpha() and len(w) > 2]  # for headings, tags and names
TAG_POOL = sorted({w for w in DOMAIN if w.isalpha()})[:80]
REALISTIC_REFERENCES = 300


def slug_of(text: str) -> str:
    """How Thaw makes a heading's id (thaw.util.text.slugify)."""
    text = re.sub(r"[^\w\s-]", "", text.lower(), flags=re.UNICODE)
    return re.sub(r"[\s_-]+", "-", text).strip("-")


class Prose:
    """Words, sentences and paragraphs from one random stream, with inline marks (emphasis, links, citations)."""

    def __init__(self, rng: random.Random, refs: list[str], links: list[str]) -> None:
        self.rng, self.refs, self.links = rng, refs, links  # links: Markdown targets still to place
        self.words = 0

    def draw(self, count: int) -> list[str]:
        self.words += count
        return self.rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=count)

    def phrase(self, low: int, high: int) -> str:
        words = self.draw(self.rng.randint(low, high))
        return " ".join(words).capitalize()

    def sentence(self, low: int = 6, high: int = 26) -> str:
        rng = self.rng
        words = self.draw(rng.randint(low, high))
        words[0] = words[0][0].upper() + words[0][1:]
        for index in range(len(words)):
            roll = rng.random()
            if roll < 0.02:
                words[index] = rng.choice(("12", "64", "1,829", "3", "92%", "28%", "2019", "four", "10-minute", "half"))
            elif roll < 0.05 and index < len(words) - 1:
                words[index] += ","
            elif roll < 0.065:
                words[index] = words[index].capitalize()  # a name
        if len(words) > 4:
            start = rng.randrange(len(words) - 3)
            span = rng.randint(1, 3)
            roll = rng.random()
            if roll < 0.12:
                words[start:start + span] = [f"*{' '.join(words[start:start + span])}*"]
            elif roll < 0.18:
                words[start:start + span] = [f"**{' '.join(words[start:start + span])}**"]
            elif roll < 0.22:
                words[start:start + span] = [f"“{' '.join(words[start:start + span])}”" if rng.random() < 0.3 else f'"{" ".join(words[start:start + span])}"']
            elif self.links and roll < 0.30:
                words[start:start + span] = [f"[{' '.join(words[start:start + span])}]({self.links.pop()})"]
        text = " ".join(words).rstrip(",")
        ending = "?" if rng.random() < 0.07 else "!" if rng.random() < 0.01 else "."
        if self.refs and rng.random() < 0.12:
            keys = rng.sample(self.refs, min(len(self.refs), rng.choice((1, 1, 1, 2))))
            return f"{text} [{'; '.join('@' + k for k in keys)}]{ending}"
        return text + ending

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 6)))

    def items(self, numbered: bool) -> list[str]:
        rng = self.rng
        lines = []
        for n in range(1, rng.randint(3, 7) + 1):
            mark = f"{n}." if numbered else "-"
            lines.append(f"{mark} {self.sentence(3, 18)}")
            if rng.random() < 0.12:
                lines += [f"{' ' * (len(mark) + 1)}- {self.sentence(3, 10)}" for _ in range(rng.randint(2, 3))]
        return lines

    def table(self) -> list[str]:
        rng = self.rng
        columns = rng.randint(2, 4)
        header = [self.phrase(1, 3) for _ in range(columns)]
        rows = [[self.phrase(1, 8).replace("|", "") for _ in range(columns)] for _ in range(rng.randint(3, 6))]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * columns]
        return lines + ["| " + " | ".join(row) + " |" for row in rows]


def heading_text(rng: random.Random) -> str:
    words = [rng.choice(PLAIN_WORDS) for _ in range(rng.randint(2, 6))]
    text = " ".join(words).capitalize()
    return text + "?" if rng.random() < 0.15 else text


RESERVED_IDS = {"main", "contents", "references", "toc-title", "section"}


def plan(n: int, seed: int) -> tuple[str, list[str]]:
    """An article's section and its headings (linked to by other articles, so known before any is written)."""
    rng = random.Random(f"{seed}/{n}/plan")
    section = SECTIONS[rng.randrange(len(SECTIONS))] if n >= len(SECTIONS) else SECTIONS[n]
    headings: list[str] = []
    slugs: set[str] = set(RESERVED_IDS)
    count = rng.randint(4, 7)
    while len(headings) < count:
        text = heading_text(rng)
        if slug_of(text) not in slugs and not re.match(r"^(ref|fn|fnref)-?\d", slug_of(text)):
            slugs.add(slug_of(text))
            headings.append(text)
    return section, headings


def realistic_article(n: int, total: int, seed: int, plans: list[tuple[str, list[str]]]) -> tuple[str, str]:
    rng = random.Random(f"{seed}/{n}/text")
    section, headings = plans[n]
    refs = sorted({f"source-{rng.randrange(REALISTIC_REFERENCES)}" for _ in range(rng.randint(2, 8))})
    links = []
    for _ in range(rng.randint(3, 8) if total > 1 else 0):
        other = rng.randrange(total - 1)
        other += other >= n  # never itself
        other_section, other_headings = plans[other]
        path = f"article-{other}.md" if other_section == section else f"../{other_section}/article-{other}.md"
        links.append(path + (f"#{slug_of(rng.choice(other_headings))}" if rng.random() < 0.5 else ""))
    links += [f"https://example.org/{rng.choice(PLAIN_WORDS)}/{rng.randrange(1000)}" for _ in range(rng.randint(0, 2))]
    rng.shuffle(links)
    prose = Prose(rng, refs, links)
    title = prose.phrase(3, 9)[:110].rstrip()
    summary = (prose.phrase(12, 34)[:288] + ".").replace(" .", ".")
    prose.words = 0  # count the body's words only
    reviewed = rng.random() < 0.7
    month, day = 1 + rng.randrange(12), 1 + rng.randrange(28)
    front = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"summary: {json.dumps(summary, ensure_ascii=False)}",
        f"section: {section}",
        f"order: {n}",
        f"tags: [{', '.join(sorted({rng.choice(TAG_POOL) for _ in range(rng.randint(2, 5))}))}]",
        f"date: 2025-{month:02d}-{day:02d}",
        f"updated: 2026-{month:02d}-{day:02d}" if rng.random() < 0.5 else "updated:",
        "review:",
        f"  by: {' '.join(w.capitalize() for w in rng.sample(PLAIN_WORDS, 2))}" if reviewed else "  by:",
        "  credentials: Clinical psychologist" if reviewed else "  credentials:",
        f"  reviewed_on: 2026-{month:02d}-{day:02d}" if reviewed else "  reviewed_on:",
        f"  next_due: 2031-{month:02d}-{day:02d}" if reviewed else "  next_due:",
        f"references: [{', '.join(refs)}]",
        "draft: false",
    ]
    if rng.random() < 0.2:
        front.append(f"content_note: {json.dumps(prose.phrase(6, 14) + '.', ensure_ascii=False)}")
    front += ["---", ""]
    target = min(1500, max(800, int(rng.gauss(1100, 150))))  # what follows the last check adds ~100 words
    body = [prose.paragraph(), "", prose.paragraph(), ""]
    used = {slug_of(h) for h in headings} | RESERVED_IDS
    for index, heading in enumerate(headings):
        budget = prose.words + (target - prose.words) / (len(headings) - index)
        body += [f"## {heading}", ""]
        while True:
            body += [prose.paragraph(), ""]
            if prose.words >= budget:
                break
            roll = rng.random()
            if roll < 0.25:
                body += prose.items(numbered=rng.random() < 0.4) + [""]
            elif roll < 0.33:
                body += prose.table() + [""]
            elif roll < 0.38:
                body += [f"> {prose.sentence()} {prose.sentence()}", ""]
            elif roll < 0.48:
                sub = heading_text(rng)
                if slug_of(sub) not in used and not re.match(r"^(ref|fn|fnref)-?\d", slug_of(sub)):
                    used.add(slug_of(sub))
                    body += [f"### {sub}", "", prose.paragraph(), ""]
    if links := [link for link in prose.links if not link.startswith("https:")]:  # links not yet placed: a "see also" list
        body += ["## See also" if "see-also" not in used else "## Related pages", ""] + [f"- [{prose.phrase(2, 5)}]({link})" for link in links] + [""]
    return section, "\n".join(front + body)


def realistic_references() -> str:
    rng = random.Random("thaw-references")
    out = []
    for i in range(REALISTIC_REFERENCES):
        title = " ".join(rng.choice(PLAIN_WORDS) for _ in range(rng.randint(4, 12))).capitalize()
        authors = ", ".join(f"{rng.choice(PLAIN_WORDS).capitalize()} {rng.choice(PLAIN_WORDS).capitalize()}" for _ in range(rng.randint(1, 4)))
        out.append(f"source-{i}:\n  title: {json.dumps(title)}\n  authors: [{authors}]\n  publisher: {rng.choice(PLAIN_WORDS).capitalize()} Journal\n"
                   f"  year: {1990 + rng.randrange(36)}\n  url: https://example.org/source/{i}\n")
        if rng.random() < 0.3:
            out[-1] += f"  note: {json.dumps(' '.join(rng.choice(PLAIN_WORDS) for _ in range(rng.randint(6, 18))).capitalize() + '.')}\n"
    return "\n".join(out)


def generate(folder: Path, total: int, seed: int = 1, realistic: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if realistic:
        (folder / "references.yaml").write_text(realistic_references(), encoding="utf-8")
        plans = [plan(n, seed) for n in range(total)]
        articles = (realistic_article(n, total, seed, plans) for n in range(total))
    else:
        rng = random.Random(seed)
        (folder / "references.yaml").write_text(references(), encoding="utf-8")
        articles = (article(n, total, rng) for n in range(total))
    for n, (section, text) in enumerate(articles):
        path = folder / section / f"article-{n}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", "--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--realistic", action="store_true", help="varied vocabulary and structure, ~1,200 words an article (see the module's description)")
    args = parser.parse_args()
    generate(args.folder, args.articles, args.seed, args.realistic)
    print(f"Wrote {args.articles} {'realistic ' * args.realistic}articles to {args.folder}")


if __name__ == "__main__":
    main()
