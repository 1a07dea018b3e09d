"""Check every link and image of an article and rewrite it to its final site URL."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import unquote

from .article import Article
from .errors import Problems
from .suggest import did_you_mean

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
FOOTNOTE_ANCHOR = re.compile(r"^fn(ref)?\d+(:\d+)?$")
PAGE_ANCHORS = ("references", "main", "contents")


def anchors_of(article: Article) -> set[str]:
    return {h.id for h in article.headings}


def resolve_targets(
    article: Article,
    by_path: Mapping[Path, Article],
    drafts: Mapping[Path, Article],
    url_of: Callable[[Article], str],
    media_url: Callable[[str], str],
    exercise_urls: Mapping[str, str],
    content_dir: Path,
    problems: Problems,
) -> set[str]:
    """Validate and rewrite the links of `article`; return the content-relative image paths it uses."""
    images: set[str] = set()
    where = article.display
    root = content_dir.resolve()
    for target in article.env.get("targets", []):
        line = article.body_line + target.line
        href = target.href.strip()
        token = target.token
        noun = "image" if target.kind == "image" else "link"
        if not href:
            problems.error(where, line, f"a {noun} has an empty address", "write the address between the parentheses")
            continue
        scheme_match = SCHEME.match(href)
        if scheme_match and scheme_match.group(1).lower() == "exercise" and target.kind == "link":
            name = href.split(":", 1)[1]
            if name not in exercise_urls:
                problems.error(where, line, f'the link "{href}" names no exercise', did_you_mean(name, exercise_urls, "exercises"))
            else:
                token.attrSet("href", exercise_urls[name])
            continue
        if scheme_match:
            scheme = scheme_match.group(1).lower()
            if target.kind == "image":
                problems.error(where, line, f'the image "{href}" would load from another site', "save the image in content/ and link it by its relative path")
            elif scheme not in ALLOWED_SCHEMES:
                problems.error(where, line, f'the link "{href[:60]}" uses "{scheme}:", which is not allowed', "only http, https, mailto and tel links are kept")
            elif scheme in ("http", "https"):
                token.attrSet("rel", "noreferrer")
            continue
        if href.startswith("//"):
            problems.error(where, line, f'the {noun} "{href}" has no scheme', "write the full address, starting with https://")
            continue
        if href.startswith("/"):
            problems.error(where, line, f'the {noun} "{href}" is a site path', "link to the article's .md file by its relative path, e.g. ../getting-help/when-to-seek-help.md")
            continue
        path_part, _, encoded_anchor = href.partition("#")
        anchor = unquote(encoded_anchor)  # markdown-it percent-encodes link targets; ids are compared as written
        if not path_part:
            if anchor not in anchors_of(article) and not FOOTNOTE_ANCHOR.match(anchor) and anchor not in PAGE_ANCHORS:
                problems.error(where, line, f'the link "#{anchor}" points to no heading on this page', did_you_mean(anchor, anchors_of(article), "headings on this page"))
            continue
        resolved = (article.path.parent / unquote(path_part)).resolve()
        try:
            relative = resolved.relative_to(root).as_posix()
        except ValueError:
            problems.error(where, line, f'the {noun} "{href}" points outside the content folder', "link only to files inside content/")
            continue
        if target.kind == "image":
            if resolved.suffix.lower() not in IMAGE_SUFFIXES:
                problems.error(where, line, f'the image "{href}" is not a picture file', "use a .png, .jpg, .webp, .gif or .avif file")
            elif not resolved.is_file():
                problems.error(where, line, f'the image "{href}" does not exist', "check the file name and folder")
            else:
                images.add(relative)
                token.attrSet("src", media_url(relative))
            continue
        if resolved.suffix != ".md":
            problems.error(where, line, f'the link "{href}" is not an article', "link to an article's .md file, or write a full https:// address")
            continue
        linked = by_path.get(resolved)
        if linked is None:
            if resolved in drafts:
                problems.error(where, line, f'the link "{href}" points to an unpublished article (a draft, or in a section the config hides)', "publish that article (draft: false, and its section shown) or remove the link")
            else:
                known = [p.relative_to(root).as_posix() for p in by_path]
                problems.error(where, line, f'the link "{href}" points to {relative}, which does not exist', did_you_mean(relative, known, "articles"))
            continue
        if anchor and anchor not in anchors_of(linked):
            problems.error(where, line, f'the link "{href}" points to no heading "#{anchor}" in {relative}', did_you_mean(anchor, anchors_of(linked), f"headings in {relative}"))
            continue
        token.attrSet("href", url_of(linked) + (f"#{encoded_anchor}" if anchor else ""))
    return images
