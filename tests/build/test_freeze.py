"""Freezing in forked workers writes exactly what a single process writes."""
from __future__ import annotations

from pathlib import Path

import pytest

from thaw.web.app import create_app
from thaw.errors import ThawError
from thaw.build.freeze import freeze

from conftest import TODAY


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_workers_write_the_same_files_as_one_process(sample_config, tmp_path: Path) -> None:
    app = create_app(sample_config, today=TODAY)
    one = freeze(app, tmp_path / "one", workers=1)
    two = freeze(app, tmp_path / "two", workers=2)
    assert one.files == two.files and len(one.files) > 800
    serial, parallel = files(tmp_path / "one"), files(tmp_path / "two")
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []


def test_a_failure_in_a_worker_stops_the_build(sample_config, tmp_path: Path) -> None:
    app = create_app(sample_config, today=TODAY)

    @app.route("/broken/")
    def broken() -> str:
        raise RuntimeError("a template failed")

    for workers in (1, 2):
        with pytest.raises(ThawError, match="freezing failed: .*500 INTERNAL SERVER ERROR.* /broken/"):
            freeze(app, tmp_path / f"out{workers}", workers=workers)


def test_the_lean_freezing_client_writes_what_flasks_own_client_writes(sample_config, tmp_path: Path, monkeypatch) -> None:
    from flask.testing import FlaskClient

    import thaw.build.freeze

    app = create_app(sample_config, today=TODAY)
    freeze(app, tmp_path / "lean", workers=1)
    monkeypatch.setattr(thaw.build.freeze, "FreezingClient", FlaskClient)
    freeze(app, tmp_path / "ordinary", workers=1)
    lean, ordinary = files(tmp_path / "lean"), files(tmp_path / "ordinary")
    assert lean.keys() == ordinary.keys()
    assert [name for name in lean if lean[name] != ordinary[name]] == []
    assert app.test_client_class is None, "Flask's own client is back after freezing"


def test_an_image_is_frozen_byte_for_byte_by_the_lean_client(make_content, make_config, tmp_path: Path, monkeypatch) -> None:
    """Images are sent as files (a pass-through response): the lean client reads them through WSGI like Flask's own."""
    from flask.testing import FlaskClient

    import thaw.build.freeze
    from conftest import article

    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40  # a PNG signature (checked), then bytes served as they are
    content = make_content({"understanding/a.md": article("A", body="![A chart of the window](images/chart.png)\n"), "understanding/images/chart.png": picture})
    app = create_app(make_config(content), today=TODAY)
    lean = freeze(app, tmp_path / "lean", workers=1)
    monkeypatch.setattr(thaw.build.freeze, "FreezingClient", FlaskClient)
    freeze(app, tmp_path / "ordinary", workers=1)
    assert "/media/understanding/images/chart.png" in lean.files
    assert (tmp_path / "lean" / "media" / "understanding" / "images" / "chart.png").read_bytes() == picture
    assert files(tmp_path / "lean") == files(tmp_path / "ordinary")


def test_a_route_whose_pages_are_not_listed_stops_the_freeze(make_content, make_config, tmp_path: Path) -> None:
    from conftest import article

    app = create_app(make_config(make_content({"understanding/a.md": article("A")})), today=TODAY)

    @app.route("/letters/<letter>/")
    def letter(letter: str) -> str:
        return letter

    with pytest.raises(ThawError, match="Nothing frozen for endpoints letter"):
        freeze(app, tmp_path / "out", workers=1)


def test_a_site_with_an_image_builds_and_links_it(make_content, make_config) -> None:
    from conftest import article
    from thaw.build.publish import build

    picture = b"\x89PNG\r\n\x1a\n" + bytes(200)
    content = make_content({"understanding/a.md": article("A", body="![A chart of the window](images/chart.png)\n"), "understanding/images/chart.png": picture})
    result = build(make_config(content), today=TODAY)
    assert (result.output / "media" / "understanding" / "images" / "chart.png").read_bytes() == picture
    page = (result.output / "understanding" / "a" / "index.html").read_text(encoding="utf-8")
    assert 'src="/practice/media/understanding/images/chart.png" alt="A chart of the window"' in page
