"""Wrap tables in a named, focusable scrolling region so wide tables work on a phone.

The region is named by the heading the table sits under (or, with no heading before it, by its column headers), so
a screen reader announces which table it is rather than the bare word "Table". The hint inside is shown by thaw.css
only while the table is wider than the screen.
"""
from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from thaw.util.translation import gettext

HINT = '<p class="table-hint">Scroll sideways to see all columns.</p>\n'


def _plain_text(inline: Token) -> str:
    return " ".join("".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline")).split())


def _name(tokens: Sequence[Token], idx: int) -> str:
    """aria-labelledby the nearest heading before the table, else an aria-label listing its columns."""
    for token in reversed(tokens[:idx]):
        if token.type == "heading_open" and token.attrGet("id"):
            return f'aria-labelledby="{escapeHtml(str(token.attrGet("id")))}"'
    columns = []
    for index in range(idx + 1, len(tokens)):
        token = tokens[index]
        if token.type == "tr_close":
            break
        if token.type == "th_open" and tokens[index + 1].type == "inline":
            columns.append(_plain_text(tokens[index + 1]))
    named = [c for c in columns if c]
    label = gettext("Table: %(columns)s") % {"columns": ", ".join(named)} if named else gettext("Table of %(count)s columns") % {"count": len(columns)}
    return f'aria-label="{escapeHtml(label)}"'


def open_table(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return f'<section class="table-wrap" {_name(tokens, idx)} tabindex="0">\n{HINT}' + self.renderToken(tokens, idx, options, env)


def close_table(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return self.renderToken(tokens, idx, options, env) + "</section>\n"


def tables_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("table_open", open_table)
    md.add_render_rule("table_close", close_table)
