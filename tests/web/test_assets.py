"""htmx comes from the npm registry at the version and hash Thaw pins."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from thaw.web.assets import HTMX, load_vendor_file
from thaw.errors import AssetError

from conftest import ROOT


def test_package_json_pins_the_same_htmx_exactly() -> None:
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"][HTMX.package]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"][f"node_modules/{HTMX.package}"]["version"]
    assert pinned == locked == HTMX.version


def test_a_tampered_htmx_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "node_modules"
    shutil.copytree(ROOT / "node_modules" / HTMX.package, fake / HTMX.package)
    (fake / HTMX.package / HTMX.source).write_text("alert('not htmx')")
    monkeypatch.setenv("THAW_NODE_MODULES", str(fake))
    with pytest.raises(AssetError, match="does not match the pinned"):
        load_vendor_file(HTMX)


def test_a_missing_htmx_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THAW_NODE_MODULES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("thaw.web.assets.node_modules_candidates", lambda: [tmp_path])
    with pytest.raises(AssetError, match="npm ci"):
        load_vendor_file(HTMX)
