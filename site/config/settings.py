"""The practice's config: defaults in one place, one TOML file to override them, checked with line numbers."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from thaw.util.languages import LANGUAGE, code_for, has_catalog, is_language_code, language_name
from thaw.util.translation import lazy as _l
from thaw.util.images import file_fault
from thaw.config.colors import AA, LIGHT_BACKGROUND, LIGHT_TINT, contrast, text_on
from thaw.config.crisis import Service, language_lines, read_service
from thaw.config.tomllines import key_lines
from thaw.errors import ConfigError, Problem, Problems, display_path
from thaw.util.text import SLUG_RE, FieldError, check_characters
from thaw.util.suggest import did_you_mean

REGIONS = ("us", "ca", "uk", "ie", "au", "nz", "international")
RESERVED_SECTION_IDS = ("tags", "help-now", "privacy", "browsing-safely", "articles", "feed.xml", "static", "assets", "media", "search", "_thaw", "404.html", "sitemap.xml", "robots.txt")
LOGO_SUFFIXES = (".svg", ".png", ".webp", ".jpg", ".jpeg")


@dataclass(frozen=True)
class Section:
    """A group of articles with its own page."""

    id: str
    title: str  # Thaw's own titles are LazyText: shown in the page's language
    summary: str = ""


DEFAULT_SECTIONS = (
    Section("understanding", _l("Understanding numbness"), _l("What feeling numb is, how it shows up, and what it is not.")),
    Section("causes", _l("Why it happens"), _l("The common reasons people go numb, from stress and loss to trauma and medication.")),
    Section("freeze-response", _l("The freeze response"), _l("How the body protects itself by shutting down, and how it can find its way back.")),
    Section("therapy", _l("Therapy options"), _l("The kinds of therapy that can help, what they involve and how strong the evidence is.")),
    Section("getting-help", _l("Getting help"), _l("When and how to reach out, and what therapy is like.")),
    Section("exercises", _l("Exercises"), _l("Small, gentle practices you can try now.")),
)


@dataclass(frozen=True)
class Contact:
    """How visitors reach the practice; every field may be empty."""

    practice: str = ""
    email: str = ""
    phone: str = ""
    booking_url: str = ""
    location: str = ""


@dataclass(frozen=True)
class Config:
    """Everything a practice can set. The defaults make a complete sample site."""

    path: Path | None = None
    name: str = "Thaw"
    tagline: str = _l("Plain-language help for feeling numb or disconnected")  # type: ignore[assignment]
    description: str = _l("Calm, plain-language information about emotional numbness and disconnection, and gentle ways to reconnect.")  # type: ignore[assignment]
    base_url: str = "/"
    language: str = "en"  # the default language: its pages are at the site's root
    languages: tuple[str, ...] = ("en",)  # every edition, the default first; the others are under /<code>/
    region: str = "us"
    content_dir: Path = Path("content")
    output_dir: Path = Path("_site")
    contact: Contact = field(default_factory=Contact)
    sections: tuple[Section, ...] = DEFAULT_SECTIONS
    quick_exit_url: str = "https://www.google.com/"
    offline: bool = True  # offer the opt-in offline copy of the exercises
    review_cycle_days: int = 365  # [review] cycle_days: a signed review is due again after this many days (HSE: 3 years)
    review_due_soon_days: int = 30  # [review] due_soon_days: `check` lists reviews due within this many days
    accent: str = "#2f5f68"
    logo: Path | None = None
    shown_sections: tuple[str, ...] | None = None  # None: every section
    local_services: tuple[Service, ...] = ()
    keep: tuple[str, ...] = ()  # files and folders in the output a build leaves alone (CNAME and .nojekyll always are)

    def __post_init__(self) -> None:
        if self.languages == ("en",) and self.language != "en":  # Config(language="es") alone: a site of that one language
            object.__setattr__(self, "languages", (self.language,))

    def shows(self, section_id: str) -> bool:
        """Does the site publish this section: is it among the sections, and not hidden by show_sections?"""
        return any(s.id == section_id for s in self.sections) and (self.shown_sections is None or section_id in self.shown_sections)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always starting and ending with '/'."""
        return urlsplit(self.base_url).path

    @property
    def absolute_base(self) -> str | None:
        """The full base URL when one is configured (needed for the sitemap and canonical links)."""
        return self.base_url if self.base_url.startswith(("https://", "http://")) else None


SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%-]*$")
BASE_URL_EXAMPLE = "write a full address like https://example.org/ or a path like /practice/"


def normalise_base_url(value: str) -> tuple[str | None, str]:
    """Return (clean base URL, '') or (None, why it is wrong, with a suggestion)."""
    value = value.strip()
    try:
        parts = urlsplit(value)
        port = parts.port if parts.scheme else None
    except ValueError:
        return None, f"it is not a valid address (check the [ ] around an IPv6 host, and the port); {BASE_URL_EXAMPLE}"
    if parts.query or parts.fragment or "?" in value or "#" in value:
        clean = value.split("?", 1)[0].split("#", 1)[0]
        return None, f'it must not contain ? or # — did you mean "{clean}"?'
    if parts.scheme:
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            return None, f"the address must start with https:// or http://, not {parts.scheme}: — {BASE_URL_EXAMPLE}"
        if not parts.hostname:
            return None, f'the address has no host — did you mean "https://example.org{parts.path or "/"}"?'
        if parts.username is not None or parts.password is not None or "@" in parts.netloc:
            host = parts.netloc.rsplit("@", 1)[1]
            return None, f'it must not contain a user name or password — did you mean "{scheme}://{host}{parts.path or "/"}"?'
        del port
    elif parts.netloc:
        return None, f'it starts with // but has no scheme — did you mean "https:{value}"?'
    elif not value.startswith("/"):
        looks_like_host = "." in value.split("/", 1)[0]
        return None, f'{BASE_URL_EXAMPLE} — did you mean "{"https://" if looks_like_host else "/"}{value.rstrip("/")}/"?'
    if " " in value or any(ord(c) < 0x21 or ord(c) > 0x7E for c in value):
        return None, "it must not contain spaces, control characters or non-ASCII letters (percent-encode them, e.g. %20)"
    if "//" in parts.path:
        return None, f'the path must not contain // — did you mean "{re.sub("/{2,}", "/", parts.path)}"?'
    segments = [seg for seg in parts.path.split("/") if seg]
    if any(seg in (".", "..") or not SAFE_SEGMENT.match(seg) for seg in segments):
        return None, "each part of the path must be a plain name (letters, digits, - _ . ~), not . or .. or characters like < > \" { } |"
    if not value.endswith("/"):
        value += "/"
    return value, ""


class _Reader:
    """Reads one table of the config, reporting problems at the right line."""

    def __init__(self, data: dict[str, Any], where: str, lines: dict[tuple[Any, ...], int], table: tuple[Any, ...], problems: Problems) -> None:
        self.data, self.where, self.lines, self.table, self.problems = data, where, lines, table, problems

    def line(self, key: str | None = None) -> int | None:
        return self.lines.get(self.table + ((key,) if key else ())) or self.lines.get(self.table)

    def check_keys(self, allowed: list[str]) -> None:
        for key in self.data:
            if key not in allowed:
                label = ".".join(str(t) for t in self.table if isinstance(t, str))
                what = f'unknown key "{key}" in [{label}]' if label else f'unknown table "{key}"'
                self.problems.error(self.where, self.line(key), what, did_you_mean(key, allowed, "keys"))

    def text(self, key: str, default: str = "") -> str:
        if key not in self.data:
            return default  # Thaw's own words (LazyText) stay translatable
        value = self.data[key]
        if not isinstance(value, str):
            self.problems.error(self.where, self.line(key), f'"{key}" must be text in quotes', f'write {key} = "…"')
            return default
        try:
            check_characters(value, key)
        except FieldError as exc:
            self.problems.error(self.where, self.line(key), exc.message, exc.fix)
            return default
        return value.strip()


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> Config:
    """Read the config file (or only the defaults), apply command-line overrides, and validate."""
    problems = Problems()
    overrides = overrides or {}
    data: dict[str, Any] = {}
    lines: dict[tuple[Any, ...], int] = {}
    where = display_path(path) if path else "config"
    root = Path.cwd()
    if path is not None:
        try:
            text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        except FileNotFoundError:
            raise ConfigError([Problem(where, None, "the config file does not exist", "create it, or pass --config FILE")]) from None
        except UnicodeDecodeError:
            raise ConfigError([Problem(where, None, "the config file is not UTF-8 text", "save it with UTF-8 encoding")]) from None
        try:
            data = tomllib.loads(text)
        except RecursionError:  # tomllib recurses once per nested [ or {
            deep = next((n for n, line in enumerate(text.split("\n"), start=1) if line.count("[") + line.count("{") > 50), None)
            raise ConfigError([Problem(where, deep, "the config file nests lists or tables too deeply", 'write each setting as key = "value"; a list needs one pair of [ ]')]) from None
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"\(at line (\d+)", str(exc))
            message = str(exc).split(" (at line")[0]
            raise ConfigError([Problem(where, int(match.group(1)) if match else None, f"not valid TOML ({message})", 'write each setting as key = "value"')]) from None
        lines = key_lines(text)
        root = path.parent
    top = _Reader(data, where, lines, (), problems)
    top.check_keys(["site", "contact", "build", "sections", "safety", "crisis_services", "review"])
    for name in ("site", "contact", "build", "safety", "review"):
        if name in data and not isinstance(data[name], dict):
            problems.error(where, lines.get((name,)), f'"{name}" must be a table', f"write it as [{name}] with keys below it")
            data[name] = {}
    site = _Reader(data.get("site", {}), where, lines, ("site",), problems)
    site.check_keys(["name", "tagline", "description", "base_url", "language", "languages", "region", "accent", "logo", "show_sections"])
    defaults = Config()
    values: dict[str, Any] = {key: site.text(key, getattr(defaults, key)) for key in ("name", "tagline", "description", "language", "region")}
    for key in ("tagline", "description"):  # Thaw's own words, written out in the config, are still translated
        if values[key] == getattr(defaults, key):
            values[key] = getattr(defaults, key)
    if not values["name"]:
        problems.error(where, site.line("name"), "the site name is empty", 'write name = "Your practice"')
    if not LANGUAGE.match(values["language"]):
        problems.error(where, site.line("language"), f'"{values["language"]}" is not a language code', 'use a code like "en" or "en-GB"')
    elif "languages" in data.get("site", {}):
        values["languages"] = _languages(data["site"]["languages"], values["language"] if "language" in data["site"] else None, where, site.line("languages"), problems)
        values["language"] = values["languages"][0]
    else:
        values["languages"] = (values["language"],)
    if values["region"] not in REGIONS:
        problems.error(where, site.line("region"), f'unknown region "{values["region"]}"', did_you_mean(values["region"], REGIONS, "regions"))
    accent = site.text("accent", defaults.accent)
    try:
        ratio = contrast(accent, LIGHT_BACKGROUND)
        if ratio < AA:
            problems.error(where, site.line("accent"), f"the accent {accent} has a contrast ratio of {ratio:.2f}:1 against the page background {LIGHT_BACKGROUND}; WCAG AA needs 4.5:1", "choose a darker colour")
        elif contrast(accent, LIGHT_TINT) < AA:
            problems.error(where, site.line("accent"), f"the accent {accent} has a contrast ratio of {contrast(accent, LIGHT_TINT):.2f}:1 against the shaded boxes ({LIGHT_TINT}); WCAG AA needs 4.5:1", "choose a slightly darker colour")
        elif contrast(accent, text_on(accent)) < AA:
            problems.error(where, site.line("accent"), f"no text colour reads on the accent {accent} (best {contrast(accent, text_on(accent)):.2f}:1)", "choose a darker colour")
        values["accent"] = accent
    except ValueError as exc:
        problems.error(where, site.line("accent"), str(exc), 'write it as accent = "#2f5f68"')
    if "logo" in data.get("site", {}):
        logo = (root / site.text("logo")).resolve()
        if logo.suffix.lower() not in LOGO_SUFFIXES:
            problems.error(where, site.line("logo"), f'the logo "{logo.name}" is not a picture file', "use an .svg, .png, .webp or .jpg file")
        elif not logo.is_file():
            problems.error(where, site.line("logo"), f'the logo file "{site.text("logo")}" does not exist', "give its path relative to this config file")
        elif not logo.is_relative_to(root.resolve()):  # resolved: no "..", absolute path or symlink leads out
            problems.error(where, site.line("logo"), f'the logo "{site.text("logo")}" is outside the project folder', "copy it into the folder of this config file and give its path relative to it")
        elif fault := file_fault(logo):  # bytes match the extension; SVG is self-contained
            problems.error(display_path(logo, root) if fault.line else where, fault.line or site.line("logo"), f'the logo "{site.text("logo")}" {fault.message}', fault.fix)
        else:
            values["logo"] = logo
    raw_base = overrides.get("base_url") or site.text("base_url", defaults.base_url)
    base, why = normalise_base_url(raw_base)
    if base is None:
        line = None if overrides.get("base_url") else site.line("base_url")
        problems.error("--base-url" if overrides.get("base_url") else where, line, f'the base URL "{raw_base}" is not valid', why)
    values["base_url"] = base or "/"

    contact = _Reader(data.get("contact", {}), where, lines, ("contact",), problems)
    contact.check_keys(["practice", "email", "phone", "booking_url", "location"])
    contact_values = {key: contact.text(key) for key in ("practice", "email", "phone", "booking_url", "location")}
    if contact_values["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", contact_values["email"]):
        problems.error(where, contact.line("email"), f'"{contact_values["email"]}" is not an email address', 'write email = "name@example.org"')
    if contact_values["booking_url"] and not contact_values["booking_url"].startswith("https://"):
        problems.error(where, contact.line("booking_url"), "the booking link must start with https://", "paste the full address of your booking page")
    if contact_values["phone"] and not re.fullmatch(r"\+?[0-9 ()\-.]{3,}", contact_values["phone"]):
        problems.error(where, contact.line("phone"), f'"{contact_values["phone"]}" is not a phone number', 'write it with digits, e.g. "+1 555 0100"')

    safety = _Reader(data.get("safety", {}), where, lines, ("safety",), problems)
    safety.check_keys(["quick_exit_url", "offline"])
    offline = data.get("safety", {}).get("offline", True) if isinstance(data.get("safety"), dict) else True
    if not isinstance(offline, bool):
        problems.error(where, safety.line("offline"), '"offline" must be true or false', "write offline = false to turn the offline copy off")
    else:
        values["offline"] = offline
    values["quick_exit_url"] = safety.text("quick_exit_url", defaults.quick_exit_url)
    if not values["quick_exit_url"].startswith("https://"):
        problems.error(where, safety.line("quick_exit_url"), "the quick-exit address must start with https://", "use a neutral site such as https://www.google.com/ or a weather site")

    review = data.get("review", {}) if isinstance(data.get("review"), dict) else {}
    review_reader = _Reader(review, where, lines, ("review",), problems)
    review_reader.check_keys(["cycle_days", "due_soon_days"])
    for key, low, high in (("cycle_days", 30, 3660), ("due_soon_days", 0, 365)):
        if key in review:
            value = review[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems.error(where, review_reader.line(key), f"{key} must be a whole number of days from {low} to {high}", f"write {key} = {365 if key == 'cycle_days' else 30}")
            else:
                values[f"review_{key}"] = value

    build = _Reader(data.get("build", {}), where, lines, ("build",), problems)
    build.check_keys(["content", "output", "keep"])
    keep = data.get("build", {}).get("keep", []) if isinstance(data.get("build"), dict) else []
    if not isinstance(keep, list) or not all(isinstance(x, str) and x.strip("/") and not x.startswith("/") and ".." not in x.split("/") for x in keep):
        problems.error(where, build.line("keep"), "keep must be a list of paths inside the output folder", 'write keep = ["CNAME", ".well-known"]')
    else:
        values["keep"] = tuple(x.strip("/") for x in keep)
    content = overrides.get("content") or (root / build.text("content", "content"))
    output = overrides.get("output") or (root / build.text("output", "_site"))

    sections = _sections(data.get("sections"), where, lines, problems) if "sections" in data else DEFAULT_SECTIONS
    shown = data.get("site", {}).get("show_sections") if isinstance(data.get("site"), dict) else None
    if shown is not None:
        ids = [s.id for s in sections]
        if not isinstance(shown, list) or not all(isinstance(x, str) for x in shown):
            problems.error(where, site.line("show_sections"), "show_sections must be a list of section ids", 'write show_sections = ["understanding", "therapy"]')
        elif not shown:
            problems.error(where, site.line("show_sections"), "show_sections is empty: an empty list would publish no sections", "list the sections to show, or remove show_sections to show them all")
        else:
            for section_id in shown:
                if section_id not in ids:
                    problems.error(where, site.line("show_sections"), f'unknown section "{section_id}"', did_you_mean(section_id, ids, "sections"))
            values["shown_sections"] = tuple(shown)
    local: list[Service] = []
    sub_lines = language_lines(text) if path is not None else {}  # the lines of a service's tables in other languages
    raw_services = data.get("crisis_services", [])
    for index, raw in enumerate(raw_services if isinstance(raw_services, list) else [None]):
        service, service_problems = read_service(raw, where, lines.get(("crisis_services", index)) or lines.get(("crisis_services",)), sub_lines.get(("crisis_services", index), {}))
        problems.items.extend(service_problems)
        if service:
            local.append(service)
    values["local_services"] = tuple(local)
    for section in sections:
        if section.id in values.get("languages", ())[1:]:
            line = lines.get(("sections", sections.index(section), "id")) if "sections" in data else None
            problems.error(where, line, f'the section id "{section.id}" is the address of the {language_name(section.id)} edition (/{section.id}/)', "give the section another id")
    problems.raise_if_errors(ConfigError)
    return Config(
        path=path,
        content_dir=Path(content),
        output_dir=Path(output),
        contact=Contact(**contact_values),
        sections=sections,
        **values,
    )


def _sections(raw: Any, where: str, lines: dict[tuple[Any, ...], int], problems: Problems) -> tuple[Section, ...]:
    if not isinstance(raw, list) or not raw:
        problems.error(where, lines.get(("sections",)), "sections must be a list of [[sections]] tables", 'write [[sections]] then id = "…" and title = "…"')
        return DEFAULT_SECTIONS
    sections: list[Section] = []
    for index, item in enumerate(raw):
        reader = _Reader(item if isinstance(item, dict) else {}, where, lines, ("sections", index), problems)
        reader.check_keys(["id", "title", "summary"])
        section_id, title = reader.text("id"), reader.text("title")
        if not SLUG_RE.match(section_id) or section_id in RESERVED_SECTION_IDS:
            problems.error(where, reader.line("id"), f'the section id "{section_id}" cannot be used', "use lower-case letters, digits and hyphens, not a reserved name like tags or static")
        elif any(s.id == section_id for s in sections):
            problems.error(where, reader.line("id"), f'the section id "{section_id}" is used twice', "give each section its own id")
        if not title:
            problems.error(where, reader.line("title") or reader.line(), f'the section "{section_id}" has no title', 'add title = "…"')
        sections.append(_translated_if_default(Section(section_id, title, reader.text("summary"))))
    return tuple(sections)


def _translated_if_default(section: Section) -> Section:
    """A section written in the config with Thaw's own title and summary is shown in each page's language."""
    default = next((s for s in DEFAULT_SECTIONS if s.id == section.id), None)
    if default is None:
        return section
    return Section(section.id, default.title if section.title == default.title else section.title,
                   default.summary if section.summary == default.summary else section.summary)


def _languages(raw: Any, language: str | None, where: str, line: int | None, problems: Problems) -> tuple[str, ...]:
    """[site] languages: a list of language codes Babel knows and Thaw's interface is translated into, the default first."""
    if not isinstance(raw, list) or not all(isinstance(code, str) for code in raw):
        problems.error(where, line, "languages must be a list of language codes", 'write languages = ["en", "es"]')
        return (language or "en",)
    if not raw:
        problems.error(where, line, "languages is empty", 'list the site\'s languages, the default first: languages = ["en", "es"]')
        return (language or "en",)
    found: list[str] = []
    for code in (c.strip() for c in raw):
        if code in found:
            problems.error(where, line, f'the language "{code}" is listed twice', "list each language once")
            continue
        found.append(code)
        if not is_language_code(code):
            problems.error(where, line, f'"{code}" is not a language code Thaw knows', code_for(code))
        elif not has_catalog(code):
            problems.error(where, line, f'Thaw\'s interface has no translation into "{code}" yet', f"translate site/locales/messages.pot into site/locales/{code}/LC_MESSAGES/messages.po (see README), or leave the language out")
    if language is not None and found and language != found[0]:
        problems.error(where, line, f'language is "{language}" but languages starts with "{found[0]}"', "remove language: the first of languages is the default")
    return tuple(found) or (language or "en",)
