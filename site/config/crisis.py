"""Crisis services by region: the data file shipped with Thaw, plus a practice's own local services."""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from thaw.config.tomllines import key_lines
from thaw.errors import Problem
from thaw.util.suggest import did_you_mean

DATA_FILE = Path(__file__).parent / "data" / "crisis.toml"
HOW = ("call", "text", "call or text", "chat", "web")
STALE_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True)
class Service:
    """One way to reach help now."""

    name: str
    how: str
    number: str = ""
    keyword: str = ""
    url: str = ""
    hours: str = ""
    note: str = ""
    verified_on: str = ""
    source: str = ""
    audience: str = ""  # who the line is for ("Young people"); empty for a line open to everyone

    @property
    def dial(self) -> str:
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")

    @property
    def tel(self) -> str:
        return f"tel:{self.dial}" if self.dial and "call" in self.how else ""

    @property
    def sms(self) -> str:
        return f"sms:{self.dial}" if self.dial and "text" in self.how else ""


@dataclass(frozen=True)
class Region:
    """The services of one region: lines for everyone first (the first is the one-tap call in every page's crisis
    bar), then lines for particular people, which Get help now groups under who they are for."""

    id: str
    name: str
    emergency: str
    services: tuple[Service, ...]

    @property
    def for_everyone(self) -> tuple[Service, ...]:
        return tuple(s for s in self.services if not s.audience)

    @property
    def by_audience(self) -> list[tuple[str, tuple[Service, ...]]]:
        """Lines for particular people, grouped by who they are for, in the order they are listed."""
        groups: dict[str, list[Service]] = {}
        for service in self.services:
            if service.audience:
                groups.setdefault(service.audience, []).append(service)
        return [(audience, tuple(services)) for audience, services in groups.items()]

    @property
    def emergency_tel(self) -> str:
        return "tel:" + self.emergency if self.emergency.isdigit() else ""


SERVICE_KEYS = [f.name for f in fields(Service)]


def read_service(raw: Any, where: str, line: int | None) -> tuple[Service | None, list[Problem]]:
    """Validate one service table (from the data file or a practice's config)."""
    if not isinstance(raw, dict):
        return None, [Problem(where, line, "a crisis service must be a table of keys", 'write name = "…", how = "call", number = "…"')]
    problems = [Problem(where, line, f'unknown crisis service key "{key}"', did_you_mean(key, SERVICE_KEYS, "keys")) for key in raw if key not in SERVICE_KEYS]
    values = {k: str(v).strip() for k, v in raw.items() if k in SERVICE_KEYS}
    if not values.get("name"):
        problems.append(Problem(where, line, "a crisis service has no name", 'add name = "…"'))
    how = values.get("how", "")
    if how not in HOW:
        problems.append(Problem(where, line, f'"how" is "{how}"', "use one of: " + ", ".join(HOW)))
    if how in ("call", "text", "call or text") and not any(ch.isdigit() for ch in values.get("number", "")):
        problems.append(Problem(where, line, f'the service "{values.get("name", "")}" has no number to {how}', 'add number = "…"'))
    if how in ("chat", "web") and not values.get("url", "").startswith("https://"):
        problems.append(Problem(where, line, f'the service "{values.get("name", "")}" needs an https:// url', 'add url = "https://…"'))
    if values.get("verified_on"):
        try:
            dt.date.fromisoformat(values["verified_on"])
        except ValueError:
            problems.append(Problem(where, line, f'verified_on "{values["verified_on"]}" is not a date', "write it as 2026-01-31"))
    else:
        problems.append(Problem(where, line, f'the service "{values.get("name", "")}" has no verified_on date', "check the number on the service's own page, then add verified_on = \"YYYY-MM-DD\""))
    return (None if problems else Service(**values)), problems


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    """Every region of the shipped data file (validated by the tests, so it never fails at build time)."""
    text = DATA_FILE.read_text(encoding="utf-8")
    data, lines = tomllib.loads(text), key_lines(text)
    result: dict[str, Region] = {}
    for region_id, entry in data.items():
        services = []
        for index, raw in enumerate(entry.get("services", [])):
            service, problems = read_service(raw, "site/config/data/crisis.toml", lines.get((f"{region_id}.services", index)))
            if problems:
                raise ValueError("\n".join(str(p) for p in problems))
            services.append(service)
        result[region_id] = Region(region_id, entry["name"], entry["emergency"], _everyone_first(services))
    return result


def region(region_id: str, local: tuple[Service, ...] = ()) -> Region:
    """The practice's region, with its own local services listed after the national ones."""
    found = regions().get(region_id) or regions()["international"]
    return Region(found.id, found.name, found.emergency, _everyone_first(found.services + local)) if local else found


def _everyone_first(services: list[Service] | tuple[Service, ...]) -> tuple[Service, ...]:
    """Lines for everyone before lines for particular people, each kept in the order written."""
    return tuple(sorted(services, key=lambda s: bool(s.audience)))


def stale(services: tuple[Service, ...], today: dt.date, where: str) -> list[Problem]:
    """Warnings for services whose number was last checked more than a year ago."""
    return [
        Problem(where, None, f'"{s.name}" was last verified on {s.verified_on}', "check the number on the service's own page and update verified_on", warning=True)
        for s in services
        if s.verified_on and today - dt.date.fromisoformat(s.verified_on) > STALE_AFTER
    ]
