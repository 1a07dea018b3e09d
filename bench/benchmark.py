"""Benchmark Thaw's build against the floor (read + front matter + Markdown render + write), on generated corpora.

Usage: python bench/benchmark.py [--folder /dev/shm] [--corpus simple|realistic|both] [--large] [--runs 5]

The floor is the least a static-site generator must do: read every article, parse its front matter with libyaml
(yaml.CSafeLoader, the parser Thaw itself uses), render its Markdown with Thaw's markdown-it-py setup and write the
HTML. It is the reference row: every ratio is to it. The same floor with PyYAML's pure-Python loader is shown as an
extra row (a slower floor would flatter Thaw's ratios). Without libyaml the script says so loudly, on stdout and
stderr, and falls back to the pure-Python floor as the reference.

For each corpus and size, in one run on the same corpus: the two floors; a cold build (no output, no cache) that
finds no compiled templates, and one that finds them (as Python finds its .pyc files); a rebuild with nothing
changed; after one article changed; after one article's title changed (every listing shows it); after a template
changed (skip it with --no-template-row: it edits a file in site/); and `serve` showing an edit.

Every build row is measured twice, each in a fresh process:
  in-process  the time measured inside a script that calls thaw.build.publish.build, after its imports (as before);
  whole       `python build.py build --content … --output … --base-url …`, the command a user types, timed from
              outside: interpreter start-up, imports, configuration and exit included, i.e. what a user waits for.
The floors report both from one process (its own timer, and the wall time of the whole process).

The runs are interleaved: each round measures every row once, in order, so the floor and the build it is compared
with see the same machine (a shared machine's speed drifts by 10-20% over minutes). The table shows each row's median
seconds over --runs rounds, its ratio to the floor (the median of the rounds' ratios, in-process to in-process and
whole to whole), the peak memory (the largest max RSS of the process and any worker it forked) and whole-process
milliseconds per article, and how far the rounds spread. A benchmark, not a test: nothing asserts.
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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
    yaml.load(front, Loader=yaml.LOADER)
    html = md.render(body)
    target = out / path.relative_to(src).with_suffix(".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
print(time.perf_counter() - start)
'''
FLOOR_LIBYAML = FLOOR.replace("yaml.LOADER", "yaml.CSafeLoader")
FLOOR_PURE = FLOOR.replace("yaml.LOADER", "yaml.SafeLoader")
HAVE_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False)) and hasattr(yaml, "CSafeLoader")

# The configuration is the one `build.py build --content C --output O --base-url U` makes in a folder without a
# thaw.toml (every measured process runs in the corpus's folder), so the in-process and whole-process runs share
# their cache: each one's "nothing changed" is really nothing changed.
BUILD = r'''
import sys, time
from pathlib import Path
from thaw.config.settings import load_config
from thaw.build.publish import build
start = time.perf_counter()
result = build(load_config(None, {"content": Path(sys.argv[1]), "output": Path(sys.argv[2]), "base_url": sys.argv[3]}))
print(result.rendered, file=sys.stderr)
print(time.perf_counter() - start)
'''

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

# Runs a command as its child; prints the child's wall time (timed from outside: start-up, imports and exit
# included), its peak memory (its workers included) in kB, and then its own output.
OUTSIDE = r'''
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
sys.stderr.write(done.stderr)
if done.returncode:
    sys.exit(done.returncode)
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stdout.write(done.stdout)
'''

TEMPLATE = ROOT / "site" / "web" / "templates" / "partials" / "article_card.html"
BASE_URL = "https://example.org/"
CORPORA = {
    "simple": "generate.py's default: ~1,050 words an article from a 56-word vocabulary, the same headings in each",
    "realistic": "generate.py --realistic: ~1,200 words from ~25,000 distinct words, varied structure, links between articles",
}


@dataclass
class Run:
    """One measured process: what it reported about itself (in-process seconds, if it reports them), its wall time."""

    inside: float | None
    wall: float
    peak_mb: float
    stdout: str


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None, reports_seconds: bool = True) -> Run:
    """Run a command in a fresh process, timed from outside it."""
    process = subprocess.run([sys.executable, "-c", OUTSIDE, *command], capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})})
    if process.returncode:
        raise SystemExit(f"a measured run failed: {' '.join(command[:4])} …\n{process.stderr}")
    first, _, rest = process.stdout.partition("\n")
    wall, peak_kb = first.split()
    inside = float(rest.strip().splitlines()[-1]) if reports_seconds else None
    return Run(inside, float(wall), int(peak_kb) / 1024, rest)


@dataclass
class Row:
    name: str
    inside: list[str]  # the script that times itself (python -c …), with its arguments
    whole: list[str] | None  # the command a user runs, timed from outside (None: the inside run's own wall time)
    prepare: Callable[[], None] | None = None
    env: dict[str, str] = field(default_factory=dict)
    expect: str = ""  # a word the whole run's output must contain (checks that a rebuild did what its name says)
    reference: bool = False
    ratio: bool = True  # False for a wait that is not a build (serve)
    wall: bool = True  # False: no whole-process figure (serve: its wall time is mostly a server starting)


@dataclass
class Result:
    inside: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    inside_ratio: list[float] = field(default_factory=list)
    wall_ratio: list[float] = field(default_factory=list)
    peak: float = 0.0


def measure_rounds(rows: list[Row], runs: int, cwd: Path) -> dict[str, Result]:
    """Run every row once per round, in order; the ratios are to the reference row of the same round."""
    results = {row.name: Result() for row in rows}
    for _ in range(runs):
        floor: Run | None = None
        for row in rows:
            result = results[row.name]
            runs_of_row: list[Run] = []
            for command, reports in ((row.inside, True), (row.whole, False)):
                if command is None:
                    continue
                if row.prepare:
                    row.prepare()
                os.sync()  # the last run's writes and deletions reach the disk now, not during this run's timing
                run = measure(command, cwd, row.env, reports_seconds=reports)
                if not reports and row.expect and row.expect not in run.stdout:
                    print(f"warning: {row.name}: the build did not say {row.expect!r}:\n{run.stdout}", file=sys.stderr)
                runs_of_row.append(run)
                result.peak = max(result.peak, run.peak_mb)
            inside, whole = runs_of_row[0], runs_of_row[-1]  # the same run when the row has no separate whole command
            if row.reference:
                floor = inside
            assert inside.inside is not None
            result.inside.append(inside.inside)
            if floor and floor.inside:
                result.inside_ratio.append(inside.inside / floor.inside)
            if row.wall:
                result.wall.append(whole.wall)
                if floor:
                    result.wall_ratio.append(whole.wall / floor.wall)
    return results


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def machine() -> str:
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor()
    load = ", load %.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    usable_text = f" ({usable} usable by this process)" if usable != cores else ""
    return f"{cores} cores{usable_text}, {model or platform.machine()}, {platform.system()} {platform.release()}{load}"


COLUMNS = f"{'corpus':<10} {'articles':>8}  {'measurement':<30} {'in-proc s':>9} {'× floor':>7} {'whole s':>8} {'× floor':>7} {'spread':>6} {'peak MB':>7} {'ms/art':>7}"


def line(corpus: str, size: int, name: str, result: Result, ratio: bool) -> str:
    def number(value: float, width: int) -> str:
        return f"{'—':>{width}}" if math.isnan(value) else f"{value:>{width}.2f}"

    inside, wall = median(result.inside), median(result.wall)
    inside_ratio = median(result.inside_ratio) if ratio else math.nan
    wall_ratio = median(result.wall_ratio) if ratio else math.nan
    per_article = math.nan if math.isnan(wall) else 1000 * wall / size
    spread_of = result.wall or result.inside  # half the range of the rounds, in % of the median: how noisy the machine was
    spread = f"±{50 * (max(spread_of) - min(spread_of)) / statistics.median(spread_of):.0f}%" if len(spread_of) > 1 else "—"
    return (
        f"{corpus:<10} {size:>8}  {name:<30} {number(inside, 9)} {number(inside_ratio, 7)} {number(wall, 8)} {number(wall_ratio, 7)}"
        f" {spread:>6} {result.peak:>7.0f} {number(per_article, 7)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000], help="corpus sizes (default: 1000)")
    parser.add_argument("--large", action="store_true", help="also measure 5,000 articles")
    parser.add_argument("--corpus", choices=("simple", "realistic", "both"), default="simple", help="which generated corpus (default: simple)")
    parser.add_argument("--realistic", action="store_const", const="realistic", dest="corpus", help="the same as --corpus realistic")
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds; each row shows the median (default: 5)")
    parser.add_argument("--no-template-row", action="store_true", help="skip the row that edits site/web/templates/partials/article_card.html (and restores it)")
    parser.add_argument("--folder", type=Path, default=None, help="where to write the corpus and the sites (default: the system's temporary folder; /dev/shm takes the disk out of the figures)")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + [5000] * args.large))
    corpora = ["simple", "realistic"] if args.corpus == "both" else [args.corpus]

    python = sys.executable
    now = dt.datetime.now().astimezone()
    print(f"Thaw build benchmark, {now:%Y-%m-%d %H:%M %Z}")
    print(f"machine: {machine()}")
    libyaml = "with libyaml (the floor parses front matter with yaml.CSafeLoader)" if HAVE_LIBYAML else "WITHOUT LIBYAML"
    print(f"Python {platform.python_version()}, PyYAML {yaml.__version__} {libyaml}")
    if not HAVE_LIBYAML:
        warning = (
            "!!! libyaml is missing (yaml.__with_libyaml__ is False): the reference floor falls back to PyYAML's pure-Python\n"
            "!!! loader, which is slower, so every '× floor' below flatters Thaw. Install libyaml (libyaml-dev) and\n"
            "!!! reinstall PyYAML to measure against the real floor."
        )
        print(warning)
        print(warning, file=sys.stderr)
    for corpus in corpora:
        print(f"corpus {corpus}: {CORPORA[corpus]}")
    print(f"corpus and output in {args.folder or tempfile.gettempdir()}; median of {args.runs} interleaved round{'s' * (args.runs != 1)}")
    print(f"whole = `{Path(python).name} build.py build --content … --output … --base-url {BASE_URL}` timed from outside (start-up and imports included);")
    print("in-proc = timed inside the process after its imports; × floor = median of each round's ratio to the floor of that round;")
    print("spread = half the range of the whole-process seconds over the rounds, in % of their median (in-process when there is no whole);")
    print("peak MB = the largest max RSS of the process and its workers; ms/art = whole-process milliseconds per article")
    print()
    print(COLUMNS)

    original_template = TEMPLATE.read_bytes()
    template_marker = b"{# benchmark edit"

    def restore_template() -> None:  # only our own edit, so an edit someone else makes meanwhile is left alone
        current = TEMPLATE.read_bytes()
        if current != original_template and current.startswith(original_template) and template_marker in current[len(original_template):]:
            TEMPLATE.write_bytes(original_template)

    try:
        for corpus_kind in corpora:
            for size in sizes:
                with tempfile.TemporaryDirectory(dir=args.folder) as folder:
                    here = Path(folder)
                    corpus, floor_out, site = here / "content", here / "floor", here / "site"
                    generate(corpus, size, realistic=corpus_kind == "realistic")
                    build_args = [str(corpus), str(site), BASE_URL]
                    cli = [python, str(ROOT / "build.py"), "build", "--content", str(corpus), "--output", str(site), "--base-url", BASE_URL]

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
                        titled.write_text(text.replace(old, f'title: "Generated article 1, retitled at {time.time()}"', 1))

                    def touch_template() -> None:
                        TEMPLATE.write_bytes(original_template + template_marker + f" at {time.time()} #}}\n".encode())

                    if HAVE_LIBYAML:
                        floors = [
                            Row("floor, libyaml (reference)", [python, "-c", FLOOR_LIBYAML, str(corpus), str(floor_out)], None, reference=True),
                            Row("floor, pure-Python YAML", [python, "-c", FLOOR_PURE, str(corpus), str(floor_out)], None),
                        ]
                    else:
                        floors = [Row("floor, PURE-PYTHON YAML (!)", [python, "-c", FLOOR_PURE, str(corpus), str(floor_out)], None, reference=True)]
                    inside = [python, "-c", BUILD, *build_args]
                    rows = floors + [
                        Row("cold, templates not compiled", inside, cli, cold, {"THAW_NO_TEMPLATE_CACHE": "1"}, "all rendered"),
                        Row("cold build", inside, cli, cold, expect="all rendered"),
                        Row("rebuild, nothing changed", inside, cli, expect="nothing had changed"),
                        Row("rebuild, one article changed", inside, cli, touch_article, expect="rendered, the rest unchanged"),
                        Row("rebuild, one title changed", inside, cli, touch_title, expect="rendered, the rest unchanged"),
                    ]
                    if not args.no_template_row:
                        rows.append(Row("rebuild, a template changed", inside, cli, touch_template))
                    rows.append(Row("serve: an edit shown (+poll)", [python, "-c", SERVE, *build_args[:2]], None, restore_template, ratio=False, wall=False))
                    results = measure_rounds(rows, args.runs, here)
                    for row in rows:
                        print(line(corpus_kind, size, row.name, results[row.name], row.ratio), flush=True)
                    restore_template()
        print(f"\nfinished {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {machine().rsplit(', ', 1)[-1]}")
    finally:
        restore_template()


if __name__ == "__main__":
    main()
