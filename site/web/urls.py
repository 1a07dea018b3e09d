"""Addresses of published articles, for exercises and pages that link to them by slug."""
from __future__ import annotations

from flask import current_app


def article_url(slug: str, anchor: str = "") -> str | None:
    """The URL of a published article (with an optional heading), or None when the site has no such article."""
    site = current_app.extensions["thaw"]  # web/state.SiteState
    article = site.catalog.articles.get(slug) if site.catalog else None
    if article is None or (anchor and anchor not in {h.id for h in article.headings}):
        return None
    url = site.url_for("pages.article", section=article.section, slug=article.slug)
    return f"{url}#{anchor}" if anchor else url
