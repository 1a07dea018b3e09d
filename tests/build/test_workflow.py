"""The GitHub Pages workflow does what docs/hosting.md and EDITING.md say: runtime only, `check`, `build --strict`."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import ROOT


def steps() -> list[str]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    return [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]


def test_the_publish_workflow_checks_then_builds_strictly_before_publishing() -> None:
    runs = steps()
    assert "make setup" in runs, "the workflow installs the runtime with the README's set-up"
    check = runs.index(".venv/bin/python build.py check")
    strict = runs.index(".venv/bin/python build.py build --strict")
    assert check < strict


def test_the_publish_workflow_installs_the_runtime_only() -> None:
    runs = " ".join(steps())
    assert "make test" not in runs and "requirements-test" not in runs
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    runtime_recipe = re.search(r"^\$\(VENV\)/\.installed:.*?(?=^\S)", makefile, re.S | re.M).group(0)
    assert "requirements.txt" in runtime_recipe and "requirements-test" not in runtime_recipe


def test_every_installed_package_is_pinned() -> None:
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r ")):
                assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][^\s]*", line), f"{name}: {line} is not pinned"


def test_the_benchmark_corpora_use_the_current_front_matter(tmp_path: Path) -> None:
    """A generated corpus that the current code warns about would time warnings, not the build (the realistic one
    once used the old review key `on`)."""
    import subprocess
    import sys

    from conftest import ROOT

    for kind in ([], ["--realistic"]):
        content = tmp_path / ("realistic" if kind else "simple")
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(content), "-n", "20", *kind], check=True, capture_output=True)
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--content", str(content)], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "review key" not in result.stdout + result.stderr
