"""Print requests and bytes transferred (gzip, as a host sends them) for each page type of the sample site.

Usage: python bench/page_weight.py   (needs Debian's chromium). Target: an article under 40 KB in all, at most 6 requests.
"""
from __future__ import annotations

from playwright.sync_api import sync_playwright

from _site import CHROMIUM, CHROMIUM_ARGS, PAGES, served_sample


def weigh(browser, url: str) -> tuple[int, int]:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    context.close()
    return len(sizes), sum(sizes.values())


def main() -> None:
    with served_sample() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"{'page type':<16} {'requests':>8} {'bytes (gzip, with headers)':>28}")
        for name, path in PAGES.items():
            requests, size = weigh(browser, base + path)
            print(f"{name:<16} {requests:>8} {size:>28,}")
        browser.close()


if __name__ == "__main__":
    main()
