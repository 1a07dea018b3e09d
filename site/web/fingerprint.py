"""Fingerprinted assets: CSS, JS, icons and htmx served as /assets/<name>.<hash>.<ext>, so hosts can cache them forever."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from thaw.web.assets import HTMX, SPANISH_STEMMER, load_vendor_file, stemmer_script
from thaw.config.colors import accent_from
from thaw.config.settings import Config
from thaw.content.search import analyzer

STATIC = Path(__file__).parent / "static"
MIMETYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png", ".webp": "image/webp", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Asset:
    """One file of the built site whose name carries a hash of its bytes."""

    name: str  # the stable name templates ask for, e.g. "thaw.css"
    data: bytes

    @cached_property
    def hashed(self) -> str:
        stem, suffix = self.name.rsplit(".", 1)
        return f"{stem}.{hashlib.sha256(self.data).hexdigest()[:10]}.{suffix}"

    @property
    def mimetype(self) -> str:
        return MIMETYPES.get(Path(self.name).suffix, "application/octet-stream")


def stylesheet(config: Config) -> bytes:
    """thaw.css with the practice's accent colour (light and dark) appended."""
    accent = accent_from(config.accent)
    brand = (
        "\n/* The practice's accent colour (thaw.toml), checked for WCAG AA contrast. */\n"
        f":root {{ --accent: {accent.light}; --accent-text: {accent.light_text}; }}\n"
        f"@media (prefers-color-scheme: dark) {{ :root {{ --accent: {accent.dark}; --accent-text: {accent.dark_text}; }} }}\n"
    )
    return (STATIC / "thaw.css").read_bytes() + brand.encode()


def collect(config: Config) -> dict[str, Asset]:
    """Every fingerprinted asset, by its stable name."""
    assets = [
        Asset("thaw.css", stylesheet(config)),
        Asset("thaw.js", (STATIC / "thaw.js").read_bytes()),
        Asset("search.js", (STATIC / "search.js").read_bytes()),
        Asset("favicon.svg", (STATIC / "favicon.svg").read_bytes()),
        Asset(HTMX.name, load_vendor_file(HTMX)),
    ]
    if any(analyzer(language) == "es" for language in config.languages):  # a Spanish search page stems queries with it (only there)
        assets.append(Asset(SPANISH_STEMMER.name, stemmer_script(SPANISH_STEMMER)))
    if config.logo:
        assets.append(Asset("logo" + config.logo.suffix.lower(), config.logo.read_bytes()))
    return {asset.name: asset for asset in assets}
