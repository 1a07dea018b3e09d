"""Review packets: one printable HTML file per page, with what a clinician needs to sign it off."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Flask, render_template

from thaw.config import crisis
from thaw.content.article import Article
from thaw.content.frontmatter import FrontMatterError, split
from thaw.content.review import in_context, word_diff
from thaw.content.signing import reviewed_text
from thaw.markdown.prose import review_prose


def packet_html(app: Flask, article: Article, today: dt.date) -> str:
    """The packet of one page: its status and figures, the crisis help it shows, its text, its sources, and the words
    changed since the text last signed (kept in content/.reviews/ by `review --sign`)."""
    site = app.extensions["thaw"]
    config = site.config
    language, catalog = next(((language, c) for language, c in site.catalogs.items() if article.slug in c.articles and c.articles[article.slug] is article),
                             (config.language, site.catalogs[config.language]))  # the edition the page is in
    relative = article.path.resolve().relative_to(config.content_dir.resolve()).as_posix()
    before = reviewed_text(config.content_dir, relative)
    changes = None
    if before is not None:
        try:
            changes = in_context(word_diff(split(before).body, article.body))
        except FrontMatterError:
            changes = None
    with app.test_request_context("/"):
        return render_template(
            "review_packet.html",
            article=article,
            report=review_prose(article, today, language),
            references=catalog.references_of(article),
            crisis_region=crisis.region(config.region, config.local_services, language=language),
            changes=changes,
            changed_words=sum(len(text.split()) for op, text in changes or [] if op != "same"),
            today=today,
        )


def write_packets(app: Flask, articles: list[Article], folder: Path, today: dt.date) -> list[Path]:
    """Write each page's packet as <folder>/<slug>.html; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for article in articles:
        path = folder / f"{article.slug}.html"
        path.write_text(packet_html(app, article, today), encoding="utf-8")
        written.append(path)
    return written
