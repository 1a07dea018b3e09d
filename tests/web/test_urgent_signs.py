"""Pages that talk about numbness in the body say which signs are an emergency, with the practice's own number."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from thaw.web.app import create_app

from conftest import SAMPLE_CONTENT, TODAY, article

# Words that mean a page talks about numbness or lost feeling in the body, not only in the feelings.
PHYSICAL = re.compile(r"\b(tingling|pins and needles|numbness in your (skin|body|hands|feet|face)|loss of feeling|numb (hands|feet|face|arm|leg))\b", re.I)


def front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---", 1)[0]


@pytest.mark.parametrize("path", sorted(SAMPLE_CONTENT.rglob("*.md")), ids=lambda p: p.relative_to(SAMPLE_CONTENT).as_posix())
def test_a_page_that_mentions_physical_numbness_shows_the_urgent_signs(path: Path) -> None:
    body = path.read_text(encoding="utf-8").split("\n---", 2)[-1]
    if PHYSICAL.search(body):
        assert re.search(r"^physical_signs: true$", front_matter(path), re.M), f"{path.name} mentions numbness in the body: add physical_signs: true"


@pytest.mark.parametrize(("region", "number"), [("us", "911"), ("uk", "999"), ("au", "000")])
def test_the_box_gives_the_regions_emergency_number(make_content, make_config, region: str, number: str) -> None:
    content = make_content({"understanding/a.md": article(physical_signs="true"), "understanding/b.md": article("B")})
    app = create_app(make_config(content, base_url="/", region=region), today=TODAY)
    client = app.test_client()
    html = client.get("/understanding/a/").get_data(as_text=True)
    box = html[html.index('<aside class="urgent-signs"'):]
    box = box[: box.index("</aside>")]
    assert f'href="tel:{number}"' in box and "stroke" in box
    assert box.index("urgent-signs-title") < box.index("Face:")
    assert "urgent-signs" not in client.get("/understanding/b/").get_data(as_text=True)


def test_the_box_comes_before_the_article_text(built_site: Path) -> None:
    html = (built_site / "understanding" / "how-numbness-shows-up" / "index.html").read_text(encoding="utf-8")
    assert 0 < html.index('class="urgent-signs"') < html.index('class="prose')
