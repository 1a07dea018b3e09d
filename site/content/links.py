"""Check every link and image of an article and rewrite it to its final site URL."""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from thaw.content.article import PLACEHOLDER, UNLINKED, Article, fill_placeholders  # noqa: F401  (links.fill_placeholders is where readers look)
from thaw.content.inputs import HANDOUT_SUFFIXES, IMAGE_SUFFIXES, fix_for, is_handout, is_hidden, limit_of, scan, too_large
from thaw.util.images import file_fault
from thaw.errors import Problems
from thaw.util.pickling import by_fields
from thaw.util.suggest import close_match, did_you_mean

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
UNSAFE_FILE_NAME = re.compile(r"[#?%\\\x00-\x1f\x7f]")  # a picture's path becomes part of its URL
MEDIA_SUFFIXES = IMAGE_SUFFIXES + HANDOUT_SUFFIXES  # files an article may link, published at /media/<path>
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
FOOTNOTE_ANCHOR = re.compile(r"^fn(ref)?\d+(:\d+)?$")
PAGE_ANCHORS = ("references", "main", "contents")
HIDDEN_FIX = "show the section again (show_sections or [[sections]] in thaw.toml), or remove the link"


def anchors_of(article: Article) -> set[str]:
    return {h.id for h in article.headings}




@by_fields
@dataclass(frozen=True, slots=True)
class InternalLink:
    """A link to another article's .md file (content-relative), checked once every article has been parsed."""

    href: str  # as typed
    line: int
    relative: str
    anchor: str
    encoded_anchor: str


def resolve_targets(
    article: Article,
    exercise_urls: Mapping[str, str],
    media_url: Callable[[str], str],
    root: str,
    problems: Problems,
    deferred: list[InternalLink],
    real_folders: dict[str, str] | None = None,
) -> list[str]:
    """Check and rewrite the links of one parsed article; links to other articles get a placeholder and join `deferred`.

    `root` is the content folder's real path; `real_folders` remembers the real path of each folder links point into.
    Returns the content-relative paths of the pictures and handouts the article uses, in order of first use.
    """
    images: list[str] = []
    where = article.display
    folder = str(article.path.parent)
    real_folders = real_folders if real_folders is not None else {}
    for target in article.env.get("targets", []):
        line = article.body_line + target.line
        href = target.url.strip()  # as the page will have it
        typed = target.href.strip()  # as the writer typed it: what messages show
        token = target.token
        noun = "image" if target.kind == "image" else "link"
        if not href:
            problems.error(where, line, f"a {noun} has an empty address", "write the address between the parentheses")
            continue
        scheme_match = SCHEME.match(href)
        if scheme_match and scheme_match.group(1).lower() == "exercise" and target.kind == "link":
            name = href.split(":", 1)[1]
            if name not in exercise_urls:
                problems.error(where, line, f'the link "{typed}" names no exercise', did_you_mean(name, exercise_urls, "exercises"))
            elif not exercise_urls[name]:  # the config hides the exercises
                problems.warn(where, line, f'the link "{typed}" is shown as plain text: the config hides the exercises', HIDDEN_FIX)
                token.attrSet("href", UNLINKED)
            else:
                token.attrSet("href", exercise_urls[name])
            continue
        if scheme_match:
            scheme = scheme_match.group(1).lower()
            if target.kind == "image":
                problems.error(where, line, f'the image "{typed}" would load from another site', "save the image in content/ and link it by its relative path")
            elif scheme not in ALLOWED_SCHEMES:
                problems.error(where, line, f'the link "{typed[:60]}" uses "{scheme}:", which is not allowed', "only http, https, mailto and tel links are kept")
            elif scheme in ("http", "https"):
                token.attrSet("rel", "noreferrer")
            continue
        if href.startswith("//"):
            problems.error(where, line, f'the {noun} "{typed}" has no scheme', "write the full address, starting with https://")
            continue
        if href.startswith("/"):
            problems.error(where, line, f'the {noun} "{typed}" is a site path', "link to the article's .md file by its relative path, e.g. ../getting-help/when-to-seek-help.md")
            continue
        path_part, _, encoded_anchor = href.partition("#")
        anchor = unquote(encoded_anchor)  # markdown-it percent-encodes link targets; ids are compared as written
        if not path_part:
            if anchor not in anchors_of(article) and not FOOTNOTE_ANCHOR.match(anchor) and anchor not in PAGE_ANCHORS:
                problems.error(where, line, f'the link "#{anchor}" points to no heading on this page', did_you_mean(anchor, anchors_of(article), "headings on this page"))
            continue
        resolved = real_path(folder, unquote(path_part), real_folders)
        if resolved != root and not resolved.startswith(root + os.sep):
            problems.error(where, line, f'the {noun} "{typed}" points outside the content folder', "link only to files inside content/")
            continue
        relative = resolved[len(root) + 1 :].replace(os.sep, "/") or "."
        suffix = os.path.splitext(resolved)[1]
        if target.kind == "image" and suffix.lower() not in IMAGE_SUFFIXES:
            problems.error(where, line, f'the image "{typed}" is not a picture file', "use a .png, .jpg, .webp, .gif or .avif file")
            continue
        if target.kind == "image" or suffix.lower() in MEDIA_SUFFIXES:  # a picture, or a handout the link offers
            if UNSAFE_FILE_NAME.search(relative):
                problems.error(where, line, f'the {noun} "{typed}" has a file name with "{UNSAFE_FILE_NAME.search(relative).group()}", which cannot be part of a web address', "rename the file with letters, digits and hyphens only, and change the link")
            elif any(is_hidden(part) for part in relative.split("/")):  # never listed, so never hashed: a change would go unseen
                problems.error(where, line, f'the {noun} "{typed}" points to a hidden file (a name starting with . or _), which the build never reads', "move it out of the hidden folder, or rename it")
            elif not os.path.isfile(resolved):
                what = "does not exist" if target.kind == "image" else "points to a file that does not exist"
                problems.error(where, line, f'the {noun} "{typed}" {what}', _near_file(unquote(path_part), folder, root))
            elif fault := file_problem(resolved, relative):  # within its size limit, and its bytes what its extension says
                problems.error(where, line, f'the {noun} "{typed}" {fault[0]}', fault[1])
            else:
                if relative not in images:
                    images.append(relative)
                token.attrSet("src" if target.kind == "image" else "href", media_url(relative))
            continue
        if suffix != ".md":
            if suffix:
                problems.error(where, line, f'the link "{typed}" is to a {suffix} file, which the site does not publish', "link to a .md article; a handout must be a .pdf, .txt, .mp3, .m4a, .ogg or a picture (.png, .jpg, .webp, .gif, .avif)")
            else:
                problems.error(where, line, f'the link "{typed}" is not an article', "link to an article's .md file, or write a full https:// address")
            continue
        deferred.append(InternalLink(typed, line, relative, anchor, encoded_anchor))
        token.attrSet("href", f"{PLACEHOLDER}{len(deferred) - 1}")
    return images


def file_problem(resolved: str, relative: str) -> tuple[str, str] | None:
    """Why a linked picture or handout cannot be published, as (predicate, fix): over its size limit (a handout; the
    scan reports pictures), or its bytes not what its extension says. None when it can be."""
    limit = limit_of(relative)
    if is_handout(relative) and limit is not None and (size := os.path.getsize(resolved)) > limit:
        return f"is {too_large(size, limit)}", fix_for(relative)
    fault = file_fault(resolved)
    return (fault.message, fault.fix) if fault else None


def _near_file(written: str, folder: str, root: str) -> str:
    """How to fix a link to a missing picture or handout: the nearest such file, named as the link would name it."""
    here = os.path.realpath(folder)
    names = [os.path.relpath(os.path.realpath(item.path), here).replace(os.sep, "/") for item in scan(Path(root)) if item.relative.lower().endswith(MEDIA_SUFFIXES)]
    near = close_match(written, names)
    return f'did you mean "{near}"?' if near else "check the file name and folder"


def real_path(folder: str, target: str, real_folders: dict[str, str]) -> str:
    """os.path.realpath(folder/target), working out each folder's real path once (links point into a few folders)."""
    joined = os.path.join(folder, target)
    parent, name = os.path.split(joined)
    if name in ("", ".", ".."):
        return os.path.realpath(joined)
    real = real_folders.get(parent)
    if real is None:
        real = real_folders[parent] = os.path.realpath(parent)
    found = os.path.join(real, name)
    return os.path.realpath(found) if os.path.islink(found) else found


def resolve_internal_links(
    article: Article,
    links: tuple[InternalLink, ...],
    by_relative: Mapping[str, Article],
    drafts: Mapping[str, Article],
    problems: Problems,
    hidden: Mapping[str, Article] | None = None,
) -> tuple[str, ...]:
    """Check one article's links to other articles against them and their headings; return the final URL of each.

    A link to an article in a section the config hides (`hidden`) is a warning, and its URL is empty: the page shows
    the link's words alone."""
    urls: list[str] = []
    where = article.display
    anchors: dict[int, set[str]] = {}
    for link in links:
        href, relative, anchor = link.href, link.relative, link.anchor
        linked = by_relative.get(relative)
        urls.append("")
        if linked is None:
            if hidden and relative in hidden:
                problems.warn(where, link.line, f'the link "{href}" is shown as plain text: the config hides the section "{hidden[relative].section}"', HIDDEN_FIX)
            elif relative in drafts:
                problems.error(where, link.line, f'the link "{href}" points to an unpublished article (a draft, or in a section the config hides)', "publish that article (draft: false, and its section shown) or remove the link")
            else:
                problems.error(where, link.line, f'the link "{href}" points to {relative}, which does not exist', did_you_mean(relative, list(by_relative), "articles"))
        elif anchor and anchor not in (anchors.get(id(linked)) or anchors.setdefault(id(linked), anchors_of(linked))):
            problems.error(where, link.line, f'the link "{href}" points to no heading "#{anchor}" in {relative}', did_you_mean(anchor, anchors_of(linked), f"headings in {relative}"))
        else:
            urls[-1] = linked.url + (f"#{link.encoded_anchor}" if anchor else "")
    return tuple(urls)
