"""Translations bound to their originals: each names the page it translates and the fingerprint of the text it was
translated from, so a reader is told when the original has changed since (the same binding as clinical review)."""
from __future__ import annotations

from thaw.catalog.catalog import Catalog
from thaw.config.settings import Config
from thaw.content.article import Article
from thaw.errors import Problems
from thaw.util.languages import language_name
from thaw.util.suggest import did_you_mean


def link_translations(editions: dict[str, Catalog], config: Config, problems: Problems) -> None:
    """Pair every published translation with its original (`Catalog.counterparts`, both ways and between
    translations), and list those older than their original (`Catalog.outdated`, a warning each: `--strict` refuses
    them). A translation naming no page, or a page translated twice into one language, is an error."""
    default = editions[config.language]
    originals = default.by_path
    groups: dict[str, dict[str, Article]] = {}  # original's slug -> {language: page}
    for article in default.articles.values():
        if article.translation_of:
            problems.error(article.display, article.line_of("translation_of"), "a page of the default language cannot be a translation",
                           f"move it into content/<language>/, or remove translation_of (the default language is {config.language})")
    for language, catalog in editions.items():
        if language == config.language:
            continue
        seen: dict[str, Article] = {}
        for article in sorted(catalog.articles.values(), key=lambda a: a.display):  # the first file keeps the page
            wanted = article.translation_of
            if not wanted:
                continue  # a page written in this language only: it has no counterpart
            line = article.line_of("translation_of")
            original = originals.get(wanted)
            if original is None:
                problems.error(article.display, line, f'translation_of names "{wanted}", but content/ has no published page {wanted}.md',
                               did_you_mean(wanted, originals, "pages") if originals else "write the original's path under content/")
                continue
            if wanted in seen:
                problems.error(article.display, line, f'"{wanted}" is already translated into {language_name(language)} by {seen[wanted].display}',
                               "keep one translation of each page: merge the two, or delete one")
                continue
            seen[wanted] = article
            groups.setdefault(original.slug, {config.language: original})[language] = article
            if article.translated_from != original.text_fingerprint:
                catalog.outdated[article.slug] = original
                said = "records no fingerprint of its original" if not article.translated_from else f"is older than the latest version of {original.display}"
                problems.warn(article.display, article.line_of("translated_from") if article.translated_from else line,
                              f"this translation {said}", f"bring it up to date with the original, then run: python build.py translated {article.display}")
    for pages in groups.values():
        for language, page in pages.items():
            editions[language].counterparts[page.slug] = {other: p for other, p in pages.items() if other != language}
