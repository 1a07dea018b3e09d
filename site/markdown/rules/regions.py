"""Region blocks (`::: region uk ie` … `:::`): text about one country's services, kept only on a site for that region.

The block is read by mdit-py-plugins' container rule. Blocks for other regions are removed before inline parsing, so
their links, citations and headings do not exist on this site; the blocks kept lose their wrapper, so the text reads
as if it had been written there.
"""
from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.container import container_plugin

OPEN, CLOSE = "container_region_open", "container_region_close"


def _is_region(params: str, markup: str) -> bool:
    words = params.split()
    return bool(words) and words[0] == "region"


def keep_this_region(state: StateCore) -> None:
    """Drop the blocks for other regions; note each block's region names and line for the renderer to check."""
    if ":::" not in state.src:  # most articles have no block: skip the walk over their tokens
        return
    region = state.env.get("region", "")
    found: list[tuple[int, list[str]]] = state.env.setdefault("region_blocks", [])
    kept = []
    depth = 0  # inside a dropped block: how many region blocks deep
    for token in state.tokens:
        if token.type == OPEN:
            names = token.info.split()[1:]
            found.append(((token.map or [0])[0], names))
            if depth or region not in names:
                depth += 1
            continue  # a kept block's wrapper is not rendered
        if token.type == CLOSE:
            if depth:
                depth -= 1
            continue
        if not depth:
            kept.append(token)
    state.tokens = kept


def regions_plugin(md: MarkdownIt) -> None:
    container_plugin(md, "region", validate=_is_region)
    md.core.ruler.after("block", "thaw_regions", keep_this_region)
