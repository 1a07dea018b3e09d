"""A telephone link's text never breaks across lines: its hyphens and spaces become non-breaking ones."""
from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

UNBREAKABLE = str.maketrans({"-": "\u2011", " ": "\u00a0"})


def keep_numbers_whole(state: StateCore) -> None:
    if "tel:" not in state.src:  # most articles have no telephone link
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        inside = False
        for child in block.children:
            if child.type == "link_open":
                inside = str(child.attrGet("href") or "").startswith("tel:")
            elif child.type == "link_close":
                inside = False
            elif inside and child.type == "text":
                child.content = child.content.translate(UNBREAKABLE)


def telephone_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("thaw_telephone", keep_numbers_whole)
