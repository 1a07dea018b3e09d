"""Smart quotes and dashes in prose, never in text that looks like a command's option or a path."""
from __future__ import annotations

import pytest

from thaw.markdown.parser import parser


def paragraph(markdown: str) -> str:
    html = parser().render(markdown, {}).strip()
    assert html.startswith("<p>") and html.endswith("</p>"), html
    return html[3:-4]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param("Run it with '--config' set.", "Run it with '--config' set.", id="quoted-option-single"),
        pytest.param('Run it with "--config" set.', "Run it with &quot;--config&quot; set.", id="quoted-option-double"),
        pytest.param("Add --strict to refuse drafts.", "Add --strict to refuse drafts.", id="option"),
        pytest.param("--strict refuses drafts.", "--strict refuses drafts.", id="option-first"),
        pytest.param("Add (--base-url=/practice/) here.", "Add (--base-url=/practice/) here.", id="option-value"),
        pytest.param("Add -v for more.", "Add -v for more.", id="short-option"),
        pytest.param("Open '../docs/index.md' next.", "Open '../docs/index.md' next.", id="quoted-relative-path"),
        pytest.param("Open ~/.config/thaw... later.", "Open ~/.config/thaw... later.", id="home-path"),
        pytest.param("Edit '/etc/hosts' first.", "Edit '/etc/hosts' first.", id="absolute-path"),
        pytest.param("Edit 'docs/index.md' first.", "Edit 'docs/index.md' first.", id="relative-file"),
        pytest.param("It's 'fine' -- really... \"yes\"", "It’s ‘fine’ – really… “yes”", id="prose-keeps-smart-typography"),
        pytest.param("Pages 10--12, well---known.", "Pages 10–12, well—known.", id="prose-dashes"),
        pytest.param("She said 'and/or' twice.", "She said ‘and/or’ twice.", id="prose-slash"),
        pytest.param("Use `'--config'` here.", "Use <code>'--config'</code> here.", id="inline-code"),
    ],
)
def test_typography_spares_commands_options_and_paths(markdown: str, expected: str) -> None:
    assert paragraph(markdown) == expected
