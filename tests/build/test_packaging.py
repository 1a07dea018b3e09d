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


def test_pyproject_declares_every_library_thaw_imports() -> None:
    """README: `pip install .` gives a working thaw: each third-party import comes from a declared dependency or one
    of theirs."""
    import ast
    import re
    import tomllib
    from importlib import metadata

    declared = {re.split(r"[<>=!~ ]", d)[0].lower() for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    reachable, todo = set(), list(declared)
    while todo:
        name = todo.pop()
        if name in reachable:
            continue
        reachable.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:  # a dependency for other Pythons only (Babel's pytz, before 3.9)
            continue
        for requirement in requires:
            if "extra ==" not in requirement:
                todo.append(re.split(r"[<>=!~ ;\[(]", requirement)[0].lower())
    providers = metadata.packages_distributions()
    imported = set()
    for path in (ROOT / "site").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    missing = sorted(m for m in imported if m in providers and m != "thaw" and not {d.lower().replace("_", "-") for d in providers[m]} & {r.replace("_", "-") for r in reachable})
    assert missing == [], f"imported but not declared in pyproject.toml: {missing}"
