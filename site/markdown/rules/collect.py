"""Record every link, image and citation with the source line it was written on, and the address as it was typed."""
from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


@dataclass
class Target:
    """A link or image in an article, found while parsing; `token` is rewritten before rendering."""

    kind: str  # "link" or "image"
    href: str  # as the writer typed it, for messages (the parser keeps it: markdown/parser.py)
    line: int  # 0-based, counted from the start of the body; a reference link's is its definition's, [ref]: address
    token: Token
    url: str = ""  # percent-encoded, as markdown-it writes it in the page


def collect(state: StateCore) -> None:
    targets: list[Target] = state.env.setdefault("targets", [])
    citations: list[tuple[str, int]] = state.env.setdefault("citation_keys", [])
    references = state.env.get("references", {})
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
            elif child.type in ("link_open", "image"):
                kind, name = ("link", "href") if child.type == "link_open" else ("image", "src")
                typed = str(child.attrGet(name) or "")
                url = normalizeLink(typed)
                child.attrSet(name, url)
                definition = references.get(child.meta.get("label", ""), {}).get("map")
                targets.append(Target(kind, typed, definition[0] if definition else line, child, url))
            elif child.type == "citation":
                citations.extend((key, line) for key in child.meta["keys"])
            elif child.type == "text" and "\n" in child.content:
                line += child.content.count("\n")


def collect_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("thaw_collect", collect)
