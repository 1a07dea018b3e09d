"""`serve`: the Flask app under the configured base path, reloading pages when files change."""
from __future__ import annotations

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple
from werkzeug.utils import redirect
from werkzeug.wrappers import Request

from . import create_app
from .config import Config


def serve(config: Config, host: str, port: int, config_overrides: dict | None = None) -> None:
    """Run the development server until interrupted."""
    app = create_app(config, dev=True, config_overrides=config_overrides)
    prefix = config.base_path.rstrip("/")

    @Request.application
    def outside_base(request: Request):  # noqa: ANN202 - a WSGI app
        return redirect(config.base_path)

    wsgi = DispatcherMiddleware(outside_base, {prefix: app}) if prefix else app
    run_simple(host, port, wsgi, use_reloader=False, use_debugger=False, threaded=True)
