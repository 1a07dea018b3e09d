"""The opt-in offline copy: nothing until the visitor asks; then the exercises and crisis page work offline."""
from __future__ import annotations

from pathlib import Path

from conftest import state_path
from test_browser_exercises import wait_until


def test_service_worker_is_written_with_a_content_version(built_site: Path) -> None:
    worker = (built_site / "sw.js").read_text()
    assert '"/practice/help-now/"' in worker and f'"/practice/{state_path("grounding", "go/see")}"' in worker
    assert f'"/practice/{state_path("grounding", "7/see")}"' not in worker
    assert 'var VERSION = "' in worker and "__VERSION__" not in worker


def test_offline_copy_only_after_the_visitor_asks_and_removable(browser, served_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + "exercises/")
    save = page.get_by_role("button", name="Keep the exercises available offline on this device")
    assert save.is_visible()
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => !!r)") is False
    assert page.evaluate("caches.keys()") == []
    save.click()
    page.get_by_text("Saved.").wait_for()
    wait_until(page, "() => caches.keys().then(k => k.length === 1)")
    context.set_offline(True)
    page.goto(served_site + state_path("grounding", "go/see"))
    assert page.locator("#panel-title").inner_text() == "Notice 5 things you can see"
    page.goto(served_site + state_path("grounding", "7/feel"))  # a numbered rating falls back to its unrated twin
    assert page.locator("#panel-title").inner_text() == "Notice 4 things you can feel"
    page.goto(served_site + "help-now/")
    assert page.locator("a[href='tel:988']").first.is_visible()
    context.set_offline(False)
    page.goto(served_site + "browsing-safely/")
    page.get_by_role("button", name="Remove the offline copy").click()
    page.get_by_text("Removed.").wait_for()
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => !!r)") is False
    context.close()


def test_offline_can_be_turned_off(tmp_path: Path, make_content) -> None:
    from thaw.config.settings import load_config
    from thaw.build.publish import build

    from conftest import TODAY, article

    path = tmp_path / "thaw.toml"
    path.write_text("[safety]\noffline = false\n")
    config = load_config(path, {"content": make_content({"a.md": article()}), "output": tmp_path / "out"})
    build(config, today=TODAY)
    assert not (tmp_path / "out" / "sw.js").exists()
    assert "data-offline" not in (tmp_path / "out" / "exercises" / "index.html").read_text()


def test_a_rebuild_that_changes_a_cached_page_updates_the_worker(built_site: Path, tmp_path: Path) -> None:
    import re
    import shutil

    from thaw.build.offline import write_service_worker

    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    template = (Path(__file__).resolve().parents[2] / "site" / "web" / "static" / "sw.template.js").read_text()
    version = lambda: re.search(r'VERSION = "(\w+)"', (copy / "sw.js").read_text()).group(1)  # noqa: E731
    write_service_worker(copy, "/practice/", template)
    first = version()
    write_service_worker(copy, "/practice/", template)
    assert version() == first  # same files, same worker: nothing to update
    page = copy / "help-now" / "index.html"
    page.write_text(page.read_text().replace("Get help now", "Get help right now"))
    write_service_worker(copy, "/practice/", template)
    assert version() != first


def test_the_spanish_offline_copy_keeps_the_spanish_exercises_and_crisis_page(browser, served_site: str) -> None:
    """One offline copy for the whole site: saved from a Spanish page, it keeps the Spanish exercises and Get help
    now, and a Spanish page it does not hold falls back to the Spanish crisis page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + "es/exercises/")
    page.get_by_role("button", name="Guardar los ejercicios para usarlos sin conexión en este dispositivo").click()
    page.get_by_text("Guardado.").wait_for()
    wait_until(page, "() => caches.keys().then(k => k.length === 1)")
    context.set_offline(True)
    page.goto(served_site + "es/" + state_path("grounding", "go/see"))
    assert page.locator("#panel-title").inner_text() == "Fíjate en 5 cosas que puedas ver"
    page.goto(served_site + "es/understanding/what-is-numbness/")  # not kept: the Spanish crisis page answers
    assert page.locator("html").get_attribute("lang") == "es" and page.locator("a[href='tel:988']").first.is_visible()
    context.set_offline(False)
    page.goto(served_site + "es/browsing-safely/")
    page.get_by_role("button", name="Quitar la copia sin conexión").click()
    page.get_by_text("Copia quitada.").wait_for()
    context.close()
