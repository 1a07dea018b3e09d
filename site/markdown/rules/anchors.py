"""Ids written after a phrase, as MkDocs' attr_list allows: `**locale**{ #mkdocs-locale }` is a place a link may point at.

Only an id is read (`{#id}`, `{ #id }`, `{: #id }`), after bold or italic text, inline code, a link or a picture;
other attributes are not (a writer could otherwise set styles or event handlers). An id the page already uses is
reported by render.py from the list this rule keeps in env["anchors"] (id, line, clash).
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

BRACES = re.compile(r"\{:?[ \t]*#([A-Za-z][\w-]*)[ \t]*\}")
OPENING = {"strong_close": "strong_open", "em_close": "em_open", "link_close": "link_open", "code_inline": "", "image": ""}


def _opening(children: list[Token], close: int, kind: str) -> Token:
    """The token that opens the element closed at `close` (the nearest unmatched one of its kind)."""
    depth = 0
    for index in range(close - 1, -1, -1):
        if children[index].type == children[close].type:
            depth += 1
        elif children[index].type == kind:
            if not depth:
                return children[index]
            depth -= 1
    return children[close]


def inline_anchors(state: StateCore) -> None:
    """Give the phrase before each `{#id}` its id, take the braces out of the text and list the ids."""
    found: list[tuple[str, int]] = state.env.setdefault("anchors", [])
    for token in state.tokens:
        if token.type != "inline" or "{" not in token.content:
            continue
        children = token.children or []
        for index in range(1, len(children)):
            child, before = children[index], children[index - 1]
            if child.type != "text" or before.type not in OPENING:
                continue
            match = BRACES.match(child.content)
            if not match:
                continue
            target = _opening(children, index - 1, OPENING[before.type]) if OPENING[before.type] else before
            target.attrSet("id", match.group(1))
            child.content = child.content[match.end() :]
            found.append((match.group(1), (token.map or [0])[0]))


def anchors_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "thaw_inline_anchors", inline_anchors)
