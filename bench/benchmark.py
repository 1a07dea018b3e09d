"""Benchmark Thaw's build against the floor (read + front matter + Markdown render + write), on one generated corpus.

Usage: python bench/benchmark.py [--sizes 1000 5000] [--runs 5]

For each size, in one run on the same corpus: the floor; a cold build (no output, no cache) that finds no compiled
templates, and one that finds them (as Python finds its .pyc files); a rebuild with
nothing changed; a rebuild after one article changed; after one article's title changed (every listing shows it); after a template changed. Each measurement runs
in a fresh process and reports the time measured inside it (after imports, for the floor and for Thaw alike).
The runs are interleaved: each round measures every row once, in order, so the floor and the build it is compared
with see the same machine (a shared machine's speed drifts by 10-20% over minutes). The table shows each row's median
seconds over --runs rounds, its ratio to the floor (the median of the rounds' ratios), the peak memory (the largest
max RSS of the process and any worker it forked) and the cost per article. A benchmark, not a test: nothing asserts.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

FLOOR = r'''
import sys, time, yaml
from pathlib import Path
from thaw.markdown.parser import parser
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

FLOOR_LIBYAML = FLOOR.replace("yaml.safe_load(front)", "yaml.load(front, Loader=yaml.CSafeLoader)")

BUILD = r'''
import sys, time
from pathlib import Path
from thaw.config.settings import load_config
from thaw.build.publish import build
start = time.perf_counter()
result = build(load_config(None, {"content": Path(sys.argv[1]), "output": Path(sys.argv[2]), "base_url": "https://example.org/"}))
print(result.rendered, file=sys.stderr)
print(time.perf_counter() - start)
'''

# A cold build that finds no compiled templates (the first build after installing or changing Thaw).
BUILD_UNCOMPILED = 'import os\nos.environ["THAW_NO_TEMPLATE_CACHE"] = "1"\n' + BUILD

# The dev server (`serve`): edit an article, then time the reload check and the page request that shows the edit.
SERVE = r'''
import sys, time
from pathlib import Path
from thaw.config.settings import load_config
from thaw.serve.devserver import make_wsgi
config = load_config(None, {"content": Path(sys.argv[1]), "output": Path(sys.argv[2]), "base_url": "/"})
client = __import__("werkzeug.test", fromlist=["Client"]).Client(make_wsgi(config))
client.get("/understanding/article-0/")
changed = Path(sys.argv[1]) / "understanding" / "article-0.md"
marker = f"Changed at {time.time()}."
changed.write_text(changed.read_text() + "\n" + marker + "\n")
time.sleep(0.25)  # the reload check runs at most five times a second
start = time.perf_counter()
response = client.get("/understanding/article-0/")
assert marker.encode() in response.get_data(), "the edit did not show"
print(time.perf_counter() - start)
'''

# Runs a script as its child and prints the child's peak memory (its workers included) in kB.
PEAK = r'''
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
if done.returncode:
    sys.exit(done.returncode)
print(done.stdout.strip().splitlines()[-1], resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
'''

TEMPLATE = ROOT / "site" / "web" / "templates" / "partials" / "article_card.html"


def measure(script: str, *args: str) -> tuple[float, float]:
    """Run a script in a fresh interpreter; return (seconds it reports, its peak memory in MB)."""
    process = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT)
    if process.returncode:
        raise SystemExit(f"a measured run failed:\n{process.stderr}")
    seconds, peak_kb = process.stdout.split()
    return float(seconds), int(peak_kb) / 1024


Row = tuple[str, str, tuple[str, ...], Callable[[], None] | None]  # name, script, its arguments, what to do first


def measure_rounds(rows: list[Row], runs: int) -> list[tuple[str, float, float, float]]:
    """Run every row once per round, in order; return (name, median seconds, median ratio to the first row, peak MB)."""
    results: dict[str, list[tuple[float, float]]] = {name: [] for name, *_ in rows}
    ratios: dict[str, list[float]] = {name: [] for name, *_ in rows}
    for _ in range(runs):
        floor = None
        for name, script, args, prepare in rows:
            if prepare:
                prepare()
            os.sync()  # the last run's writes and deletions reach the disk now, not during this run's timing
            seconds, peak = measure(script, *args)
            floor = floor or seconds
            results[name].append((seconds, peak))
            ratios[name].append(seconds / floor)
    return [(name, statistics.median(s for s, _ in found), statistics.median(ratios[name]), max(p for _, p in found)) for name, found in results.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=None, help="where to write the corpus and the sites (default: the system's temporary folder; /dev/shm takes the disk out of the figures)")
    args = parser.parse_args()
    original_template = TEMPLATE.read_bytes()
    print(f"corpus and output in {args.folder or tempfile.gettempdir()}; median of {args.runs} interleaved rounds")
    print(f"{'articles':>8}  {'measurement':<28} {'seconds':>8} {'× floor':>8} {'peak MB':>8} {'ms/article':>10}")
    try:
        for size in args.sizes:
            with tempfile.TemporaryDirectory(dir=args.folder) as folder:
                corpus, floor_out, site = Path(folder) / "content", Path(folder) / "floor", Path(folder) / "site"
                generate(corpus, size)
                build_args = (str(corpus), str(site))

                def cold() -> None:
                    shutil.rmtree(site, ignore_errors=True)
                    shutil.rmtree(site.parent / f".{site.name}.thaw-cache", ignore_errors=True)

                changed = corpus / "understanding" / "article-0.md"

                def touch_article() -> None:
                    changed.write_text(changed.read_text() + f"\nEdited at {time.time()}.\n")

                titled = corpus / "causes" / "article-1.md"

                def touch_title() -> None:
                    text = titled.read_text()
                    old = next(line for line in text.splitlines() if line.startswith("title: "))
                    titled.write_text(text.replace(old, f"title: Generated article 1, retitled at {time.time()}", 1))

                def touch_template() -> None:
                    TEMPLATE.write_bytes(original_template + f"{{# edited at {time.time()} #}}\n".encode())

                def restore_template() -> None:
                    TEMPLATE.write_bytes(original_template)

                floor_args = (str(corpus), str(floor_out))
                rows: list[Row] = [
                    ("floor", FLOOR, floor_args, None),
                    ("floor with libyaml", FLOOR_LIBYAML, floor_args, None),
                    ("cold, templates not compiled", BUILD_UNCOMPILED, build_args, cold),
                    ("cold build", BUILD, build_args, cold),
                    ("rebuild, nothing changed", BUILD, build_args, None),
                    ("rebuild, one article changed", BUILD, build_args, touch_article),
                    ("rebuild, one title changed", BUILD, build_args, touch_title),
                    ("rebuild, a template changed", BUILD, build_args, touch_template),
                    ("serve: an edit shown (+poll)", SERVE, build_args, restore_template),
                ]
                for name, seconds, ratio, peak in measure_rounds(rows, args.runs):
                    shown = "" if name.startswith("serve") else f"{ratio:.2f}"  # a wait, not a build: no ratio
                    print(f"{size:>8}  {name:<28} {seconds:>8.2f} {shown:>8} {peak:>8.0f} {1000 * seconds / size:>10.3f}", flush=True)
                restore_template()
    finally:
        TEMPLATE.write_bytes(original_template)


if __name__ == "__main__":
    main()
