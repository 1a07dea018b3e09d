"""Every problem of every file in one pass: a file with bad front matter still exists, and its text is still checked."""
from __future__ import annotations

import pytest

from thaw.errors import ContentError
from thaw.web.app import create_app

from conftest import TODAY, article

GOOD_FRONT = "title: Grief\nsummary: S.\nsection: understanding\ndate: 2026-01-15"
# Front matter with one fault each (the body follows), and the message for it.
FRONT_FAULTS = {
    "misspelt-key": ("---\ntitle: Grief\nsumary: S.\nsection: understanding\ndate: 2026-01-15\n---\n", 'unknown front-matter field "sumary"'),
    "invalid-yaml": ("---\ntitle: Grief: and loss\nsummary: S.\nsection: understanding\ndate: 2026-01-15\n---\n", "the front matter is not valid YAML"),
    "duplicate-field": ("---\ntitle: Grief\ntitle: Loss\nsummary: S.\nsection: understanding\ndate: 2026-01-15\n---\n", '"title" is given twice'),
    "tab-indent": ("---\ntitle: Grief\nsummary: S.\nsection: understanding\ndate: 2026-01-15\nreview:\n\tby: X\n---\n", "a tab is used for indenting"),
    "missing-title": ("---\nsummary: S.\nsection: understanding\ndate: 2026-01-15\n---\n", 'the front matter has no "title"'),
    "unknown-section": ("---\ntitle: Grief\nsummary: S.\nsection: understandin\ndate: 2026-01-15\n---\n", 'the section "understandin" does not exist'),
    "bad-date": ("---\ntitle: Grief\nsummary: S.\nsection: understanding\ndate: 15/01/2026\n---\n", '"date" is "15/01/2026"'),
}
BODY = "\n# A second title\n\n## Coping\n\nA claim [@nimh-ptdd]. See [nothing](nothing.md) and [a part](#copin).\n"


@pytest.mark.parametrize("fault", sorted(FRONT_FAULTS))
def test_links_to_a_file_with_bad_front_matter_report_nothing(fault: str, make_content, make_config) -> None:
    front, message = FRONT_FAULTS[fault]
    content = make_content({
        "grief.md": front + "\n## Coping\n\nText.\n",
        "one.md": article("One", body="See [grief](grief.md).\n"),
        "more/two.md": article("Two", body="See [coping](../grief.md#coping).\n"),
    })
    with pytest.raises(ContentError) as caught:
        create_app(make_config(content), today=TODAY)
    problems = [str(p) for p in caught.value.problems]
    assert {p.path for p in caught.value.problems} == {"content/grief.md"}, problems
    assert any(message in p for p in problems)


@pytest.mark.parametrize("fault", sorted(FRONT_FAULTS))
def test_a_file_with_bad_front_matter_still_has_its_text_checked(fault: str, make_content, make_config) -> None:
    front, message = FRONT_FAULTS[fault]
    content = make_content({"grief.md": front + BODY})
    with pytest.raises(ContentError) as caught:
        create_app(make_config(content), today=TODAY)
    problems = "\n".join(str(p) for p in caught.value.problems + caught.value.warnings)  # warnings found beside errors are kept
    for expected in (message, 'the citation "[@nimh-ptdd]" is not in references.yaml', 'the link "nothing.md" points to nothing.md, which does not exist',
                     'the link "#copin" points to no heading on this page', "warning: a top-level heading (#) in the text"):
        assert expected in problems


def test_a_file_whose_front_matter_is_never_closed_is_still_known_to_exist(make_content, make_config) -> None:
    content = make_content({"grief.md": "---\ntitle: Grief\n\nText.\n", "one.md": article("One", body="See [grief](grief.md).\n")})
    with pytest.raises(ContentError) as caught:
        create_app(make_config(content), today=TODAY)
    assert {p.path for p in caught.value.problems} == {"content/grief.md"}
