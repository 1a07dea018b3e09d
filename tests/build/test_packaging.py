"""The `site/` folder installs and imports as the package `thaw` (the standard library owns `site`)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_fresh_install_imports_thaw_with_its_templates(tmp_path: Path) -> None:
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--target", str(target), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    assert (target / "thaw" / "web" / "templates" / "base.html").is_file()
    assert (target / "thaw" / "web" / "static" / "thaw.css").is_file()
    assert (target / "thaw" / "config" / "data" / "crisis.toml").is_file()
    assert (target / "thaw" / "web" / "exercises" / "grounding.py").is_file()
    assert (target / "thaw" / "web" / "templates" / "exercises" / "screens" / "breathing.html").is_file()
    assert not (target / "site").exists()
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import site, thaw;"
        "from thaw.config.settings import Config; from pathlib import Path;"
        "assert Path(thaw.__file__).parent == Path(sys.argv[1]) / 'thaw', thaw.__file__;"
        "assert hasattr(site, 'getsitepackages');"  # the standard library's site is untouched
        "app = thaw.create_app(Config(content_dir=Path(sys.argv[2])));"
        "print(len(app.extensions['thaw'].catalog.articles))"
    )
    environment = {**os.environ, "THAW_NODE_MODULES": str(ROOT / "node_modules")}  # htmx comes from the project's npm install
    result = subprocess.run([sys.executable, "-c", script, str(target), str(ROOT / "tests" / "content" / "bad_content" / "duplicate-slug" / "sub")],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path, env=environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
