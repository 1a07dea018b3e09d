"""Measure the site search on an evaluation set: top-3 accuracy, zero-result rate and gzip bytes fetched per query.

Usage: python bench/search_eval.py [--site BUILT_SITE] [--content CONTENT_DIR] [--queries bench/search_queries.toml] [--json]
Builds the site into a temporary folder (unless --site names a built one) and runs every query through search.js
itself with node, reading the index files from disk, so the figures are the browser engine's. A query is typed as a
visitor types it (no trailing space, so the last word also matches as a prefix). Bytes are each fetched file's gzip
size (level 6, what a web server sends), counting a file once per query (the page keeps what it fetched).
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCH_JS = ROOT / "site" / "web" / "static" / "search.js"
BASE = "/practice/"

HARNESS = r"""
const fs = require("fs"), path = require("path");
global.window = {}; global.document = {addEventListener() {}};
process.argv.slice(3).forEach(script => require(script));  /* a language's stemmer, loaded before search.js as on the page */
require(process.argv[1]);
const folder = process.argv[2];
const given = JSON.parse(fs.readFileSync(0, "utf8")), queries = given.queries, site = given.site;
(async () => {
  const out = [];
  for (const query of queries) {
    const fetched = [];
    const cache = new Map();
    const get = name => {
      if (!cache.has(name)) {
        fetched.push(name);
        const file = path.join(folder, name);
        cache.set(name, fs.existsSync(file) ? Promise.resolve(JSON.parse(fs.readFileSync(file, "utf8")))
                                            : Promise.reject(new Error("404 " + name)));
      }
      return cache.get(name);
    };
    const result = await window.thawSearch(query, get, true, site);
    out.push({query, urls: result.found.map(card => card.url), total: result.total, fetched,
              cards: result.found,
              corrected: result.corrected || null});
  }
  process.stdout.write(JSON.stringify(out));
})().catch(error => { console.error(error); process.exit(1); });
"""


@dataclass
class Outcome:
    text: str
    kind: str
    expect: list[str]
    out_of_scope: bool
    urls: list[str]
    total: int
    fetched: list[str]
    gzip_bytes: int
    corrected: str | None
    cards: list[dict] = field(default_factory=list)

    @property
    def rank(self) -> int | None:
        """Where the first expected article came (1-based), or None."""
        wanted = {BASE + slug + "/" for slug in self.expect}
        return next((n for n, url in enumerate(self.urls, 1) if url in wanted), None)


class _SearchPage(HTMLParser):
    """What search.js reads from the search page: the index's shape and the list of every article."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict = {}
        self.list: list[list[str]] = []
        self.details: list | None = None
        self._section, self._in, self._href, self._text = "", "", "", ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "div" and "search" in (values.get("class") or "").split():
            self.meta = json.loads(values["data-meta"] or "{}")
        elif tag == "section" and "all-articles" in (values.get("class") or ""):
            self._in = "list"
        elif tag == "script" and values.get("id") == "search-details":
            self._in, self._text = "details", ""
        elif self._in and tag in ("h3", "a"):
            self._in, self._text, self._href = tag, "", values.get("href") or ""

    def handle_data(self, data: str) -> None:
        if self._in in ("h3", "a", "details"):
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._in == "details" and tag == "script":
            self.details, self._in = json.loads(self._text), ""
        elif self._in == "h3" and tag == "h3":
            self._section, self._in = self._text, "list"
        elif self._in == "a" and tag == "a":
            self.list.append([self._href, self._text, self._section])
            self._in = "list"
        elif tag == "section":
            self._in = ""


def read_search_page(html: str) -> dict:
    """{meta, list, details}: what the search page gives search.js."""
    page = _SearchPage()
    page.feed(html)
    return {"meta": page.meta, "list": page.list, "details": page.details}


def run_queries(search_dir: Path, queries: list[dict], site: dict | None = None, scripts: list[Path] | None = None) -> list[Outcome]:
    """Every query through search.js with node, against the index files in `search_dir` and the search page there
    (or `site`, what a page would give); `scripts` load first (a built site's own stemmer for its language, if any)."""
    texts = [q["text"] for q in queries]
    site = site or read_search_page((search_dir / "index.html").read_text(encoding="utf-8"))
    if scripts is None:
        language = site["meta"].get("language")
        scripts = sorted((search_dir.parent / "assets").glob(f"stemmer-{language}.*.js")) if language else []
    done = subprocess.run(["node", "-e", HARNESS, str(SEARCH_JS), str(search_dir), *map(str, scripts)], input=json.dumps({"queries": texts, "site": site}),
                          capture_output=True, text=True, check=True)
    sizes: dict[str, int] = {}

    def size(name: str) -> int:
        if name not in sizes:
            file = search_dir / name
            sizes[name] = len(gzip.compress(file.read_bytes(), 6)) if file.is_file() else 0
        return sizes[name]

    return [Outcome(q["text"], q.get("kind", ""), q.get("expect", []), q.get("out_of_scope", False), r["urls"], r["total"],
                    r["fetched"], sum(size(n) for n in r["fetched"]), r["corrected"], r["cards"])
            for q, r in zip(queries, json.loads(done.stdout))]


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    inscope = [o for o in outcomes if not o.out_of_scope]
    top3 = sum(1 for o in inscope if o.rank is not None and o.rank <= 3)
    zero = sum(1 for o in inscope if not o.urls)
    sizes = [o.gzip_bytes for o in outcomes]
    return {"in_scope": len(inscope), "top3": top3, "top3_rate": top3 / len(inscope), "zero": zero,
            "zero_rate": zero / len(inscope), "bytes_mean": sum(sizes) / len(sizes), "bytes_max": max(sizes),
            "requests_max": max(len(o.fetched) for o in outcomes),
            "out_of_scope_with_results": sum(1 for o in outcomes if o.out_of_scope and o.urls)}


def table(outcomes: list[Outcome]) -> str:
    lines = [f"{'query':<42} {'kind':<9} {'rank':>4} {'hits':>4} {'req':>3} {'gzip B':>7}  top result"]
    for o in outcomes:
        rank = "out" if o.out_of_scope else (str(o.rank) if o.rank else "-")
        top = o.urls[0].removeprefix(BASE).rstrip("/") if o.urls else "(none)"
        note = f"  [showing {o.corrected}]" if o.corrected else ""
        lines.append(f"{o.text[:42]:<42} {o.kind:<9} {rank:>4} {o.total:>4} {len(o.fetched):>3} {o.gzip_bytes:>7}  {top}{note}")
    s = summary(outcomes)
    lines.append("")
    lines.append(f"top-3 accuracy (in scope): {s['top3']}/{s['in_scope']} = {s['top3_rate']:.0%}")
    lines.append(f"zero results (in scope):   {s['zero']}/{s['in_scope']} = {s['zero_rate']:.0%}")
    lines.append(f"gzip bytes per query:      mean {s['bytes_mean']:.0f}, max {s['bytes_max']}; most requests {s['requests_max']}")
    lines.append(f"out-of-scope queries with results: {s['out_of_scope_with_results']}")
    return "\n".join(lines)


def build_site(content: Path, folder: Path) -> Path:
    from thaw.build.publish import build
    from thaw.config.settings import load_config

    out = folder / "practice"
    build(load_config(ROOT / "thaw.toml", {"base_url": BASE, "output": out, "content": content}), incremental=False)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a site already built with --base-url /practice/")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--queries", type=Path, default=ROOT / "bench" / "search_queries.toml")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    queries = tomllib.loads(args.queries.read_text(encoding="utf-8"))["query"]
    with tempfile.TemporaryDirectory() as folder:
        site = args.site or build_site(args.content, Path(folder))
        outcomes = run_queries(site / "search", queries)
    print(json.dumps(summary(outcomes)) if args.json else table(outcomes))


if __name__ == "__main__":
    sys.exit(main())
