"""Is a file what its name says? Magic numbers for pictures, PDFs and audio, UTF-8 for plain text; SVGs refused when
they can run script or load anything from elsewhere."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat


@dataclass(frozen=True)
class ImageFault:
    """Why a picture file is refused: a predicate phrase for "the image "x.png" …", how to fix it, and the line (SVG)."""

    message: str
    fix: str
    line: int | None = None


SVG_NS = "http://www.w3.org/2000/svg"
FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "handler", "listener", "iframe", "embed", "object", "audio", "video"})
REFERENCE_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data"})
OUTSIDE_URL = re.compile(r"url\(\s*(?![\"']?\s*#)", re.IGNORECASE)  # url(…) to anything but a fragment of the file itself
SCRIPT_URL = re.compile(r"(java|vb)\s*script\s*:", re.IGNORECASE)  # also in <animate to="…"> or <set to="…">
CLEAN_SVG = "draw the logo again without it, or export it as a plain SVG (or a PNG)"


def _magic(kind: str, head: bytes) -> bool:
    """Whether `head` starts the way a `kind` file does."""
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if kind == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if kind == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if kind == "avif":  # an ISO-BMFF file whose ftyp box names an AVIF brand
        size = int.from_bytes(head[:4], "big")
        return head[4:8] == b"ftyp" and any(head[i : i + 4] in (b"avif", b"avis") for i in range(8, min(size, len(head)) - 3, 4))
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "mp3":  # an ID3 tag, or straight away an MPEG audio frame (11 sync bits)
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 != 0)
    if kind == "m4a":  # an ISO-BMFF (MP4) file
        return head[4:8] == b"ftyp"
    if kind == "ogg":
        return head.startswith(b"OggS")
    return False


KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp", ".avif": "avif",
         ".pdf": "pdf", ".mp3": "mp3", ".m4a": "m4a", ".ogg": "ogg"}
PICTURES = ("png", "jpeg", "gif", "webp", "avif")
ORDER = (*PICTURES, "pdf", "ogg", "m4a", "mp3")  # which kind a file really is: AVIF before M4A (both MP4 boxes)
TEXT_SUFFIXES = (".txt",)
TEXT_HEAD = 8192  # plain text is checked this far: a program or a document saved as .txt shows itself at once


def _a(name: str) -> str:
    """ "a PNG", "an MP3": the article as the name is spoken, letter by letter."""
    return f"an {name}" if name[0] in "AEFHILMNORSX" else f"a {name}"


def file_fault(path: Path | str) -> ImageFault | None:
    """Check a file's bytes against its extension: magic numbers for pictures, PDFs and audio, UTF-8 without NUL for
    plain text; an SVG is parsed and must be self-contained."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".svg":
            return svg_fault(path.read_bytes())
        with path.open("rb") as file:
            head = file.read(TEXT_HEAD if suffix in TEXT_SUFFIXES else 64)
    except OSError as exc:
        return ImageFault(f"cannot be read ({exc.strerror})", "check the file's permissions")
    if suffix in TEXT_SUFFIXES:
        return None if _plain_text(head) else ImageFault("is not plain text (it holds bytes that text never does)", "save it again as plain text (UTF-8), or as a PDF")
    kind = KINDS.get(suffix)
    if kind is None:
        return ImageFault("is not a picture file", "use a .png, .jpg, .webp or .gif file")
    if not _magic(kind, head):
        actual = next((other for other in ORDER if _magic(other, head)), None)
        fix = f"save it again as {kind.upper()}, or give it the right extension"
        if actual:
            return ImageFault(f"is really {_a(actual.upper())} file, not the {kind.upper()} its name says", fix)
        if kind in PICTURES:
            return ImageFault(f"is not a picture file (its bytes are not those of one), not the {kind.upper()} its name says", fix)
        return ImageFault(f"is not {_a(kind.upper())} file (its bytes are not those of one)", fix)
    return None


def _plain_text(head: bytes) -> bool:
    """UTF-8 (a character cut off at the end of `head` aside) with no NUL byte."""
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


class _Refused(Exception):
    """Raised inside the SVG parser's handlers to stop at the first unsafe thing."""

    def __init__(self, message: str, fix: str = CLEAN_SVG) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


def svg_fault(data: bytes) -> ImageFault | None:
    """Refuse an SVG that could run script or load anything: scripts, handlers, outside references, DTDs and entities."""
    parser = expat.ParserCreate(namespace_separator=" ")
    depth = [0]
    style_text: list[str] = []

    def local(name: str) -> str:
        return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]

    def start(name: str, attributes: dict[str, str]) -> None:
        element = local(name)
        if depth[0] == 0 and name != f"{SVG_NS} svg":
            if element == "svg":
                raise _Refused('has no SVG namespace, so browsers will not draw it', f'add xmlns="{SVG_NS}" to the <svg> element')
            raise _Refused(f"is not an SVG drawing (its outermost element is <{element}>)", "export the logo as SVG from a drawing program")
        depth[0] += 1
        if element.lower() in FORBIDDEN_ELEMENTS:
            raise _Refused(f"contains a <{element}> element, which could run code or show another page in the logo")
        for attribute, value in attributes.items():
            key = local(attribute).lower()
            if key.startswith("on"):
                raise _Refused(f'has an event handler ({local(attribute)}="…"), which would run code')
            if key in REFERENCE_ATTRIBUTES and not value.strip().startswith("#"):
                raise _Refused(f'refers to "{value.strip()[:60]}"; a logo may only refer to parts of itself (#id)')
            if SCRIPT_URL.search(value) or (key == "attributename" and (value.strip().lower().endswith("href") or value.strip().lower().startswith("on"))):
                raise _Refused(f'could run code through {local(attribute)}="{value.strip()[:60]}"')
            if OUTSIDE_URL.search(value):
                raise _Refused(f'loads something from outside the file ({key}="{value.strip()[:60]}")')
        if element == "style":
            style_text.clear()

    def end(name: str) -> None:
        depth[0] -= 1
        if local(name) == "style" and ("@import" in "".join(style_text).lower() or OUTSIDE_URL.search("".join(style_text))):
            raise _Refused("has a style sheet that loads something from outside the file")

    def doctype(*_: object) -> None:
        raise _Refused("has a DOCTYPE (which can define entities or load a DTD)", "delete the <!DOCTYPE …> declaration")

    def entity(*_: object) -> None:
        raise _Refused("defines an entity", "delete the <!ENTITY …> declarations")

    def instruction(target: str, data: str) -> None:
        raise _Refused(f"has a <?{target} …?> processing instruction (which can load a style sheet)", "delete it")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = style_text.append
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = lambda *_: 0  # never fetched (and DOCTYPEs are refused before any could be declared)
    parser.ProcessingInstructionHandler = instruction
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return ImageFault(refused.message, refused.fix, parser.CurrentLineNumber)
    except expat.ExpatError as exc:
        return ImageFault(f"is not well-formed SVG ({expat.errors.messages[exc.code]})", "export the logo again as plain SVG", exc.lineno)
    return None
