"""`new`: start an article from a complete front-matter template."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from thaw.content.inputs import find_sources
from thaw.config.settings import Config
from thaw.errors import ThawError
from thaw.content.fields import slugify
from thaw.util.suggest import did_you_mean

TEMPLATE = """---
title: {title}
summary: One or two plain sentences (at most 160 characters) for lists, search results and previews.
section: {section}
order: 100
tags: []
date: {today}
updated:
review:
  by:
  credentials:
  reviewed_on:
  next_due:
  fingerprint:
references: []
draft: true
content_note:
---

Start with a short, warm opening that says what this page covers.

## A first heading

Write in short sentences. Cite facts like this [@reference-key] once the key is in content/references.yaml.
"""


def new_article(config: Config, title: str, section: str | None = None, today: dt.date | None = None) -> Path:
    """Create content/<section>/<slug>.md; refuse to overwrite or to reuse a slug."""
    section_ids = [s.id for s in config.sections]
    section = section or section_ids[0]
    if section not in section_ids:
        raise ThawError(f'--section: unknown section "{section}" — {did_you_mean(section, section_ids, "sections")}')
    slug = slugify(title)
    if not slug or not title.strip():
        raise ThawError("the title has no letters or digits to make a file name from — give a real title")
    for existing in find_sources(config.content_dir) if config.content_dir.is_dir() else []:
        if existing.stem == slug:
            raise ThawError(f"{existing}: an article with the slug \"{slug}\" already exists — choose another title or edit that file")
    path = config.content_dir / section / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = '"' + title.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'
    with path.open("x", encoding="utf-8") as handle:
        handle.write(TEMPLATE.format(title=quoted, section=section, today=(today or dt.date.today()).isoformat()))
    return path
