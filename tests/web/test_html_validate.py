"""html-validate (from the npm registry) reports no error on any frozen page."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

VALIDATOR = ROOT / "node_modules" / ".bin" / "html-validate"


def test_every_frozen_page_is_valid_html(built_site: Path, tmp_path: Path) -> None:
    if not VALIDATOR.exists():
        pytest.fail("html-validate is missing: run `npm ci` (make setup does)")
    output = tmp_path / "report.json"  # a file: node may exit before a long report is flushed to a pipe
    process = subprocess.run(
        [str(VALIDATOR), "--config", str(ROOT / ".htmlvalidate.json"), "-f", f"json={output}", f"{built_site}/**/*.html"],
        capture_output=True, text=True, timeout=300,
    )
    report = json.loads(output.read_text() or "[]") if output.exists() else []
    assert output.exists() or process.returncode == 0, process.stderr
    problems = [f"{Path(f['filePath']).relative_to(built_site)}:{m['line']}: {m['ruleId']}: {m['message']}" for f in report for m in f["messages"]]
    assert problems == [], "\n".join(problems[:30])
    assert process.returncode == 0
