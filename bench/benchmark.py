"""Benchmark Thaw's build against the floor (read + front matter + Markdown render + write), on one generated corpus.

Usage: python bench/benchmark.py [--sizes 1000 5000] [--runs 3]
Each measurement runs in a fresh process; the table shows the median wall time, the peak memory (max RSS),
and each time as a ratio to the floor. It is a benchmark, not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

FLOOR = r'''
import sys, time, yaml
from pathlib import Path
from thaw.markdown import parser
src, out = Path(sys.argv[1]), Path(sys.argv[2])
start = time.perf_counter()
md = parser()
for path in sorted(src.rglob("*.md")):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    yaml.safe_load(front)
    html = md.render(body)
    target = out / path.relative_to(src).with_suffix(".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
print(time.perf_counter() - start)
'''

BUILD = r'''
import sys, time
from pathlib import Path
from thaw.config import load_config
from thaw.publish import build
start = time.perf_counter()
build(load_config(None, {"content": Path(sys.argv[1]), "output": Path(sys.argv[2]), "base_url": "https://example.org/"}))
print(time.perf_counter() - start)
'''


def measure(script: str, *args: str) -> tuple[float, float]:
    """Run a script in a fresh interpreter; return (seconds it reports, its peak memory in MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    process = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT, check=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return float(process.stdout.strip().splitlines()[-1]), max(peak, before) / 1024


def median_of(runs: int, script: str, *args: str, prepare=None) -> tuple[float, float]:
    results = []
    for _ in range(runs):
        if prepare:
            prepare()
        results.append(measure(script, *args))
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'articles':>8}  {'measurement':<24} {'seconds':>8} {'ratio':>6} {'peak MB':>8} {'ms/page':>8}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            corpus, floor_out, site = Path(folder) / "content", Path(folder) / "floor", Path(folder) / "site"
            generate(corpus, size)
            floor, floor_mb = median_of(args.runs, FLOOR, str(corpus), str(floor_out))
            rows = [("floor", floor, floor_mb)]
            rows.append(("cold build", *median_of(args.runs, BUILD, str(corpus), str(site))))
            rows.append(("rebuild, nothing changed", *median_of(args.runs, BUILD, str(corpus), str(site))))
            changed = corpus / "understanding" / "article-0.md"

            def touch_article() -> None:
                changed.write_text(changed.read_text() + f"\nEdited at {time.time()}.\n")

            rows.append(("rebuild, one article", *median_of(args.runs, BUILD, str(corpus), str(site), prepare=touch_article)))
            for name, seconds, peak in rows:
                print(f"{size:>8}  {name:<24} {seconds:>8.2f} {seconds / floor:>6.2f} {peak:>8.0f} {1000 * seconds / size:>8.2f}")


if __name__ == "__main__":
    main()
