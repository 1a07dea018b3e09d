"""`serve`: the Flask app under the configured base path, reloading pages when files change."""
from __future__ import annotations

from typing import Any

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from thaw.web.app import create_app
from thaw.config.settings import Config
from thaw.serve.localserver import LOCAL_NAMES, allowed_names, bad_target, host_allowed


def make_wsgi(config: Config, config_overrides: dict[str, Any] | None = None) -> Any:
    """The dev app mounted at the base path, as the real host will serve it; / redirects there."""
    from thaw.build.freeze import WORKERS
    from thaw.build.templatecache import compiled_templates
    from thaw.build.workers import forked_map
    from thaw.catalog.load import serial_map

    app = create_app(config, dev=True, config_overrides=config_overrides, map_jobs=forked_map(WORKERS), template_cache=compiled_templates())
    app.extensions["thaw"].map_jobs = serial_map  # later reloads run in request threads, where forking is unsafe; they re-render only what changed
    prefix = config.base_path.rstrip("/")
    if not prefix:
        return app

    @Request.application
    def outside_base(request: Request) -> Response:
        return redirect(config.base_path)

    return DispatcherMiddleware(outside_base, {prefix: app})


def local_only(app: Any, names: frozenset[str] = LOCAL_NAMES) -> Any:
    """`app` answering only requests for a local Host name (drafts must not be readable by DNS rebinding) and well-formed paths."""

    def guarded(environ: dict[str, Any], start_response: Any) -> Any:
        if not host_allowed(environ.get("HTTP_HOST"), names):
            response = Response("This preview answers only http://localhost and http://127.0.0.1.\n", status=400, mimetype="text/plain")
        elif bad_target(environ.get("RAW_URI") or environ.get("REQUEST_URI") or "/"):
            response = Response("Bad path.\n", status=400, mimetype="text/plain")
        else:
            return app(environ, start_response)
        return response(environ, start_response)

    return guarded


def serve(config: Config, host: str, port: int, config_overrides: dict[str, Any] | None = None) -> None:
    """Run the development server until interrupted (Ctrl+C, or SIGTERM under localserver.stop_on_signals)."""
    app = local_only(make_wsgi(config, config_overrides), allowed_names(host))
    try:
        run_simple(host, port, app, use_reloader=False, use_debugger=False, threaded=True)
    except KeyboardInterrupt:
        pass
