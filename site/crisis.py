"""Crisis services by region, read from the data file shipped with Thaw."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "crisis.toml"


@dataclass(frozen=True)
class Service:
    """One way to reach help now."""

    name: str
    how: str  # "call", "text", "call or text" or "web"
    number: str = ""
    url: str = ""
    hours: str = ""
    note: str = ""
    verified_on: str = ""
    source: str = ""

    @property
    def tel(self) -> str:
        return "tel:" + "".join(ch for ch in self.number if ch.isdigit() or ch == "+") if self.number and "call" in self.how else ""

    @property
    def sms(self) -> str:
        return "sms:" + "".join(ch for ch in self.number if ch.isdigit() or ch == "+") if self.number and "text" in self.how else ""


@dataclass(frozen=True)
class Region:
    """The services of one region, the emergency number first."""

    id: str
    name: str
    emergency: str
    services: tuple[Service, ...]

    @property
    def emergency_tel(self) -> str:
        return "tel:" + self.emergency if self.emergency.isdigit() else ""


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {
        region_id: Region(region_id, entry["name"], entry["emergency"], tuple(Service(**s) for s in entry.get("services", [])))
        for region_id, entry in data.items()
    }


def region(region_id: str) -> Region:
    return regions().get(region_id) or regions()["international"]
