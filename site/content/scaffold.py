"""`new`: start an article from a complete front-matter template that builds as it stands."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from thaw.config.settings import Config
from thaw.content.fields import SLUG_RE, FieldError, ascii_slug, check_characters
from thaw.content.inputs import find_sources
from thaw.errors import ThawError
from thaw.util.suggest import did_you_mean

MAX_TITLE = 120  # as the title field allows (content/article.py)

HINTS = """\
# Cite a source: add it to content/references.yaml, then write [@its-key] in the text.
# Clinical review: leave review empty; a clinician signs with python build.py review --sign "Name, Credentials" this-file.
# Publish: set draft: false.
"""

BODY = """
Start with a short, warm opening that says what this page covers.

## A first heading

Write in short sentences.
"""


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe emitter, writing an empty value as nothing (`updated:`) rather than `null`."""


_Dumper.add_representer(type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", ""))


def front_matter(title: str, section: str, today: dt.date) -> str:
    """The complete front matter of a new draft, written by the YAML emitter (any title is quoted as it needs)."""
    fields: dict[str, Any] = {
        "title": title,
        "summary": "One or two plain sentences (at most 160 characters) for lists, search results and previews.",
        "section": section,
        "order": 100,
        "tags": [],
        "date": today,
        "updated": None,
        "review": {"by": None, "credentials": None, "reviewed_on": None, "next_due": None, "fingerprint": None},
        "references": [],
        "draft": True,
        "content_note": None,
    }
    return yaml.dump(fields, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)


def new_article(config: Config, title: str, section: str | None = None, today: dt.date | None = None, slug: str | None = None) -> Path:
    """Create content/<section>/<slug>.md; refuse to overwrite or to reuse a slug.

    The title's lines and runs of spaces become single spaces; the file name is the title spelt in ASCII (or `slug`).
    """
    section_ids = [s.id for s in config.sections]
    section = section or section_ids[0]
    if section not in section_ids:
        raise ThawError(f'--section: unknown section "{section}" — {did_you_mean(section, section_ids, "sections")}')
    title = " ".join(title.split())
    if not title:
        raise ThawError('the title is empty — give one, e.g. python build.py new "Coping with grief"')
    try:
        check_characters(title, "title")
    except FieldError as exc:
        raise ThawError(f"{exc.message} — {exc.fix}") from None
    if len(title) > MAX_TITLE:
        raise ThawError(f"the title is {len(title)} characters long (at most {MAX_TITLE}) — shorten it")
    if slug is None:
        slug = ascii_slug(title)
        if not slug:
            raise ThawError(f'the title "{title}" has no letters or digits to make a file name from — pass a file name with --slug, e.g. --slug coping-with-grief')
    elif not SLUG_RE.match(slug):
        raise ThawError(f'--slug "{slug}" cannot be a file name — use lower-case letters, digits and hyphens, e.g. --slug {ascii_slug(slug) or "coping-with-grief"}')
    for existing in find_sources(config.content_dir) if config.content_dir.is_dir() else []:
        if existing.stem == slug:
            raise ThawError(f"{existing}: an article with the slug \"{slug}\" already exists — choose another title (or --slug) or edit that file")
    path = config.content_dir / section / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(f"---\n{front_matter(title, section, today or dt.date.today())}{HINTS}---\n{BODY}")
    return path
