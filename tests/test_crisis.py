"""Crisis services: the shipped numbers are pinned, every page links them, stale entries are warned about."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thaw.config.settings import load_config
from thaw.config.crisis import regions, stale

# Pinned: changing a number in site/config/data/crisis.toml must be a deliberate change to this table too.
PINNED = {
    "us": ("911", "988"),
    "ca": ("911", "988"),
    "uk": ("999", "116123"),
    "ie": ("112", "116123"),
    "au": ("000", "131114"),
    "nz": ("111", "1737"),
}


@pytest.mark.parametrize("region_id", sorted(PINNED))
def test_main_numbers_are_pinned(region_id: str) -> None:
    region = regions()[region_id]
    emergency, main_line = PINNED[region_id]
    assert region.emergency == emergency
    assert region.services[0].dial == main_line
    assert region.services[0].tel == f"tel:{main_line}"


def test_every_service_is_verified_and_reachable() -> None:
    assert regions()["international"].services[0].url == "https://findahelpline.com/"
    for region in regions().values():
        assert region.services, region.id
        for service in region.services:
            assert service.verified_on and service.source.startswith("https://"), service
            assert service.tel or service.sms or service.url, service


def test_stale_entries_are_warned_about_after_a_year() -> None:
    services = regions()["uk"].services
    assert stale(services, dt.date.fromisoformat(services[0].verified_on) + dt.timedelta(days=300), "x") == []
    late = stale(services, dt.date.fromisoformat(services[0].verified_on) + dt.timedelta(days=400), "site/config/data/crisis.toml")
    assert late and str(late[0]).startswith('site/config/data/crisis.toml: warning: "Samaritans" was last verified on')


def test_practice_adds_local_services_in_its_config(tmp_path: Path, make_content, make_config) -> None:
    from thaw.web.app import create_app

    from conftest import TODAY, article

    path = tmp_path / "thaw.toml"
    path.write_text('[site]\nregion = "uk"\n\n[[crisis_services]]\nname = "Riverside crisis team"\nhow = "call"\nnumber = "01234 567890"\nhours = "Weekdays 9 to 5"\nverified_on = "2026-11-01"\n')
    config = load_config(path, {"content": make_content({"a.md": article()}), "base_url": "/"})
    client = create_app(config, today=TODAY).test_client()
    page = client.get("/help-now/").get_data(as_text=True)
    assert 'href="tel:116123"' in page and 'href="tel:01234567890"' in page
    assert page.index("tel:116123") < page.index("tel:01234567890")


def test_a_bad_local_service_is_reported_with_its_line(tmp_path: Path) -> None:
    from thaw.errors import ConfigError

    path = tmp_path / "thaw.toml"
    path.write_text('[site]\nregion = "uk"\n\n[[crisis_services]]\nname = "Team"\nhow = "phone"\nnumbr = "123"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.endswith('thaw.toml:4: unknown crisis service key "numbr" — did you mean "number"?') for p in problems), problems
    assert any('thaw.toml:4: "how" is "phone"' in p for p in problems), problems
