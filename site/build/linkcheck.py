"""Check that every internal href, src and hx-get of a built site points to a file (and anchor) in it."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRIBUTES = ("href", "src", "hx-get", "action", "poster")


@dataclass(frozen=True)
class BrokenLink:
    page: str
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url} — {self.reason}"


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.urls.append(value)
            elif name == "srcset":
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())


def target_file(root: Path, base_path: str, page_url: str, url: str) -> tuple[Path | None, str, str]:
    """Map a URL found on `page_url` to (file in the output, fragment, why it is external or bad)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, "", "external"
    if parts.query:
        return None, "", "has a query string, which a static host ignores"
    path = parts.path
    if not path:
        return root / page_url, parts.fragment, ""
    if not path.startswith("/"):
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path))
        path = base_path + ("" if joined == "." else joined) + ("/" if path.endswith("/") and joined != "." else "")
    if not path.startswith(base_path):
        return None, "", f"is outside the site's base path {base_path}"
    relative = unquote(path[len(base_path):])
    candidate = root / relative
    if path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate, parts.fragment, ""


def check_links(root: Path, base_path: str = "/") -> tuple[list[BrokenLink], int]:
    """Return broken internal links of the site in `root` and how many links were checked."""
    pages = sorted(p for p in root.rglob("*.html"))
    scans: dict[Path, _PageScan] = {}
    for page in pages:
        scan = _PageScan()
        scan.feed(page.read_text(encoding="utf-8"))
        scans[page.resolve()] = scan
    broken: list[BrokenLink] = []
    checked = 0
    is_file: dict[Path, bool] = {}  # many pages link the same files: stat each once
    for page in pages:
        page_url = page.relative_to(root).as_posix()
        for url in scans[page.resolve()].urls:
            target, fragment, reason = target_file(root, base_path, page_url, url)
            if reason == "external":
                continue
            checked += 1
            if target is None:
                broken.append(BrokenLink(page_url, url, reason))
                continue
            resolved = target.resolve()
            if resolved not in is_file:
                is_file[resolved] = resolved.is_file()
            if not is_file[resolved]:
                broken.append(BrokenLink(page_url, url, "no such file in the output"))
            elif fragment and resolved.suffix == ".html" and unquote(fragment) not in scans[resolved].ids:
                broken.append(BrokenLink(page_url, url, f'no element with id "{fragment}"'))
    return broken, checked
