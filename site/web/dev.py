"""Dev-server only (never frozen): the live-reload endpoint, and the review dashboard with each page's packet."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app, render_template
from flask_htmx import make_response

bp = Blueprint("dev", __name__, url_prefix="/_thaw")


@bp.route("/reload/<stamp>/")
def reload(stamp: str) -> Response:
    """Answer 204 while nothing changed; ask htmx for a full refresh once something has."""
    site = current_app.extensions["thaw"]
    site.refresh_if_changed()
    if site.stamp != stamp:
        return make_response("", refresh=True)
    return Response(status=204)


@bp.route("/reviews/")
def reviews() -> str:
    """Every page with its review status, grade, sources, last review and next due, each linking to its packet."""
    from thaw.markdown.prose import review_prose

    site = current_app.extensions["thaw"]
    site.refresh_if_changed()
    if site.catalog is None:
        abort(500)
    today = site.today or dt.date.today()
    rows = sorted((review_prose(a, today, site.language) for a in site.catalog.articles.values()), key=lambda r: (_urgency(r.article), r.article.display))
    return render_template("review_dashboard.html", rows=rows)


@bp.route("/reviews/<slug>/")
def packet(slug: str) -> str:
    """One page's review packet, as `review PAGE` writes it."""
    from thaw.web.packets import packet_html

    site = current_app.extensions["thaw"]
    site.refresh_if_changed()
    article = site.catalog.articles.get(slug) if site.catalog else None
    if article is None:
        abort(404)
    return packet_html(current_app._get_current_object(), article, site.today or dt.date.today())  # type: ignore[attr-defined]


def _urgency(article: object) -> int:
    """Most urgent first, as `review` lists them (content/review.Status); a page not yet loaded counts as unreviewed."""
    from thaw.content.review import Status

    return (getattr(article, "review_status", None) or Status.UNREVIEWED).urgency
