"""Markdown rendering: heading ids, contents, citations, internal links, tables, safety."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from thaw.errors import ProblemsFound
from thaw.web.app import create_app

from conftest import TODAY, article, signed


def render(make_content, make_config, files: dict[str, str], slug: str = "a", **config: object):
    content = make_content(files)
    app = create_app(make_config(content, **config), today=TODAY)
    catalog = app.extensions["thaw"].catalog
    return catalog, catalog.articles[slug]


def test_headings_get_ids_custom_ids_and_unique_ids(make_content, make_config) -> None:
    body = "## The window of tolerance {#window}\n\n## Why it matters!\n\n## Why it matters!\n\n## References\n"
    _, a = render(make_content, make_config, {"a.md": article(body=body)})
    assert '<h2 id="window">The window of tolerance</h2>' in a.html
    assert '<h2 id="why-it-matters">' in a.html and '<h2 id="why-it-matters-1">' in a.html
    assert '<h2 id="references-1">' in a.html  # "references" belongs to the page's reference list


def test_internal_links_become_site_urls_under_the_base_path(make_content, make_config) -> None:
    files = {
        "understanding/a.md": article(body="See [the freeze](../freeze-response/b.md#window).\n"),
        "freeze-response/b.md": article("B", section="freeze-response", body="## Window {#window}\n"),
    }
    _, a = render(make_content, make_config, files)
    assert '<a href="/practice/freeze-response/b/#window">the freeze</a>' in a.html


@pytest.mark.parametrize(
    ("heading", "target"),
    [("## exclude_docs", "exclude_docs"), ("## Two\n\n## Two", "two-1"), ("## foo\\_bar", "foo_bar"), ("## Salt { #salt .x }", "salt")],
    ids=["underscore", "duplicate", "escape", "spaced-braces"],
)
def test_links_reach_headings_by_their_new_ids(make_content, make_config, heading: str, target: str) -> None:
    files = {
        "understanding/a.md": article(body=f"{heading}\n\n[here](#{target}) and [there](../freeze-response/b.md#{target})\n"),
        "freeze-response/b.md": article("B", section="freeze-response", body=heading + "\n"),
    }
    _, a = render(make_content, make_config, files)
    assert f'<a href="#{target}">here</a>' in a.html and f'<a href="/practice/freeze-response/b/#{target}">there</a>' in a.html


def test_external_links_send_no_referrer(make_content, make_config) -> None:
    _, a = render(make_content, make_config, {"a.md": article(body="[NIMH](https://www.nimh.nih.gov/) and [mail](mailto:a@example.org)\n")})
    assert '<a href="https://www.nimh.nih.gov/" rel="noreferrer">NIMH</a>' in a.html
    assert '<a href="mailto:a@example.org">mail</a>' in a.html


def test_citations_are_numbered_in_order_of_first_use(make_content, make_config) -> None:
    body = "One [@va-avoidance]. Two [@nimh-ptsd; @va-avoidance]. Three [@va-avoidance].\n"
    catalog, a = render(make_content, make_config, {"a.md": article(body=body, references="[nimh-ptsd]")})
    assert '<sup class="cite">[<a href="#ref-1" aria-label="Reference 1">1</a>]</sup>' in a.html
    assert 'aria-label="Reference 2">2</a>, <a href="#ref-1"' in a.html
    assert [r.key for r in catalog.references_of(a)] == ["va-avoidance", "nimh-ptsd"]


def test_tables_scroll_on_small_screens_and_footnotes_work(make_content, make_config) -> None:
    body = "| a | b |\n|---|---|\n| 1 | 2 |\n\nA note.[^1]\n\n[^1]: The footnote.\n"
    _, a = render(make_content, make_config, {"a.md": article(body=body)})
    assert '<section class="table-wrap" aria-label="Table: a, b" tabindex="0">\n<p class="table-hint">' in a.html
    assert '</p>\n<table>' in a.html
    assert 'class="footnotes"' in a.html


def test_long_articles_get_a_table_of_contents(make_content, make_config) -> None:
    long = "".join(f"## Part {n}\n\nText.\n\n" for n in range(1, 5)) + "### A detail\n"
    catalog, a = render(make_content, make_config, {"a.md": article(body=long), "b.md": article("B", body="## Only one\n")})
    assert [h.id for h, _ in catalog.toc(a)] == ["part-1", "part-2", "part-3", "part-4"]
    assert [h.id for h in catalog.toc(a)[-1][1]] == ["a-detail"]
    assert catalog.toc(catalog.articles["b"]) == []


def test_drafts_are_left_out_of_builds_but_shown_in_dev(make_content, make_config) -> None:
    content = make_content({"a.md": article(), "d.md": article("Draft", draft="true")})
    built = create_app(make_config(content), today=TODAY).extensions["thaw"].catalog
    dev = create_app(make_config(content), dev=True, today=TODAY).extensions["thaw"].catalog
    assert "d" not in built.articles and "d" in dev.articles


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "iframe", "object", "embed"):
            self.bad.append(tag)
        self.bad += [name for name, _ in attrs if name.startswith("on")]
        self.bad += [f"{name}={value}" for name, value in attrs if name in ("href", "src") and "javascript:" in (value or "").lower()]


def test_nothing_executable_reaches_the_article(make_content, make_config) -> None:
    link = "[a](<javascript:alert(1)>)"
    body = f"<script>x</script>\n\n{link}\n\n<a href=x onclick=y>z</a>\n\n**<b onmouseover=1>hi</b>**\n"
    # The javascript: link reaches the renderer: it is reported with its file and line (the only problem: raw HTML is
    # shown as text), the build stops, and the dev server shows the problem instead of the page.
    content = make_content({"a.md": article(body=body)})
    line = article(body=body).splitlines().index(link) + 1
    with pytest.raises(ProblemsFound) as refused:
        create_app(make_config(content), today=TODAY)
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.message) for p in refused.value.problems] == [
        ("a.md", line, 'the link "javascript:alert(1)" uses "javascript:", which is not allowed')]
    response = create_app(make_config(content), dev=True, today=TODAY).test_client().get("/understanding/a/")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert f"a.md:{line}: the link &#34;javascript:alert(1)&#34; uses &#34;javascript:&#34;, which is not allowed" in page
    scan = _Scripts()
    scan.feed(page)  # the dev page has the site's own scripts (the reloader); no javascript: address
    assert [bad for bad in scan.bad if "javascript:" in bad] == []
    # Without the link the article is published, and the rest of the hostile text is only text.
    content = make_content({"a.md": article(body=body.replace(f"{link}\n\n", ""))})
    html = create_app(make_config(content), today=TODAY).extensions["thaw"].catalog.articles["a"].html
    scan = _Scripts()
    scan.feed(html)
    assert scan.bad == []
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_first_use_of_each_glossary_term_links_to_the_glossary(make_content, make_config) -> None:
    files = {
        "getting-help/glossary.md": article("Glossary", section="getting-help", body="## Dissociation\n\nFeeling cut off.\n\n## Window of tolerance\n\nThe zone.\n"),
        "a.md": article(body="## About dissociation\n\nSee [dissociation here](getting-help/glossary.md) first.\n\n"
                             "Dissociation is common. Dissociation again. Your window of tolerance grows.\n"),
    }
    _, a = render(make_content, make_config, files)
    assert a.html.count('class="term"') == 2
    assert '<a href="/practice/getting-help/glossary/#dissociation" class="term">Dissociation</a> is common. Dissociation again.' in a.html
    assert '<a href="/practice/getting-help/glossary/#window-of-tolerance" class="term">window of tolerance</a>' in a.html
    assert "<h2 id=\"about-dissociation\">About dissociation</h2>" in a.html


def test_glossary_aliases_in_brackets_also_match(make_content, make_config) -> None:
    files = {
        "getting-help/glossary.md": article("Glossary", section="getting-help", body="## Eye movement desensitization and reprocessing (EMDR)\n\nA therapy.\n"),
        "a.md": article(body="EMDR can help. Eye movement desensitization and reprocessing is its full name.\n"),
    }
    _, a = render(make_content, make_config, files)
    assert a.html.count('class="term"') == 1
    assert '<a href="/practice/getting-help/glossary/#eye-movement-desensitization-and-reprocessing-emdr" class="term">EMDR</a> can help.' in a.html


def test_structured_data_names_a_real_review(make_content, make_config) -> None:
    import json
    import re

    content = make_content({"a.md": signed("Dr Jane Doe", "2026-10-01", "2027-10-01", "Clinical psychologist")})
    client = create_app(make_config(content), today=TODAY).test_client()
    text = client.get("/understanding/a/").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1))
    assert data["lastReviewed"] == "2026-10-01"
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr Jane Doe", "description": "Clinical psychologist"}
    assert "Reviewed by Dr Jane Doe, Clinical psychologist" in text


def test_a_telephone_number_stays_on_one_line(make_content, make_config) -> None:
    """A number split at a hyphen or space is misread on a phone: its link text keeps them unbreakable."""
    body = "Call [1-800-662-4357](tel:+18006624357) or [0800 123 456](tel:0800123456), not [a-b c](https://example.org/)."
    _, a = render(make_content, make_config, {"a.md": article(body=body)})
    assert ">1\u2011800\u2011662\u20114357</a>" in a.html and ">0800\u00a0123\u00a0456</a>" in a.html
    assert ">a-b c</a>" in a.html
