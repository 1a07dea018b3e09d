"""Print the bytes one full grounding session transfers with htmx (panel swaps) and with full page loads.

Usage: python bench/exercise_bytes.py [CONTENT_DIR]   (builds the sample site into a temporary folder; needs Debian's chromium)
"""
from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Error, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from thaw.config.settings import load_config  # noqa: E402
from thaw.build.publish import build  # noqa: E402
from thaw.serve.staticserver import StaticSite  # noqa: E402

WALK = ["7", "Next", "Next", "Next", "Next", "Finish", "3"]


def session(browser, url: str, javascript: bool) -> tuple[int, int, int]:
    """Requests, raw bytes and gzip bytes of one grounding session (first page load included)."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    bodies: list[bytes] = []
    requests = [0]

    def record(response) -> None:
        requests[0] += 1
        if response.status < 300:
            try:
                bodies.append(response.body())  # read now: a body is gone once the page navigates away
            except Error:
                pass  # a request cancelled by the next navigation (a favicon, say) transferred nothing to count

    page.on("response", record)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    for label in WALK:
        before = page.url
        page.locator("#panel").get_by_role("link", name=label, exact=True).first.click()
        page.wait_for_url(lambda current: current != before)
        page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    context.close()
    return requests[0], sum(len(b) for b in bodies), sum(len(gzip.compress(b, 9)) for b in bodies)


def main() -> None:
    content = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "practice"
        config = load_config(ROOT / "thaw.toml", {"base_url": "/practice/", "output": out, "content": content})
        build(config)
        server = StaticSite(out, "/practice/").start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"{'one grounding session':<28} {'requests':>8} {'bytes':>9} {'gzip':>8}")
            for label, javascript in (("htmx (panel swaps)", True), ("full page loads (no JS)", False)):
                requests, raw, packed = session(browser, server.url + "exercises/grounding/", javascript)
                print(f"{label:<28} {requests:>8} {raw:>9,} {packed:>8,}")
            browser.close()
        server.stop()


if __name__ == "__main__":
    main()
