"""Parse `[@key]` and `[@a; @b]` citations into tokens and render them as numbered links.

A bracketed `@name` that is a link's text stays a link: `[@name](url)`, `[@name][label]`, and `[@name]` when a
`[@name]: url` line defines it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from thaw.util.translation import gettext

CITATION = re.compile(r"\[@([^\]\n]*)\]")
LABEL_AFTER = re.compile(r"\[([^\]\n]*)\]")
KEY_SEPARATOR = re.compile(r"\s*[;,]\s*@?")


def citation(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = CITATION.match(state.src, state.pos)
    if not match or _is_link(state, match):
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.content = match.group(0)
        token.meta = {"keys": [k.strip() for k in KEY_SEPARATOR.split(match.group(1)) if k.strip()]}
    state.pos = match.end()
    return True


def _is_link(state: StateInline, match: re.Match[str]) -> bool:
    """`[@name](url)`, or a `[@name][label]`, `[@name][]` or `[@name]` whose label a `[label]: url` line defines."""
    if state.src.startswith("(", match.end()):
        return True
    if not state.env.get("references"):  # no [label]: url line in the text (most articles): nothing else can be a link
        return False
    label = match.group(0)[1:-1]
    then = LABEL_AFTER.match(state.src, match.end())
    if then and then.group(1).strip():
        label = then.group(1)
    return normalizeReference(label) in state.env.get("references", {})


def render_citation(self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    numbers: dict[str, int] = env.get("cite_numbers", {})
    links = []
    for key in tokens[idx].meta["keys"]:
        n = numbers.get(key)
        if n is not None:
            label = gettext("Reference %(number)s") % {"number": n}
            links.append(f'<a href="#ref-{n}" aria-label="{label}">{n}</a>')
    return f'<sup class="cite">[{", ".join(links)}]</sup>' if links else ""


def citations_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "citation", citation)
    md.add_render_rule("citation", render_citation)
