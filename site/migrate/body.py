"""Rewrite an imported page's links to their new paths and find what Thaw will not show as the other generator did."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from thaw.content.inputs import HANDOUT_SUFFIXES, IMAGE_SUFFIXES
from thaw.migrate.mapping import reader
from thaw.migrate.targets import Index, Page
from thaw.util.suggest import did_you_mean
from thaw.markdown.rules.headings import slug
from thaw.util.text import slugify

TEMPLATE_MARKUP = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}")
CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)")
# A link reference definition (not a footnote): an address, then nothing but a title ("[a]: Words in a sentence" is text).
REFERENCE = re.compile(r"^( {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)(?=[ \t]*(?:$|\"|'|\())", re.M)
CONSTRUCT = re.compile(
    r"(?P<block>^(?:!!!|\?\?\?\+?|:::(?! region\b)|///|--8<--)[ \t].*$)"  # MkDocs admonitions, mkdocstrings, snippets; Thaw's own ::: region is fine
    r"|(?P<wiki>(?P<embed>!?)\[\[(?P<wtarget>[^\[\]|#\n]*)(?:#(?P<wanchor>[^\[\]|\n]*))?(?:\|(?P<wtext>[^\[\]\n]*))?\]\](?!\())"  # [[1]](x.md) is a link
    r"|(?P<link>!?\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]\(\s*)"
    r"(?P<dest><[^>]*>|\{\{[<%].*?[>%]\}\}|\{%.*?%\}|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?=(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\))"
    r"|(?P<cite>\[@[^\[\]\n]*\])"
    r"|(?P<shortcode>\{\{(?P<open>[<%])\s*(?P<closing>/)?\s*(?P<sname>[\w./-]+).*?[>%]\}\})"
    r"|(?P<tag>\{%-?\s*(?P<tname>\w+).*?-?%\})"
    r"|(?P<value>\{\{-?\s*(?P<vtext>.*?)\s*-?\}\})",
    re.M,
)
HUGO_REF = re.compile(r"""^\{\{[<%]\s*(?:rel)?ref\s+(?:"([^"]*)"|'([^']*)'|(\S+))\s*[>%]\}\}$""")
JEKYLL_POST_URL = re.compile(r"^\{%-?\s*post_url\s+(\S+)\s*-?%\}$")
JEKYLL_LINK = re.compile(r"^\{%-?\s*link\s+(\S+)\s*-?%\}$")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
FOOTNOTE_ANCHOR = re.compile(r"^fn(ref)?\d+(:\d+)?$")
NOT_SHOWN = "is not Markdown: Thaw shows it as written"


@dataclass
class Finding:
    """Something in the body an editor should look at: its 0-based line in the body, what, and how to fix it."""

    line: int
    message: str
    fix: str


class Rewriter:
    """Rewrites the bodies of the imported pages, one page at a time, against the index of every imported page."""

    def __init__(self, index: Index, picture: Callable[[str], str | None]) -> None:
        self.index = index
        self.picture = picture  # a picture's or handout's source-relative path -> its new content-relative path (copied), or None

    def rewrite(self, body: str, page: Page) -> tuple[str, list[Finding]]:
        """The body with every resolvable link pointing at its new path, and what needs an editor, line by line."""
        self.page, self.findings, self.number = page, [], 0
        lines = body.split("\n")
        skip = self._raw_html_and_code(body)
        # Code and HTML blocks, and code spans, are masked (same length) so that nothing in them is read as a link.
        masked = "\n".join("x" * len(line) if number in skip else CODE_SPAN.sub(lambda m: "x" * len(m.group()), line) for number, line in enumerate(lines))
        text = self._rewrite(body, masked)
        return text, sorted(self.findings, key=lambda f: f.line)

    def _note(self, message: str, fix: str, line: int | None = None) -> None:
        finding = Finding(self.number if line is None else line, message, fix)
        if not any(f.line == finding.line and f.message == finding.message for f in self.findings):
            self.findings.append(finding)

    def _raw_html_and_code(self, body: str) -> set[int]:
        """Report raw HTML (Thaw renders none), and return the lines to leave alone: code, and HTML blocks."""
        masked = TEMPLATE_MARKUP.sub(lambda m: "x" * len(m.group()), body)  # {{<figure>}} is a shortcode, not HTML
        skip: set[int] = set()
        tokens = reader().parse(masked)
        for token in tokens:
            if token.type in ("fence", "code_block", "html_block") and token.map:
                skip.update(range(*token.map))
            if token.type == "html_block" and token.map:
                self._html(token.content, token.map[0])
            if token.type == "inline" and token.map:
                line = token.map[0]
                for child in token.children or []:
                    if child.type in ("softbreak", "hardbreak"):
                        line += 1
                    elif child.type == "html_inline":
                        self._html(child.content, line)
        return skip

    def _html(self, html: str, line: int) -> None:
        if any(f.line == line and f.message.startswith("raw HTML") for f in self.findings):
            return  # one note a line: <span>…</span> is one thing to rewrite
        snippet = html.strip().split("\n")[0]
        snippet = snippet if len(snippet) <= 40 else snippet[:39] + "…"
        self._note(f"raw HTML ({snippet}) is shown as text: Thaw does not render HTML", "rewrite it in Markdown, or remove it", line)

    def _rewrite(self, body: str, masked: str) -> str:
        """Rewrite the constructs found in `masked` (a link's text may run over several lines) in `body`."""
        edits: list[tuple[int, int, str]] = []
        for reference in REFERENCE.finditer(masked):
            self.number = masked.count("\n", 0, reference.start())
            start, end = reference.span(2)
            edits.append((start, end, self._destination(body[start:end], image=False)))
        for match in CONSTRUCT.finditer(masked):
            start, end = match.span()
            if any(s <= start < e for s, e, _ in edits):
                continue
            self.number = masked.count("\n", 0, start)
            original = body[start:end]
            if match.group("wiki"):
                new = self._wikilink(match, original)
            elif match.group("link"):
                start = match.start("dest")
                new = self._destination(body[start:end], image=original.startswith("!"))
            elif match.group("cite"):
                new = original
                self._citation(original)
            elif match.group("shortcode"):
                new = original
                if not match.group("closing"):
                    self._note(f"the Hugo shortcode {{{{{match.group('open')} {match.group('sname')} {'>' if match.group('open') == '<' else '%'}}}}} {NOT_SHOWN}", "write what it showed in plain Markdown (a video or a figure becomes a link or a picture), or remove it")
            elif match.group("tag"):
                new = original
                if not match.group("tname").startswith("end"):
                    self._note(f"the Liquid tag {{% {match.group('tname')} %}} {NOT_SHOWN}", "replace it with the text it stood for, or remove it")
            elif match.group("block"):
                new = original
                self._block(match.group("block").strip())
            else:
                new = original
                self._note(f"the Liquid value {{{{ {match.group('vtext')} }}}} {NOT_SHOWN}", "write the value itself (a date, a name), or remove it")
            edits.append((start, end, new))
        parts: list[str] = []
        done = 0
        for start, end, new in sorted(edits):
            parts += [body[done:start], new]
            done = end
        parts.append(body[done:])
        return "".join(parts)

    def _citation(self, text: str) -> None:
        self._note(f"{text} is a citation in Thaw, and {text[2:-1]} is not a source", "take out the @ if it is a name, or cite a source from content/references.yaml as [@key]")

    def _block(self, marker: str) -> None:
        kind = {"!!!": "an MkDocs admonition", "???": "an MkDocs admonition", ":::": "a ::: block", "--8<--": "an MkDocs snippet include", "///": "an MkDocs block"}
        name = next((k for k in kind if marker.startswith(k)), ":::")
        fix = "write its text as plain paragraphs (without the marker line and the indentation), or remove it"
        self._note(f"{kind[name]} ({marker[:40]}) {NOT_SHOWN}", fix + ("; in Thaw, ::: starts only a region block (::: region uk)" if name == ":::" else ""))

    def _relative(self, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(self.page.new) or ".")

    def _anchor(self, anchor: str, anchors: set[str]) -> str | None:
        """The id Thaw gives the heading `anchor` means (`#Extra_Templates` is Thaw's `#extra-templates`), or None."""
        if unquote(anchor) in anchors:
            return anchor
        written = unquote(anchor)
        for guess in (slug(written), slug(written.replace("_", " ")), slugify(written)):  # GitHub's way, then a wiki's
            if guess in anchors:
                return guess
        return None

    def _to_page(self, target: Page, anchor: str, written: str) -> str:
        found = self._anchor(anchor, target.anchors) if anchor else ""
        if found is None:
            self._note(f'the link "{written}" points to no heading "#{unquote(anchor)}" in {target.new}', did_you_mean(unquote(anchor), target.anchors, f"headings in {target.new}"))
            found = anchor
        return self._relative(target.new) + (f"#{found}" if found else "")

    def _destination(self, written: str, image: bool) -> str:
        """The new address for a link's or picture's address as written; unchanged (and reported) when unresolvable."""
        dest = written[1:-1].strip() if written.startswith("<") and written.endswith(">") else written
        folder = posixpath.dirname(self.page.relative)
        noun = "picture" if image else "link"
        page: Page | None = None
        anchor = ""
        if dest.startswith(("{{", "{%")):
            ref = HUGO_REF.match(dest)
            post = JEKYLL_POST_URL.match(dest)
            link = JEKYLL_LINK.match(dest)
            if ref:
                path, _, anchor = next(g for g in ref.groups() if g is not None).partition("#")
                page = self.index.find(path, folder, up=True) if path else self.index.at(self.page.relative)
            elif post:
                page = self.index.named(post.group(1))
            elif link:
                page = self.index.find(link.group(1), folder, up=True)
        elif SCHEME.match(dest) or dest.startswith("//"):
            if image:
                self._note(f'the picture "{dest}" loads from another site', "save the picture in content/ and link it by its relative path")
            return written
        elif not dest or dest == "#":
            return written
        elif dest.startswith("#"):
            found = self._anchor(dest[1:], self.page.anchors)
            if found is None and not FOOTNOTE_ANCHOR.match(dest[1:]):
                self._note(f'the link "{dest}" points to no heading on this page', did_you_mean(unquote(dest[1:]), self.page.anchors, "headings on this page"))
            return written if found is None or found == dest[1:] else f"#{found}"
        else:
            path, _, anchor = dest.partition("#")
            path = unquote(path.split("?")[0])
            suffix = posixpath.splitext(path.rstrip("/"))[1].lower()
            if image or (suffix and suffix not in (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".html")):
                return self._file(written, path, suffix, image)
            page = self.index.find(path, folder, up=path.startswith("/"))
        if page is None:
            self._note(f'the {noun} "{dest}" points to no imported page', "link to an article's .md file by its relative path, write a full https:// address, or remove the link")
            return written
        return self._to_page(page, anchor, dest)

    def _file(self, written: str, path: str, suffix: str, image: bool) -> str:
        """A picture, or a handout a link offers, is copied and its address rewritten; any other file is reported."""
        noun = "picture" if image else "link"
        if suffix not in (IMAGE_SUFFIXES if image else IMAGE_SUFFIXES + HANDOUT_SUFFIXES):
            kinds = ", ".join(IMAGE_SUFFIXES if image else HANDOUT_SUFFIXES + IMAGE_SUFFIXES)
            self._note(f'the {noun} "{written}" is to a file that was not copied', f"Thaw publishes only these files ({kinds}): save it as one of them, put it on a website and link its https:// address, or remove the link")
            return written
        source = posixpath.normpath(posixpath.join(posixpath.dirname(self.page.relative), path)) if not path.startswith("/") else path.lstrip("/")
        copied = None if source.startswith("..") else self.picture(source)
        if copied is None:
            self._note(f'the {noun} "{written}" does not exist in the folder being imported', "copy the file into content/ and change the link")
            return written
        return self._relative(copied)

    def _wikilink(self, match: re.Match[str], original: str) -> str:
        target, heading, text = (match.group(g) for g in ("wtarget", "wanchor", "wtext"))
        if match.group("embed"):
            self._note(f"the Obsidian embed {original} cannot be shown", "for a picture, copy it into content/ and write ![what it shows](its path); for a note, link to it instead")
            return original
        anchor = slug(heading.strip()) if heading else ""
        label = (text or target or heading or "").strip()
        if not target.strip():
            return f"[{label}](#{anchor})" if anchor else original
        page = self.index.named(target)
        if page is None:
            self._note(f"the link {original} points to no imported page", "link to an imported page's .md file, or remove the brackets")
            return original
        return f"[{label}]({self._to_page(page, anchor, original)})"
