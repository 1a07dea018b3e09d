"""Crisis services in the visitor's language: per-language text beside each service, checked like the service itself."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from thaw.config.crisis import DATA_FILE, read_regions, region, regions
from thaw.config.settings import load_config
from thaw.errors import ConfigError

LANGUAGES = ["en", "es"]
# The region's name in Spanish: Babel's territory names (CLDR), and Thaw's own words for the directory of helplines.
SPANISH_NAMES = {
    "us": "Estados Unidos",
    "ca": "Canadá",
    "uk": "Reino Unido",
    "ie": "Irlanda",
    "au": "Australia",
    "nz": "Nueva Zelanda",
    "international": "En todo el mundo",
}
RAW = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("region_id", sorted(regions()))
def test_every_region_has_the_same_lines_in_every_language(region_id: str, language: str) -> None:
    english, shown = regions()[region_id], region(region_id, language=language)
    assert shown.id == english.id
    assert [(s.how, s.dial, s.tel, s.sms) for s in shown.services] == [(s.how, s.dial, s.tel, s.sms) for s in english.services]
    assert shown.emergency_tel == english.emergency_tel
    assert shown.services[0].audience == ""  # the crisis bar's one tap stays a line for everyone
    if language == "en":
        assert shown == english and [s.note for s in shown.services] == [s.note for s in english.services]
    else:
        assert shown.name == SPANISH_NAMES[region_id]


def test_988_in_spanish_says_press_2_or_text_ayuda() -> None:
    lifeline = region("us", language="es").services[0]
    assert lifeline.number == "988" and lifeline.tel == "tel:988" and lifeline.sms == "sms:988"
    assert "Marque 2 o envíe AYUDA al 988" in lifeline.note
    assert lifeline.keyword == "AYUDA"  # the text button reads "Text AYUDA to 988" in the visitor's language
    assert lifeline.verified_on == "2026-12-02" and lifeline.source.startswith("https://988lifeline.org/")
    assert regions()["us"].services[0].keyword == ""  # the English line is unchanged


def test_the_international_directory_says_its_emergency_number_in_spanish() -> None:
    everywhere = region("international", language="es")
    assert everywhere.emergency == "su número local de emergencias" and everywhere.emergency_tel == ""


@pytest.mark.parametrize("region_id", ["uk", "ie", "au", "nz", "ca"])
def test_a_service_without_spanish_text_stays_as_it_is(region_id: str) -> None:
    assert region(region_id, language="es").services == regions()[region_id].services
    assert [s.name for s in region(region_id, language="es").services] == [s.name for s in regions()[region_id].services]


def test_a_language_with_no_text_falls_back_to_english_with_babel_naming_the_region() -> None:
    french = region("us", language="fr")
    assert french.name == "États-Unis"
    assert [(s.name, s.note) for s in french.services] == [(s.name, s.note) for s in regions()["us"].services]


def test_a_regional_variant_uses_its_languages_text() -> None:
    assert region("us", language="es-MX").services[0].keyword == "AYUDA"


def test_every_shipped_language_table_is_verified_against_a_page() -> None:
    found = 0
    for region_id, entry in RAW.items():
        for service in entry.get("services", []):
            for code, text in service.items():
                if isinstance(text, dict):
                    found += 1
                    assert text.get("verified_on") and text.get("source", "").startswith("https://"), (region_id, service["name"], code)
    assert found >= 2


CRISIS_TOML = """\
[us]
name = "United States"
emergency = "911"
[[us.services]]
name = "A line"
how = "call"
number = "988"
verified_on = "2026-12-02"
[us.services.es]
{es}
"""
GOOD_ES = 'name = "Una línea"\nverified_on = "2026-12-02"\nsource = "https://example.org/es"'
BAD_TABLES = [
    ('nmae = "Una línea"\nverified_on = "2026-12-02"', 10, 'unknown key "nmae" in the es text of "A line" — did you mean "name"?'),
    ('name = "Una línea"', 9, 'the es text of "A line" has no verified_on date'),
    ('name = "Una línea"\nverified_on = "2 de diciembre"', 11, 'verified_on "2 de diciembre" is not a date'),
    ('number = "911"\nverified_on = "2026-12-02"', 10, '"number" is the same in every language'),
    ('url = "http://example.org"\nverified_on = "2026-12-02"', 10, 'the es text of "A line" needs an https:// url'),
]


@pytest.mark.parametrize(("table", "line", "message"), BAD_TABLES)
def test_a_bad_language_table_in_the_data_file_names_its_line(table: str, line: int, message: str) -> None:
    _, problems = read_regions(CRISIS_TOML.format(es=table), "crisis.toml")
    assert any(str(p).startswith(f"crisis.toml:{line}: {message}") for p in problems), [str(p) for p in problems]


def test_a_good_language_table_reads_cleanly() -> None:
    found, problems = read_regions(CRISIS_TOML.format(es=GOOD_ES), "crisis.toml")
    assert problems == []
    assert found["us"].services[0].in_language("es").name == "Una línea"


@pytest.mark.parametrize("code", ["spanish", "ES", "root", "notes"])
def test_a_table_that_is_not_a_language_is_reported(code: str) -> None:
    text = CRISIS_TOML.replace("[us.services.es]", f"[us.services.{code}]").format(es=GOOD_ES)
    _, problems = read_regions(text, "crisis.toml")
    assert any(str(p).startswith(f'crisis.toml:9: "{code}" is not a language code') for p in problems), [str(p) for p in problems]


def test_an_english_table_is_refused_the_table_itself_is_english() -> None:
    _, problems = read_regions(CRISIS_TOML.replace("[us.services.es]", "[us.services.en]").format(es=GOOD_ES), "crisis.toml")
    assert any(str(p).startswith("crisis.toml:9: the English text is the table itself") for p in problems), [str(p) for p in problems]


def test_a_region_table_may_not_change_the_services() -> None:
    _, problems = read_regions(CRISIS_TOML.format(es='keyword = "AYUDA"\nverified_on = "2026-12-02"\nnumber = "1"'), "crisis.toml")
    assert any(str(p).startswith('crisis.toml:12: "number" is the same in every language — write it once') for p in problems), [str(p) for p in problems]


def test_a_bad_region_language_table_names_its_line() -> None:
    text = CRISIS_TOML.format(es=GOOD_ES) + '[us.es]\nnombre = "EE. UU."\n'
    _, problems = read_regions(text, "crisis.toml")
    assert any(str(p).startswith('crisis.toml:14: unknown key "nombre" in the es text of the region "us"') for p in problems), [str(p) for p in problems]


LOCAL = '[site]\nregion = "uk"\n\n[[crisis_services]]\nname = "Riverside crisis team"\nhow = "call"\nnumber = "01234 567890"\nverified_on = "2026-11-01"\n\n[crisis_services.es]\n{es}\n'


def test_a_practice_gives_its_own_line_spanish_text(tmp_path: Path) -> None:
    path = tmp_path / "thaw.toml"
    path.write_text(LOCAL.format(es='name = "Equipo de crisis de Riverside"\nhours = "De lunes a viernes"\nverified_on = "2026-11-02"'), encoding="utf-8")
    [service] = load_config(path).local_services
    shown = region("uk", (service,), language="es").services[-1]
    assert (shown.name, shown.hours, shown.number, shown.verified_on) == ("Equipo de crisis de Riverside", "De lunes a viernes", "01234 567890", "2026-11-02")
    assert region("uk", (service,)).services[-1].name == "Riverside crisis team"


def test_a_bad_local_language_table_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "thaw.toml"
    path.write_text(LOCAL.format(es='nmae = "Equipo"'), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.endswith('thaw.toml:11: unknown key "nmae" in the es text of "Riverside crisis team" — did you mean "name"?') for p in problems), problems
    assert any('thaw.toml:10: the es text of "Riverside crisis team" has no verified_on date' in p for p in problems), problems
