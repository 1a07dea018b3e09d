"""`serve`: the Flask app under the configured base path, reloading pages when files change."""
from __future__ import annotations

from typing import Any

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from . import create_app
from .config import Config


def make_wsgi(config: Config, config_overrides: dict[str, Any] | None = None) -> Any:
    """The dev app mounted at the base path, as the real host will serve it; / redirects there."""
    from .freeze import WORKERS

    app = create_app(config, dev=True, config_overrides=config_overrides, workers=WORKERS)
    app.extensions["thaw"].workers = 1  # later reloads run in request threads, where forking is unsafe; they re-render only what changed
    prefix = config.base_path.rstrip("/")
    if not prefix:
        return app

    @Request.application
    def outside_base(request: Request) -> Response:
        return redirect(config.base_path)

    return DispatcherMiddleware(outside_base, {prefix: app})


def serve(config: Config, host: str, port: int, config_overrides: dict[str, Any] | None = None) -> None:
    """Run the development server until interrupted."""
    run_simple(host, port, make_wsgi(config, config_overrides), use_reloader=False, use_debugger=False, threaded=True)
