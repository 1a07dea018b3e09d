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


# Lines for particular people (issue 16): the bar's one tap is always a line for everyone, open day and night; lines
# for particular people sit on Get help now under a heading that says who they are for.
AUDIENCES = {
    ("us", "Veterans Crisis Line"): "Veterans, service members and their families",
    ("ca", "Kids Help Phone (text)"): "young people",
    ("ca", "Kids Help Phone"): "young people",
    ("au", "Kids Helpline"): "young people aged 5 to 25",
    ("au", "Suicide Call Back Service"): "people affected by suicide",
}


@pytest.mark.parametrize("region_id", sorted(regions()))
def test_the_first_line_of_every_region_is_for_everyone_day_and_night(region_id: str) -> None:
    first = regions()[region_id].services[0]
    assert first.audience == "", first
    if region_id != "international":  # a directory of helplines, not a line
        assert "24/7" in first.hours, first


def test_lines_for_particular_people_say_who_they_are_for() -> None:
    for (region_id, name), audience in AUDIENCES.items():
        [service] = [s for s in regions()[region_id].services if s.name == name]
        assert service.audience == audience
    for region in regions().values():
        everyone = [s for s in region.services if not s.audience]
        assert region.services[: len(everyone)] == tuple(everyone), f"{region.id}: lines for everyone come first"
        assert region.for_everyone == tuple(everyone)


def test_get_help_now_groups_lines_under_who_they_are_for(client) -> None:
    from html.parser import HTMLParser

    page = client.get("/help-now/").get_data(as_text=True)
    everyone_at, veterans_heading, veterans_line = page.index("988 Suicide &amp; Crisis Lifeline"), page.index(">For Veterans, service members and their families</h3>"), page.index("Veterans Crisis Line")
    assert everyone_at < veterans_heading < veterans_line
    HTMLParser().feed(page)


def test_the_crisis_bar_offers_the_line_for_everyone(client) -> None:
    page = client.get("/").get_data(as_text=True)
    bar = page[page.index('<aside class="crisis-bar"') : page.index("</aside>")]
    assert "tel:988" in bar and "838255" not in bar


def test_a_practice_can_say_who_its_own_line_is_for(tmp_path: Path) -> None:
    path = tmp_path / "thaw.toml"
    path.write_text('[site]\nregion = "uk"\n\n[[crisis_services]]\nname = "Riverside youth crisis team"\nhow = "call"\nnumber = "01234 567890"\nhours = "24/7"\naudience = "young people under 18"\nverified_on = "2026-11-01"\n')
    [service] = load_config(path).local_services
    assert service.audience == "young people under 18"
    from thaw.config.crisis import region

    combined = region("uk", (service,)).services
    assert combined[-1] == service and all(not s.audience for s in combined[:-1])
