"""Keep smart quotes and dashes off text that looks like a command's option or a path: `'--config'` stays as typed."""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# An option (--config, -v, --base-url=/x/) or a path (/etc/hosts, ./a, ../docs/, ~/.config, docs/index.md), with the
# quotes directly around it. markdown-it's typographer changes only "text" tokens; these become "text_special",
# which its text_join rule turns back into text after the typographer has run.
_TOKEN = r"(?:--?[A-Za-z][\w.=:/~-]*|(?:~|\.\.?)?/[\w.~/-]+|[\w.-]+(?:/[\w.-]+)*/[\w-]+\.\w+)"
LITERAL = re.compile(rf"""(['"]){_TOKEN}\1|(?<![\w'"-]){_TOKEN}""")


def _split(token: Token) -> list[Token]:
    parts: list[Token] = []
    at = 0
    for found in LITERAL.finditer(token.content):
        if found.start() > at:
            parts.append(Token("text", "", 0, content=token.content[at : found.start()]))
        parts.append(Token("text_special", "", 0, content=found.group(0)))
        at = found.end()
    if not parts:
        return [token]
    if at < len(token.content):
        parts.append(Token("text", "", 0, content=token.content[at:]))
    return parts


def keep_literals(state: StateCore) -> None:
    for block in state.tokens:
        if block.type == "inline" and block.children and any(c.type == "text" and ("-" in c.content or "/" in c.content) for c in block.children):
            block.children = [part for child in block.children for part in (_split(child) if child.type == "text" else [child])]


def literals_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("replacements", "thaw_literals", keep_literals)
