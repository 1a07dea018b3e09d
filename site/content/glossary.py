"""Link the first use of each glossary term on every page to its entry in the glossary article."""
from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from thaw.content.article import Article

GLOSSARY_SLUG = "glossary"


@dataclass(frozen=True)
class Term:
    """One glossary entry: the words that name it and the heading id it links to."""

    text: str
    id: str


ALIAS = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


def terms_of(glossary: Article) -> list[Term]:
    """The glossary's entries are its `##` headings; "Eye movement desensitization (EMDR)" also matches "EMDR"."""
    terms: list[Term] = []
    for heading in glossary.headings:
        if heading.level != 2:
            continue
        alias = ALIAS.match(heading.text)
        names = [alias.group(1), alias.group(2)] if alias else [heading.text]
        terms += [Term(name, heading.id) for name in names if name]
    return terms


def term_pattern(terms: list[Term]) -> re.Pattern[str] | None:
    if not terms:
        return None
    words = sorted((re.escape(t.text) for t in terms), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(words) + r")(?:s|es)?(?![\w-])", re.IGNORECASE)


def link_first_uses(article: Article, terms: list[Term], pattern: re.Pattern[str], glossary_url: str) -> int:
    """Wrap the first use of each term in `article`'s prose in a link; return how many were linked."""
    by_text = {t.text.lower(): t for t in terms}  # an alias and its full name share an id, so only one is linked
    used: set[str] = set()
    tokens = article.tokens
    for index, block in enumerate(tokens):
        if block.type != "inline" or not block.children or (index and tokens[index - 1].type == "heading_open"):
            continue
        children: list[Token] = []
        depth = 0
        for child in block.children:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            if child.type != "text" or depth:
                children.append(child)
                continue
            children.extend(_split(child, pattern, by_text, used, glossary_url))
        block.children = children
    return len(used)


def _split(token: Token, pattern: re.Pattern[str], by_text: dict[str, Term], used: set[str], url: str) -> list[Token]:
    out: list[Token] = []
    text, position = token.content, 0
    for match in pattern.finditer(text):
        term = by_text[match.group(1).lower()]
        if term.id in used:
            continue
        used.add(term.id)
        if match.start() > position:
            out.append(_text(text[position : match.start()]))
        link = Token("link_open", "a", 1)
        link.attrSet("href", f"{url}#{term.id}")
        link.attrSet("class", "term")
        out += [link, _text(match.group(0)), Token("link_close", "a", -1)]
        position = match.end()
    if position == 0:
        return [token]
    if position < len(text):
        out.append(_text(text[position:]))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
