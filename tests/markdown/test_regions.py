"""Region blocks: text about one country's services shows only on a site for that region (issue 16)."""
from __future__ import annotations

import pytest

from thaw.errors import ContentError
from thaw.web.app import create_app

from conftest import TODAY, article

BODY = """## Where to start

Everyone can talk to a doctor.

::: region uk ie
In England, NHS Talking Therapies offer free help [@ref-uk].
:::

::: region us
In the US, [FindTreatment.gov](https://findtreatment.gov/) lists services near you.
:::

The end.
"""

REFERENCES = 'ref-uk:\n  title: "NHS Talking Therapies"\n  publisher: NHS England\n  year: 2025\n  url: https://www.england.nhs.uk/\n'


def page(make_content, make_config, region: str, body: str = BODY):
    content = make_content({"understanding/a.md": article(body=body), "references.yaml": REFERENCES})
    app = create_app(make_config(content, region=region), today=TODAY)
    catalog = app.extensions["thaw"].catalog
    return catalog, catalog.articles["a"]


@pytest.mark.parametrize(("region", "shown", "hidden"), [
    ("uk", "NHS Talking Therapies", "FindTreatment.gov"),
    ("ie", "NHS Talking Therapies", "FindTreatment.gov"),
    ("us", "FindTreatment.gov", "NHS Talking Therapies"),
])
def test_a_region_block_shows_only_on_a_site_for_that_region(make_content, make_config, region, shown, hidden) -> None:
    catalog, a = page(make_content, make_config, region)
    assert shown in a.html and hidden not in a.html
    assert "Everyone can talk to a doctor." in a.html and "The end." in a.html
    assert ":::" not in a.html and "region" not in a.html


def test_a_hidden_blocks_citation_is_not_listed(make_content, make_config) -> None:
    catalog, a = page(make_content, make_config, "us")
    assert "ref-uk" not in a.citations
    catalog, a = page(make_content, make_config, "uk")
    assert a.citations == ("ref-uk",)


def test_a_region_no_block_names_shows_none_of_them(make_content, make_config) -> None:
    _, a = page(make_content, make_config, "nz")
    assert "NHS Talking Therapies" not in a.html and "FindTreatment.gov" not in a.html


@pytest.mark.parametrize(("opening", "message"), [
    ("::: region uk scotland", 'unknown region "scotland" — the regions are: au, ca, ie, international, nz, uk, us'),
    ("::: region", "a region block names no region"),
])
def test_a_bad_region_block_names_file_and_line(make_content, make_config, opening, message) -> None:
    body = "Some text.\n\n" + opening + "\nText for one place.\n:::\n"
    with pytest.raises(ContentError) as raised:
        page(make_content, make_config, "us", body)
    problems = [str(p) for p in raised.value.problems]
    assert any(p.endswith(f"understanding/a.md:10: {message}") or f"understanding/a.md:10: {message}" in p for p in problems), problems


def test_check_checks_only_the_blocks_the_site_shows(make_content, make_config) -> None:
    """EDITING.md: a hidden block's links are left out, so a broken one there stops only the sites that show it."""
    body = "Text.\n\n::: region uk\nSee [a page that is not there](missing.md).\n:::\n"
    page(make_content, make_config, "us", body)
    with pytest.raises(ContentError) as raised:
        page(make_content, make_config, "uk", body)
    assert any("missing.md" in str(p) for p in raised.value.problems)


@pytest.mark.parametrize("region", ["us", "ca", "uk", "ie", "au", "nz", "international"])
def test_the_sample_site_is_clean_for_every_region(sample_config, region: str) -> None:
    """Every region block in the sample content is valid where it shows, and no region is left with a broken page."""
    import dataclasses

    catalog = create_app(dataclasses.replace(sample_config, region=region), today=TODAY).extensions["thaw"].catalog
    assert catalog.warnings == []
    assert len(catalog.articles) >= 36
