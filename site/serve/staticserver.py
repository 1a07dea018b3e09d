"""A plain static file server for a built site, mounted under its base path like a real host."""
from __future__ import annotations

import functools
import gzip
import io
import http.server
import sys
import tempfile
import threading
from pathlib import Path

from thaw.serve.localserver import LOCAL_NAMES, allowed_names, bad_target, host_allowed


TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


class _Server(http.server.ThreadingHTTPServer):
    """The threading file server, reporting a request it could not answer in one line rather than a traceback."""

    verbose = False

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):  # a browser closing a connection early is no error
            print(f"preview: could not answer {client_address[0]}: {type(error).__name__}: {error}", file=sys.stderr)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Python's plain file handler for local Host names and well-formed paths only, never listing a folder,
    and answering unknown paths with the site's own 404.html."""

    not_found_page: Path | None = None
    extra_headers: dict[str, str] = {}
    compress = False  # gzip text files, as production hosts do (for benchmarks)
    host_names: frozenset[str] = LOCAL_NAMES

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not host_allowed(self.headers.get("Host"), self.host_names):
            self.send_error(400, "Unknown host", "This preview answers only http://localhost and http://127.0.0.1.")
            return False
        if bad_target(self.path):
            self.send_error(400, "Bad path")
            return False
        return True

    def send_head(self):  # type: ignore[no-untyped-def]
        try:
            return self._send_head()
        except (OSError, ValueError):  # a name too long for the file system and the like: no such page
            self.send_error(404)
            return None

    def list_directory(self, path: str | Path) -> None:
        self.send_error(404)  # a folder without index.html is not a page
        return None

    def _send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
            if not path.is_file():
                self.send_error(404)
                return None
        if self.compress and path.is_file() and path.suffix in TEXT_SUFFIXES and "gzip" in self.headers.get("Accept-Encoding", ""):
            if Path(self.translate_path(self.path)).is_dir() and not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), 9)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache" if path.suffix == ".html" else "max-age=31536000")
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 404 and self.not_found_page and self.not_found_page.is_file():
            body = self.not_found_page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        if self.server.verbose:  # type: ignore[attr-defined]
            super().log_message(format, *args)


class StaticSite:
    """Serves `folder` at http://host:port<base_path> with the standard library's file server."""

    def __init__(self, folder: Path, base_path: str = "/", host: str = "127.0.0.1", port: int = 0, verbose: bool = False,
                 headers: dict[str, str] | None = None, compress: bool = False) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="thaw-serve-")
        root = Path(self._tmp.name)
        mount = root / base_path.strip("/") if base_path.strip("/") else None
        if mount is not None:
            mount.parent.mkdir(parents=True, exist_ok=True)
            mount.symlink_to(folder.resolve(), target_is_directory=True)
            served = root
        else:
            served = folder.resolve()
        handler = type("Handler", (_Handler,), {"not_found_page": folder.resolve() / "404.html", "extra_headers": headers or {}, "compress": compress,
                                                 "host_names": allowed_names(host)})
        self.server = _Server((host, port), functools.partial(handler, directory=str(served)))
        self.server.verbose = verbose  # type: ignore[attr-defined]
        self.url = f"http://{host}:{self.server.server_address[1]}{base_path}"
        self._thread: threading.Thread | None = None

    def start(self) -> "StaticSite":
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.server.serve_forever()

    def stop(self) -> None:
        """Stop serving (from any thread, or after serve_forever was interrupted) and remove the mount folder."""
        if self._thread is not None:
            self.server.shutdown()
        self.server.server_close()
        self._tmp.cleanup()
