"""Parse `[@key]` and `[@a; @b]` citations into tokens and render them as numbered links."""
from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

CITATION = re.compile(r"\[@([^\]\n]*)\]")
KEY_SEPARATOR = re.compile(r"\s*[;,]\s*@?")


def citation(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.content = match.group(0)
        token.meta = {"keys": [k.strip() for k in KEY_SEPARATOR.split(match.group(1)) if k.strip()]}
    state.pos = match.end()
    return True


def render_citation(self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    numbers: dict[str, int] = env.get("cite_numbers", {})
    links = []
    for key in tokens[idx].meta["keys"]:
        n = numbers.get(key)
        if n is not None:
            links.append(f'<a href="#ref-{n}" aria-label="Reference {n}">{n}</a>')
    return f'<sup class="cite">[{", ".join(links)}]</sup>' if links else ""


def citations_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "citation", citation)
    md.add_render_rule("citation", render_citation)
