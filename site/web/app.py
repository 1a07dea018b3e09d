"""The Flask app factory: one app per practice config, with its template globals and error pages."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Hashable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from urllib.parse import urlsplit

from flask import Flask, render_template, request
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from thaw.config.settings import Config
from thaw.util import translation
from thaw.util.languages import native_name, text_direction
from thaw.util.translation import lazy as _l

if TYPE_CHECKING:
    from thaw.content.article import Article
    from jinja2 import BytecodeCache

    from thaw.catalog.load import JobMap
    from thaw.catalog.reuse import Reuse
    from thaw.content.references import Reference

TITLE_LENGTH = 70  # the longest <title> a page gets: search results cut longer ones
# The switcher's note beside a language whose edition lacks this page: said in that language, to its readers.
NOT_TRANSLATED = _l("(home page: this page is not translated)").message


class ThawFlask(Flask):
    """Flask, serving each translated edition below its language's folder (/es/…): the language moves from the path
    into the mount point, so every view, url_for and part remembered per mount point serves that edition."""

    def request_context(self, environ: dict[str, Any]) -> Any:  # type: ignore[override]
        site = self.extensions.get("thaw")
        if site is not None and len(site.config.languages) > 1:
            path = environ.get("PATH_INFO", "")
            for language in site.config.languages[1:]:
                if path == f"/{language}" or path.startswith(f"/{language}/"):
                    environ["thaw.root"] = environ.get("SCRIPT_NAME", "")
                    environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + f"/{language}"
                    environ["PATH_INFO"] = path[len(language) + 1 :] or "/"
                    environ["thaw.language"] = language
                    break
        return super().request_context(environ)


@lru_cache(maxsize=16)
def _origin(base: str) -> str:
    """The scheme and host of a full base URL: "https://example.org/practice/" -> "https://example.org"."""
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


def create_app(
    config: Config | None = None,
    *,
    dev: bool = False,
    today: dt.date | None = None,
    config_overrides: dict[str, Any] | None = None,
    cache: Reuse | None = None,
    map_jobs: JobMap | None = None,
    template_cache: BytecodeCache | None = None,
    drafts: bool = False,
) -> Flask:
    """Build the Flask app for `config`, loading and validating all content.

    Raises ProblemsFound when the content is invalid (in dev mode the problems are shown
    in the browser instead, and fixed files are picked up without a restart). `cache` keeps renderings between loads,
    `map_jobs` renders many articles at once and `template_cache` keeps compiled templates (build/ hands them in).
    With `drafts` (always in dev mode) drafts are published too, and their problems are errors like any page's.
    """
    from thaw.config import crisis
    from thaw.config import crisisphrases
    from thaw.web import dev as devtools
    from thaw.web import exercises, i18n
    from thaw.web import views
    from thaw.web.assets import HTMX
    from thaw.web.headers import META_CSP
    from thaw.web.state import SiteState

    config = config or Config()
    app = ThawFlask(__name__)
    app.config.update(
        THAW=config,
        TEMPLATES_AUTO_RELOAD=dev,
        FREEZER_BASE_URL=config.base_url,
        FREEZER_REDIRECT_POLICY="error",
        FREEZER_IGNORE_MIMETYPE_WARNINGS=False,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.bytecode_cache = template_cache
    i18n.install(app.jinja_env)
    app.register_blueprint(views.bp)
    app.register_blueprint(exercises.bp)
    if dev:
        app.register_blueprint(devtools.bp)
    site = SiteState(
        app,
        config,
        dev=dev,
        drafts=dev or drafts,
        today=today,
        config_overrides=config_overrides,
        cache=cache,
        exercise_urls=lambda: {slug: exercises.exercise_url(slug) if site.config.shows(exercises.SECTION) else "" for slug in exercises.EXERCISES},
        exercise_pages=lambda: exercises.all_urls() if site.config.shows(exercises.SECTION) else (),
        map_jobs=map_jobs,
    )
    app.extensions["thaw"] = site

    remembered: dict[str, Any] = {"generation": None}

    @app.context_processor
    def globals_for_templates() -> dict[str, Any]:
        """What every template may use; worked out once per loaded site (the dev server reloads it)."""
        if remembered["generation"] != site.generation:
            remembered.clear()
            remembered["generation"] = site.generation
        language = site.language
        found = remembered.get(language)
        if found is None:
            found = remembered[language] = _template_globals(language)
        return found

    def _template_globals(language: str) -> dict[str, Any]:
        current = site.config if language == site.config.language else dataclasses.replace(site.config, language=language)
        return {
            "site": current,
            "sections": site.catalog.sections if site.catalog else [],
            "crisis": crisis.region(current.region, current.local_services, language=language),
            "languages": current.languages,
            "dev": dev,
            "stamp": site.stamp,
            "htmx_file": HTMX.name,
            "logo_name": ("logo" + current.logo.suffix.lower()) if current.logo else None,
            "csp": META_CSP,
            "text_direction": text_direction(language),
            "exercise_url": exercises.exercise_url,
            "all_exercises": sorted(exercises.EXERCISES.values(), key=lambda e: e.order) if current.shows(exercises.SECTION) else [],
            "exercises_section": site.catalog.section(exercises.SECTION) if site.catalog else None,
        }

    @app.template_filter("nbsp")
    def nbsp(value: str) -> str:
        """Keep a phone number on one line."""
        return str(value).replace(" ", "\u00a0")

    @app.template_filter("longdate")
    def longdate(value: dt.date) -> str:
        """"2 December 2026" in English; in another language, Babel's long date ("2 de diciembre de 2026")."""
        language = site.language
        if language.split("-")[0] == "en":
            return f"{value.day} {value:%B %Y}"
        from babel.dates import format_date  # only another language's pages need Babel

        return format_date(value, format="long", locale=language.replace("-", "_"))

    @app.before_request
    def speak_the_editions_language() -> None:
        """gettext, and text written in Python, in the language of the page's edition; the default again afterwards."""
        site.speak()

    @app.teardown_request
    def speak_the_default_again(error: BaseException | None = None) -> None:
        translation.use(site.interfaces[site.config.language].translations if site.interfaces else translation.NullTranslations(), site.config.language)

    @app.template_global()
    def absolute_url(path: str) -> str:
        """A full URL for a site path when the config has a full base URL, else the path."""
        base = site.config.absolute_base
        return _origin(base) + path if base else path

    shared_parts: dict[tuple[Any, ...], Markup] = {}

    @app.template_global()
    def shared(template: str, **values: Any) -> Markup:
        """A partial that is the same on every page (crisis bar, header, footer): rendered once per site and mount point."""
        key = (site.generation, request.script_root, template, tuple(sorted(values.items())))
        found = shared_parts.get(key)
        if found is None:
            if len(shared_parts) > 256:  # the dev server reloads the site many times; keep only recent parts
                shared_parts.clear()
            found = shared_parts[key] = Markup(render_template(template, **values))
        return found

    remembered_parts: dict[tuple[str, Hashable], Markup] = {}  # (template, key) -> text, for the site of `parts_of`
    parts_of = [site.generation]

    def rendered_once(template: str, key: Hashable, **values: Any) -> Markup:
        """`template` rendered with `values`, remembered under `key` until the site is loaded again."""
        if parts_of[0] != site.generation:  # the dev server reloaded the site
            remembered_parts.clear()
            parts_of[0] = site.generation
        found = remembered_parts.get((template, key))
        if found is None:
            found = remembered_parts[(template, key)] = Markup(app.jinja_env.get_template(template).render(**values))
        return found

    @app.template_global()
    def card(item: Article) -> Markup:
        """An article's card (partials/article_card.html): the same on every list that shows it, so rendered once per
        site and mount point. Listings and related reading show tens of thousands of cards on a large site."""
        return rendered_once("partials/article_card.html", (request.script_root, item.slug), item=item)

    @app.template_global()
    def cited(reference: Reference) -> Markup:
        """A reference list's entry (partials/reference.html): the same on every page that cites it, so rendered once
        per site. It holds no site address, so it is the same under any mount point."""
        return rendered_once("partials/reference.html", (site.language, reference.key), ref=reference)

    app.add_template_global(site.url_for, "url_for")
    app.add_template_global(crisisphrases.load_phrases(), "crisis_phrases")  # search.html gives them to search.js

    @app.template_global()
    def asset_url(name: str) -> str:
        """The fingerprinted URL of an asset (thaw.css, thaw.js, …): at the site's root, whichever edition asks."""
        url = site.url_for("pages.asset", name=site.assets[name].hashed)
        root = request.environ.get("thaw.root")
        return url if root is None else root + url[len(request.script_root):]

    def in_edition(language: str, url: str | None = None) -> str:
        """The address `url` (of this edition; this page's by default) has in `language`'s edition."""
        here = request.script_root
        url = url if url is not None else here + request.path
        return request.environ.get("thaw.root", here) + site.edition_root(language)[:-1] + url[len(here):]

    def counterpart(language: str) -> tuple[str, bool]:
        """This page in `language`'s edition, and whether it is the same page (else that edition's home)."""
        if language == site.language:
            return request.script_root + request.path, True
        home = (in_edition(language, request.script_root + "/"), False)
        endpoint, args = request.endpoint, request.view_args or {}
        catalog = site.catalog
        if catalog is None or endpoint is None or endpoint in ("pages.tag", "pages.not_found", "pages.media"):
            return home
        if endpoint == "pages.article" or endpoint == "exercises.start" and args.get("slug") not in exercises.EXERCISES:
            other = catalog.counterparts.get(args.get("slug", ""), {}).get(language)
            return (other.url, True) if other is not None else home
        if endpoint == "pages.section":
            theirs = site.catalogs[language].section(args.get("section", ""))
            return (in_edition(language), True) if theirs is not None and (theirs.articles or theirs.section.id == exercises.SECTION) else home
        return in_edition(language), True

    @app.template_global()
    def site_root() -> str:
        """The address of the whole site (the default language's home), from any edition: one offline copy serves all."""
        return request.environ.get("thaw.root", request.script_root) + "/"

    @app.template_global()
    def language_links() -> Markup:
        """<link rel="alternate" hreflang> for every language this page is in, and x-default (nothing on a site of one
        language). Each starts a new line: base.html writes them after the feed's link."""
        if len(site.config.languages) < 2:
            return Markup("")
        lines = []
        for language in site.config.languages:
            url, same = counterpart(language)
            if same:
                lines.append(f'\n<link rel="alternate" hreflang="{language}" href="{escape(absolute_url(url))}">')
                if language == site.config.language:
                    lines.append(f'\n<link rel="alternate" hreflang="x-default" href="{escape(absolute_url(url))}">')
        return Markup("".join(lines))

    @app.template_global()
    def language_switcher() -> Markup:
        """The header's language switcher: this page in each other language, or that language's home (nothing on a
        site of one language). It starts a new line: base.html writes it after the header."""
        if len(site.config.languages) < 2:
            return Markup("")
        choices = [(language, native_name(language), *counterpart(language), _said_in(language, NOT_TRANSLATED)) for language in site.config.languages]
        return Markup("\n") + Markup(render_template("partials/languages.html", choices=choices, here=site.language))

    def _said_in(language: str, message: str) -> str:
        """A message in `language` (not the page's): what the switcher tells a reader of that language."""
        interface = site.interfaces.get(language)
        return interface.translations.gettext(message) if interface else message

    @app.template_global()
    def canonical_url() -> str:
        return absolute_url(request.script_root + request.path)

    @app.template_global()
    def document_title(page_title: Markup) -> Markup:
        """The <title>: the page's title and the site's name, or only the page's title (cut to 70 characters) when
        both together are longer than that. Characters are counted as written, so a cut never splits "&amp;"."""
        text = page_title.unescape()
        full = f"{text} · {site.config.name}"
        return escape(full if len(full) <= TITLE_LENGTH else do_truncate(app.jinja_env, text, TITLE_LENGTH, True, "…", 0))

    @app.errorhandler(404)
    def page_not_found(error: Exception) -> tuple[str, int]:
        return render_template("404.html"), 404

    @app.errorhandler(500)
    def content_problems(error: Exception) -> tuple[str, int]:
        return render_template("problems.html", error=site.error), 500

    site.load()
    return app

