"""Wrap tables in a focusable scrolling region so wide tables work on a phone."""
from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict


def open_table(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return '<section class="table-wrap" aria-label="Table" tabindex="0">\n' + self.renderToken(tokens, idx, options, env)


def close_table(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return self.renderToken(tokens, idx, options, env) + "</section>\n"


def tables_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("table_open", open_table)
    md.add_render_rule("table_close", close_table)
