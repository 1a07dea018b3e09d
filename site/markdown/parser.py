"""The one configured Markdown parser: raw HTML off, tables, footnotes, ids, citations, regions, phone numbers, typography."""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from thaw.markdown.rules.anchors import anchors_plugin
from thaw.markdown.rules.citations import citations_plugin
from thaw.markdown.rules.collect import collect_plugin
from thaw.markdown.rules.headings import headings_plugin
from thaw.markdown.rules.literals import literals_plugin
from thaw.markdown.rules.regions import regions_plugin
from thaw.markdown.rules.tables import tables_plugin
from thaw.markdown.rules.telephone import telephone_plugin


def _as_typed(url: str) -> str:
    # markdown-it percent-encodes addresses as it parses; rules/collect.py does it instead, once it has kept the address
    # as the writer typed it (?q=支持, not ?q=%E6%94%AF%E6%8C%81) for the messages about it.
    return url


def _accept_all_links(url: str) -> bool:
    # Links are judged by links.py, which reports a bad scheme as an error with its line,
    # instead of markdown-it's default of silently printing the link as text.
    return True


@lru_cache(maxsize=2)
def parser(regions: bool = True) -> MarkdownIt:
    """The parser; `regions=False` leaves out the region-block rule, for text with no `:::` (the rule then finds nothing,
    and testing for it at every block's start costs about 35 ms per 1,000 articles)."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "store_labels": True})  # labels: see collect.py
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(footnote_plugin)
    md.use(headings_plugin)
    md.use(anchors_plugin)  # runs before the heading ids, which then keep off the ids written in the text
    md.use(literals_plugin)
    md.use(citations_plugin)
    md.use(tables_plugin)
    md.use(collect_plugin)
    if regions:
        md.use(regions_plugin)
    md.use(telephone_plugin)
    md.validateLink = _accept_all_links  # type: ignore[method-assign]
    md.normalizeLink = _as_typed  # type: ignore[method-assign]
    return md
