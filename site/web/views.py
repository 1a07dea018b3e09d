"""The site's pages: home, sections, articles, tags, help now, 404, sitemap and robots."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, send_from_directory
from jinja2.nodes import EvalContext
from markupsafe import Markup

from thaw.content.article import Article
from thaw.catalog.catalog import Catalog
from thaw.web.exercises import SECTION
from thaw.web.frame import render_framed
from thaw.content.links import MEDIA_SUFFIXES
from thaw.web.state import SiteState
from thaw.util.languages import language_name

bp = Blueprint("pages", __name__)


def state() -> SiteState:
    return current_app.extensions["thaw"]


def catalog() -> Catalog:
    site = state()
    site.refresh_if_changed()
    if site.catalog is None:
        abort(500)
    return site.catalog


@bp.route("/")
def home() -> str:
    return render_template("home.html", catalog=catalog())


@bp.route("/<section>/")
def section(section: str) -> str:
    page = catalog().section(section)
    if page is None or not (page.articles or section == SECTION):
        abort(404)
    return render_template("section.html", page=page)


@bp.route("/<section>/<slug>/")
def article(section: str, slug: str) -> str:
    cat = catalog()
    item = cat.articles.get(slug)
    if item is None or item.section != section:
        abort(404)
    previous, following = cat.neighbours(item)
    private = {
        "article": item,
        "page": cat.section(item.section),
        "previous": previous,
        "next": following,
        "related": cat.related(item),
        "toc": cat.toc(item),
        "references": cat.references_of(item),
        "original": cat.outdated.get(item.slug),  # a translation older than its original: the reader is told
        "original_language": _language_named(state().config.language) if item.translation_of else "",
    }
    main = Markup(render_template("partials/article_main.html", **private))
    own = {"title": item.title, "description": item.summary, "structured_data": _tojson(structured_data(item)), "main": main}
    return render_framed("article.html", ("article", item.section), {"section_id": item.section}, own, private)


def _tojson(value: Any) -> Markup:
    """What the template filter `tojson` writes (safe inside a <script>)."""
    env = current_app.jinja_env
    return env.filters["tojson"](EvalContext(env), value)


def structured_data(item: Article) -> dict[str, Any]:
    """schema.org MedicalWebPage; the review fields appear only while a real review covers the page as it is."""
    config = state().config
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": item.title,
        "description": item.summary,
        "inLanguage": state().language,
        "datePublished": item.date.isoformat(),
        "dateModified": item.last_changed.isoformat(),
        "publisher": {"@type": "Organization", "name": config.contact.practice or config.name},
    }
    if config.absolute_base:
        data["url"] = current_app.jinja_env.globals["canonical_url"]()
    if item.review_status is not None and item.review_status.current:  # reviewed, unchanged since, not overdue
        data["lastReviewed"] = item.review.reviewed_on.isoformat()  # type: ignore[union-attr]
        data["reviewedBy"] = {"@type": "Person", "name": item.review.by}
        if item.review.credentials:
            data["reviewedBy"]["description"] = item.review.credentials
    return data


@bp.route("/tags/")
def tags() -> str:
    return render_template("tags.html", tags=catalog().tags)


@bp.route("/tags/<tag>/")
def tag(tag: str) -> str:
    articles = catalog().tags.get(tag)
    if articles is None:
        abort(404)
    return render_template("tag.html", tag=tag, articles=articles)


@bp.route("/feed.xml")
def feed() -> Response:
    """Atom feed of articles, newest change first; dates come from the content, so rebuilds are identical."""
    items = sorted(catalog().articles.values(), key=lambda a: (a.last_changed, a.slug), reverse=True)[:50]
    updated = max((a.last_changed for a in items), default=None)
    body = render_template("feed.xml", entries=items, updated=updated.isoformat() if updated else "1970-01-01")
    return Response(body, mimetype="application/xml")  # what static hosts send for .xml


# Pages that need only the site's shared context (sections, crisis lines, config).
PLAIN_PAGES = {
    "help_now": ("/help-now/", "help_now.html"),
    "privacy": ("/privacy/", "privacy.html"),
    "browsing_safely": ("/browsing-safely/", "browsing_safely.html"),
    "articles": ("/articles/", "articles.html"),
    "search": ("/search/", "search.html"),
}


# What a plain page needs besides the shared context: the search page lists every article in the index's order and
# carries the index's shape (search.py).
PAGE_CONTEXT: dict[str, Callable[[], dict[str, Any]]] = {"search.html": lambda: {"index": state().search_index}}


def _plain_page(template: str) -> Callable[[], str]:
    def view() -> str:
        catalog()  # reloads changed content on the dev server, and shows content problems there
        extra = PAGE_CONTEXT.get(template)
        return render_template(template, **(extra() if extra else {}))

    return view


for _endpoint, (_rule, _template) in PLAIN_PAGES.items():
    bp.add_url_rule(_rule, _endpoint, _plain_page(_template))


@bp.route("/404.html")
def not_found() -> str:
    return render_template("404.html")


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    body = render_template("sitemap.xml", catalog=catalog())
    return Response(body, mimetype="application/xml")


@bp.route("/robots.txt")
def robots() -> Response:
    return Response(render_template("robots.txt"), mimetype="text/plain")


@bp.route("/media/<path:filename>")
def media(filename: str) -> Response:
    """A picture or handout an article uses, at a stable address (a practice may print it on paper)."""
    if filename not in catalog().images or not filename.lower().endswith(MEDIA_SUFFIXES):
        abort(404)
    return send_from_directory(state().config.content_dir.resolve(), filename)


@bp.route("/search/<path:name>")
def search_file(name: str) -> Response:
    """One file of the search index (search.py); all of them are frozen, so search works on any static host."""
    catalog()
    data = state().search_index.get(name)
    if data is None:
        abort(404)
    return Response(data, mimetype="application/json")


@bp.route("/assets/<name>")
def asset(name: str) -> Response:
    """A fingerprinted asset; the hash in its name changes whenever its bytes do."""
    found = state().assets_by_hash.get(name)
    if found is None:
        abort(404)
    return Response(found.data, mimetype=found.mimetype)


def _language_named(language: str) -> str:
    """A language's name in the language of the page being made ("inglés" on a Spanish page)."""
    return language_name(language, state().language)
