"""Dev-server only: the live-reload endpoint polled by pages while `serve` runs."""
from __future__ import annotations

from flask import Blueprint, Response, current_app
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
