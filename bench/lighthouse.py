"""Run Lighthouse (npm, pinned in bench/lighthouse/) with Debian's Chromium on the home page, an article and an exercise.

Usage: python bench/lighthouse.py   — installs Lighthouse into bench/lighthouse/node_modules on first run (npm ci).
Prints the four category scores and LCP, CLS and total blocking time (mobile, the default form factor).
Targets: 100 in accessibility, best practices and SEO; 98 or more in performance.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from _site import CHROMIUM, ROOT, served_sample

TOOL = ROOT / "bench" / "lighthouse"
TARGETS = {"home": "", "article": "understanding/what-is-numbness/", "exercise": "exercises/grounding/"}


def main() -> None:
    if not (TOOL / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOL, check=True)
    flags = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
    environment = {**os.environ, "CHROME_PATH": CHROMIUM}
    print(f"{'page':<10} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'LCP ms':>8} {'CLS':>6} {'TBT ms':>7}")
    with served_sample() as base, tempfile.TemporaryDirectory() as folder:
        for name, path in TARGETS.items():
            report = Path(folder) / f"{name}.json"
            subprocess.run(
                [str(TOOL / "node_modules" / ".bin" / "lighthouse"), base + path, "--quiet", "--output=json", f"--output-path={report}", f"--chrome-flags={flags}"],
                cwd=TOOL, env=environment, check=True, timeout=180,
            )
            data = json.loads(report.read_text())
            score = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
            audits = data["audits"]
            print(f"{name:<10} {score['performance']:>5} {score['accessibility']:>5} {score['best-practices']:>5} {score['seo']:>5} "
                  f"{audits['largest-contentful-paint']['numericValue']:>8.0f} {audits['cumulative-layout-shift']['numericValue']:>6.3f} "
                  f"{audits['total-blocking-time']['numericValue']:>7.0f}")


if __name__ == "__main__":
    main()
