"""Record every link, image and citation with the source line it was written on."""
from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


@dataclass
class Target:
    """A link or image in an article, found while parsing; `token` is rewritten before rendering."""

    kind: str  # "link" or "image"
    href: str
    line: int  # 0-based, counted from the start of the body
    token: Token


def collect(state: StateCore) -> None:
    targets: list[Target] = state.env.setdefault("targets", [])
    citations: list[tuple[str, int]] = state.env.setdefault("citation_keys", [])
    last_line = 0
    for block in state.tokens:
        if block.map:
            last_line = block.map[0]
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else last_line
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                targets.append(Target("link", str(child.attrGet("href") or ""), line, child))
            elif child.type == "image":
                targets.append(Target("image", str(child.attrGet("src") or ""), line, child))
            elif child.type == "citation":
                citations.extend((key, line) for key in child.meta["keys"])
            elif child.type == "text" and "\n" in child.content:
                line += child.content.count("\n")


def collect_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("thaw_collect", collect)
