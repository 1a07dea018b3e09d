"""Trusted files: front-end libraries from npm (checked against pinned hashes) and pictures (checked to be what they say)."""
from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from thaw.errors import AssetError


@dataclass(frozen=True)
class VendorFile:
    """One file of an npm package that the built site serves from its own host."""

    package: str
    version: str
    source: str  # path inside the package
    name: str  # file name in the built site
    sha384: str  # base64, of the file itself (not npm's tarball integrity)


HTMX = VendorFile(
    package="htmx.org",
    version="4.0.1",
    source="dist/htmx.min.js",
    name="htmx-4.0.1.min.js",
    sha384="Qp9rdC8H7EqOoX+nR0P3RPG2Noji+qdwJlGpfzwQJsfOpp3sGwIdSP9xO3+UlEhn",
)

# Snowball's Spanish stemmer as @orama/stemmers ports it to JavaScript: one language's file (9.7 KB), not a bundle of
# every language; search.js stems a Spanish site's queries with it, as the build does with PyPI's snowballstemmer.
SPANISH_STEMMER = VendorFile(
    package="@orama/stemmers",
    version="3.1.18",
    source="dist/es.cjs",
    name="stemmer-es.js",
    sha384="sUiFgQ9XzGHohI3VvyYmexprU9WbXwd2Y31vLWA/Imqyt++3g5QuGcWCV260/4xr",
)


def stemmer_script(vendor: VendorFile) -> bytes:
    """A CommonJS stemmer file (checked like any vendor file) as a plain script for the page: its text unchanged
    inside a function that gives it `exports`, its stemmer left as window.thawStemmers.<language> (no eval: the page's
    CSP allows none)."""
    language = vendor.name.removeprefix("stemmer-").removesuffix(".js")
    head = (
        f"/* Snowball's stemmer (snowballstem.org, BSD licence) as ported by {vendor.package} {vendor.version} "
        f"(Apache-2.0, github.com/oramasearch/orama): its {vendor.source}, unchanged, between these lines. */\n"
        "(function () {\nvar exports = {};\n(function (exports) {\n"
    )
    tail = f"\n}})(exports);\n(window.thawStemmers = window.thawStemmers || {{}}).{language} = exports.stemmer;\n}})();\n"
    return head.encode() + load_vendor_file(vendor) + tail.encode()


def node_modules_candidates() -> list[Path]:
    """Where node_modules may be: $THAW_NODE_MODULES, the working folder, the project folder."""
    found = [Path(os.environ["THAW_NODE_MODULES"])] if os.environ.get("THAW_NODE_MODULES") else []
    found.append(Path.cwd() / "node_modules")
    found.append(Path(__file__).resolve().parents[2] / "node_modules")
    return found


def load_vendor_file(vendor: VendorFile) -> bytes:
    """Return the file's bytes after checking its version and sha384; raise AssetError otherwise."""
    for root in node_modules_candidates():
        package_dir = root / vendor.package
        if package_dir.is_dir():
            break
    else:
        raise AssetError(f"{vendor.package} is not installed — run `npm ci` in the project folder (or `make setup`)")
    try:
        version = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"]
        data = (package_dir / vendor.source).read_bytes()
    except (OSError, ValueError, KeyError) as exc:
        raise AssetError(f"{package_dir}: cannot read {vendor.package} ({exc}) — run `npm ci`") from None
    if version != vendor.version:
        raise AssetError(f"{package_dir}: {vendor.package} is {version}, Thaw pins {vendor.version} — run `npm ci`")
    digest = base64.b64encode(hashlib.sha384(data).digest()).decode()
    if digest != vendor.sha384:
        raise AssetError(f"{package_dir / vendor.source}: sha384 {digest} does not match the pinned {vendor.sha384} — reinstall with `npm ci`")
    return data

