"""A real browser on the frozen site, served by a plain static server under /practice/."""
from __future__ import annotations

from urllib.parse import urlsplit

from conftest import state_path


def watch(page) -> dict[str, list]:
    seen: dict[str, list] = {"responses": [], "failed": [], "errors": []}
    page.on("response", lambda r: seen["responses"].append((r.status, r.url)))
    # A request cancelled by the next navigation (net::ERR_ABORTED) is not a failure; a missing file shows up as a 404.
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and seen["failed"].append((r.url, r.failure)))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    return seen


def test_visitor_reads_home_an_article_and_follows_a_link(browser, served_site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    seen = watch(page)
    page.goto(served_site)
    assert page.locator("h1").inner_text() == "Thaw"
    assert page.get_by_role("banner").get_by_role("link", name="Get help now").is_visible()
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Understanding numbness").click()
    page.wait_for_url("**/practice/understanding/")
    page.locator(".cards a").first.click()
    page.wait_for_url("**/practice/understanding/*/")
    assert page.locator("article h1").is_visible()
    assert page.locator(".crisis-bar a[href^='tel:']").first.is_visible()
    internal = page.locator(".prose a[href^='/practice/']").first
    target = internal.get_attribute("href")
    internal.click()
    page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(target).path)
    assert page.locator("h1").count() == 1
    page.go_back()
    page.get_by_role("banner").get_by_role("link", name="Get help now").click()
    page.wait_for_url("**/practice/help-now/")
    host = urlsplit(served_site).netloc
    assert seen["failed"] == [] and seen["errors"] == []
    assert [r for r in seen["responses"] if r[0] >= 400] == []
    assert all(urlsplit(url).netloc == host for _, url in seen["responses"]), "a request left the site"
    assert not [url for _, url in seen["responses"] if url.endswith("favicon.ico")]
    context.close()


def test_missing_page_shows_the_sites_404(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    response = page.goto(served_site + "no-such-page/")
    assert response.status == 404
    assert "We could not find that page" in page.locator("h1").inner_text()
    page.get_by_role("link", name="home page").click()
    page.wait_for_url(served_site)
    context.close()


def test_serve_reloads_the_page_when_an_article_changes(browser, make_content, make_config) -> None:
    import os
    import threading
    import time

    from werkzeug.serving import make_server

    from thaw.serve.devserver import make_wsgi

    from conftest import article

    content = make_content({"a.md": article("Before the change")})
    server = make_server("127.0.0.1", 0, make_wsgi(make_config(content, base_url="/practice/")), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(f"http://127.0.0.1:{server.server_port}/practice/understanding/a/")
        assert page.locator("h1").inner_text() == "Before the change"
        (content / "a.md").write_text(article("After the change"), encoding="utf-8")
        later = time.time() + 5
        os.utime(content / "a.md", (later, later))
        from test_browser_exercises import wait_until

        wait_until(page, "() => document.querySelector('h1').textContent === 'After the change'")
        assert errors == []
        page.close()
    finally:
        server.shutdown()


def quick_exit_page(browser):
    context = browser.new_context()
    # The neutral site is answered by the test itself: no request leaves this machine.
    context.route("https://www.google.com/**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Neutral</title>"))
    page = context.new_page()
    page.goto("about:blank")
    return context, page


def test_quick_exit_button_replaces_the_history_entry(browser, served_site: str) -> None:
    context, page = quick_exit_page(browser)
    page.goto(served_site + "understanding/what-is-numbness/")
    page.get_by_role("link", name="Leave this site").click()
    page.wait_for_url("https://www.google.com/")
    page.go_back()
    assert not page.url.startswith(served_site), "the back button returned to the site"
    context.close()


def test_pressing_shift_three_times_leaves_the_site(browser, served_site: str) -> None:
    context, page = quick_exit_page(browser)
    page.goto(served_site)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://www.google.com/")
    context.close()


def test_quick_exit_is_a_plain_link_without_javascript(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site)
    assert page.get_by_role("link", name="Leave this site").get_attribute("href") == "https://www.google.com/"
    context.close()


PAGE_TYPES = ["", "understanding/", "understanding/what-is-numbness/", "tags/", "tags/numbness/", "articles/", "help-now/",
              "privacy/", "browsing-safely/", "search/", "exercises/", state_path("grounding", "go/see"),
              state_path("breathing", "go/box/1"), state_path("worksheets", "safety-plan"), "404.html"]


def test_no_page_type_stores_anything_or_talks_to_another_host(browser, served_site: str) -> None:
    from test_browser_exercises import assert_clean, open_page

    context, page, seen = open_page(browser)
    for path in PAGE_TYPES:
        page.goto(served_site + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.cookie") == "", path
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0, path
        assert page.evaluate("navigator.serviceWorker.controller") is None, path
        assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()
