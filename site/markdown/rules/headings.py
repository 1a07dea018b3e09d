"""Give every heading an id as GitHub makes it (or the writer's own `{#id}`) and list the headings.

Own code rather than mdit-py-plugins' `anchors` plugin, for three things measured against it (0.7.0):
- it runs after the typographer, so `## A -- B (c)` got `a--b-` where GitHub gives `a----b-c`;
- its slug keeps only Python's \\w, so combining marks go: `## हिन्दी` got `हनद` (GitHub keeps `हिन्दी`);
- it cannot keep off the ids the page itself uses (`references`, `ref-1`, `fn1`; issue 15 item 13).
Its `attrs` plugins read `{#id}` after a link, image or span, or on the line above a block, not at a heading's end
(`## X {#id}` stayed text); their parser of the braces is used here.

Ids follow GitHub (github-slugger): the heading's text as printed (escapes and entities resolved, before smart quotes),
lower-cased, letters, marks, digits, `_` and `-` kept, every space a `-`, everything else dropped; a repeat gets `-1`,
then `-2` (one known gap: GitHub keeps the few symbols Unicode counts as letters, such as Ⓐ; they are dropped
here). MkDocs (python-markdown's toc) agrees on these but folds accents to ASCII, joins runs of spaces and
hyphens into one `-` and numbers repeats `_1`: `## Salt &amp; pepper` is `salt--pepper` here, `salt-pepper` there.
"""
from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError, parse

# A trailing `{#id}`, `{ #id }`, `{#id .class}` or MkDocs' `{: #id }`; only the id is used, classes are dropped.
TRAILING_BRACES = re.compile(r"\{:?([^{}\n]*)\}\s*$")
PAGE_IDS = frozenset({"main", "contents", "references", "toc-title", "related-title", "urgent-signs-title"})  # the article page's own
ASCII_DROPPED = re.compile(r"[^a-z0-9_ -]")  # in ASCII, the letters, digits and _ are what GitHub keeps
KEPT_CATEGORIES = ("Nd", "Nl", "Pc")  # with every letter (L*) and mark (M*): what GitHub keeps


def slug(text: str) -> str:
    """GitHub's id for a heading's text: "Salt & Pepper_2" -> "salt--pepper_2"."""
    if text.isascii():  # the same rule, for the usual case, without a Unicode lookup per character
        return ASCII_DROPPED.sub("", text.lower()).replace(" ", "-")
    kept = []
    for char in text.lower():
        if char == " ":
            kept.append("-")
        elif char == "-" or unicodedata.category(char)[0] in "LM" or unicodedata.category(char) in KEPT_CATEGORIES:
            kept.append(char)
    return "".join(kept)


def _own_id(inline: Token) -> str | None:
    """Take a trailing `{#id …}` off the heading's text; its id, "" when the braces hold only classes, else None."""
    last = (inline.children or [None])[-1]
    if last is None or last.type != "text":
        return None
    found = TRAILING_BRACES.search(last.content)
    if not found:
        return None
    braces = "{" + found.group(1).strip() + "}"
    try:
        end, attrs = parse(braces)
    except ParseError:
        return None
    if end != len(braces) - 1 or not ("id" in attrs or "class" in attrs):
        return None
    last.content = last.content[: found.start()].rstrip()
    if not last.content:
        inline.children.remove(last)  # type: ignore[union-attr]
    inline.content = TRAILING_BRACES.sub("", inline.content).rstrip()
    return str(attrs.get("id", "")).strip()


def _page_ids(state: StateCore) -> set[str]:
    """Ids the page will have besides the headings': its landmarks, one `ref-N` per reference, the footnotes'."""
    cited = {key for token in state.tokens if token.type == "inline" for child in token.children or [] if child.type == "citation" for key in child.meta["keys"]}
    references = len(cited | set(state.env.get("listed_references", ())))
    notes = len(state.env.get("footnotes", {}).get("list", {}))
    ids = set(PAGE_IDS) | {f"ref-{n}" for n in range(1, references + 1)} | {anchor for anchor, _ in state.env.get("anchors", ())}
    return ids | {f"fn{n}" for n in range(1, notes + 1)} | {f"fnref{n}" for n in range(1, notes + 1)}


def _printed_text(inline: Token) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "text_special", "code_inline")).strip()


def heading_ids(state: StateCore) -> None:
    """Set each heading's id, from its text before the typographer changes it."""
    used = _page_ids(state)
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        own = _own_id(tokens[index + 1])
        base = own or slug(_printed_text(tokens[index + 1])) or "section"
        anchor, n = base, 1
        while anchor in used or (anchor.startswith("fnref") and anchor.partition(":")[0] in used):
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        token.attrSet("id", anchor)


def list_headings(state: StateCore) -> None:
    """List (level, id, text as printed, line) for the contents and the checks, once smart quotes are in."""
    headings = state.env.setdefault("headings", [])
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append((int(token.tag[1]), str(token.attrGet("id")), _printed_text(tokens[index + 1]), token.map[0] if token.map else 0))


def headings_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "thaw_heading_ids", heading_ids)
    md.core.ruler.after("text_join", "thaw_headings", list_headings)
