"""Give every heading an id (custom `{#id}` or a slug of its text) and list the headings."""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from thaw.content.fields import slugify

CUSTOM_ID = re.compile(r"\s*\{#([A-Za-z][\w-]*)\}\s*$")
# Ids the build makes for other things: references (citations.py: ref-1) and footnotes (mdit footnote plugin: fn1,
# fnref1, fnref1:2). A heading never takes one of them: "## ref 1" becomes ref-1-2.
GENERATED_ID = re.compile(r"^(?:ref-\d+|fn\d+|fnref\d+(?::\d+)?)$")


def _plain_text(children: list) -> str:
    return "".join(c.content for c in children if c.type in ("text", "code_inline")).strip()


def heading_ids(state: StateCore) -> None:
    used: set[str] = {"main", "contents", "references", "toc-title"}  # ids the page template uses
    headings = state.env.setdefault("headings", [])
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        custom = CUSTOM_ID.search(inline.content)
        if custom:
            inline.content = inline.content[: custom.start()]
            last = next((c for c in reversed(inline.children or []) if c.type == "text"), None)
            if last is not None:
                last.content = CUSTOM_ID.sub("", last.content)
        text = _plain_text(inline.children or [])
        base = custom.group(1) if custom else (slugify(text) or "section")
        anchor, n = base, 2
        while anchor in used or GENERATED_ID.match(anchor):
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        token.attrSet("id", anchor)
        line = token.map[0] if token.map else 0
        headings.append((int(token.tag[1]), anchor, text, line))


def headings_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "thaw_headings", heading_ids)
