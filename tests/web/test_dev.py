"""The dev server: drafts shown, problems shown in the browser, live reload when files change."""
from __future__ import annotations

import html
import os
import time
from pathlib import Path

from thaw.web.app import create_app

from conftest import TODAY, article


def touch_later(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def test_live_reload_answers_no_change_then_refresh(make_content, make_config) -> None:
    content = make_content({"a.md": article()})
    app = create_app(make_config(content, base_url="/"), dev=True, today=TODAY)
    site = app.extensions["thaw"]
    client = app.test_client()
    page = client.get("/understanding/a/").get_data(as_text=True)
    poll = f"/_thaw/reload/{site.stamp}/"
    assert f'hx-get="{poll}"' in page and 'hx-trigger="every 250ms"' in page
    assert client.get(poll).status_code == 204
    touch_later(content / "a.md", article("A new title"))
    site._checked = 0.0
    response = client.get(poll)
    assert response.headers.get("HX-Refresh") == "true"
    assert "A new title" in client.get("/understanding/a/").get_data(as_text=True)


def test_dev_server_shows_problems_in_the_page_and_recovers(make_content, make_config) -> None:
    content = make_content({"a.md": article()})
    app = create_app(make_config(content, base_url="/"), dev=True, today=TODAY)
    client = app.test_client()
    touch_later(content / "a.md", article(order="soon"))
    app.extensions["thaw"]._checked = 0.0
    response = client.get("/")
    assert response.status_code == 500
    assert '"order" must be a whole number' in html.unescape(response.get_data(as_text=True))
    assert "/_thaw/reload/" in response.get_data(as_text=True)  # so fixing the file reloads the page
    touch_later(content / "a.md", article("Fixed"))
    app.extensions["thaw"]._checked = 0.0
    assert client.get("/").status_code == 200


def test_dev_server_shows_drafts(make_content, make_config) -> None:
    content = make_content({"a.md": article(), "d.md": article("Work in progress", draft="true")})
    client = create_app(make_config(content, base_url="/"), dev=True, today=TODAY).test_client()
    page = client.get("/understanding/d/").get_data(as_text=True)
    assert "Work in progress" in page and "Draft" in page


def test_built_app_has_no_dev_routes(app) -> None:
    assert not [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/_thaw")]


def test_dev_server_serves_under_the_base_path_like_the_host(make_content, make_config) -> None:
    from werkzeug.test import Client

    from thaw.serve.devserver import make_wsgi

    content = make_content({"a.md": article("Hello")})
    client = Client(make_wsgi(make_config(content, base_url="https://example.org/practice/")))
    response = client.get("/practice/understanding/a/")
    assert response.status_code == 200
    assert 'href="/practice/understanding/"' in response.get_data(as_text=True)
    assert client.get("/").headers["Location"] == "/practice/"


def test_a_reload_renders_only_the_articles_that_changed(make_content, make_config, monkeypatch) -> None:
    import thaw.catalog.load as catalog_module

    content = make_content({f"a{n}.md": article(f"Article {n}") for n in range(6)})
    app = create_app(make_config(content, base_url="/"), dev=True, today=TODAY)
    site = app.extensions["thaw"]
    rendered: list[str] = []
    original = catalog_module.render_article
    monkeypatch.setattr(catalog_module, "render_article", lambda a, *rest, **named: rendered.append(a.slug) or original(a, *rest, **named))
    touch_later(content / "a3.md", article("Article 3", body="Words written just now.\n"))
    site._checked = 0.0
    assert "Words written just now." in app.test_client().get("/understanding/a3/").get_data(as_text=True)
    assert rendered == ["a3"], "the other five came from the in-memory cache"
