"""Split a Markdown file into its YAML front matter and body, keeping line numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml


class DatesAsTextLoader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates stay text so we can check them ourselves."""


DatesAsTextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

if getattr(yaml, "__with_libyaml__", False):

    class FastDatesAsTextLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
        """The same rules parsed by libyaml, several times faster; errors are re-read by the pure loader for their wording."""

    FastDatesAsTextLoader.yaml_implicit_resolvers = DatesAsTextLoader.yaml_implicit_resolvers
    COMPOSER: type = FastDatesAsTextLoader
else:  # pragma: no cover - PyYAML wheels ship libyaml
    COMPOSER = DatesAsTextLoader


@dataclass
class Field:
    """One front-matter value with the line it was written on."""

    name: str
    line: int
    node: yaml.Node


MAX_DEPTH = 50  # front matter nests 2 deep and references.yaml 3; libyaml recurses without limit and crashes near 25,000


class TooDeep(yaml.MarkedYAMLError):
    """The YAML nests deeper than MAX_DEPTH; refused before libyaml could recurse on it."""


def _flow_depth(line: str, depth: int) -> tuple[int, int]:
    """The bracket depth after `line` and the deepest it reached, not counting brackets in quotes or comments."""
    peak, quote, previous = depth, "", " "
    for char in line:
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and previous in " \t[{,:":
            quote = char
        elif char == "#" and previous in " \t":
            break
        elif char in "[{":
            depth += 1
            peak = max(peak, depth)
        elif char in "]}" and depth:
            depth -= 1
        previous = char
    return depth, peak


def too_deep_at(text: str) -> int | None:
    """The 0-based line where `text` nests more than MAX_DEPTH levels (by indentation, `- ` and brackets), or None."""
    bracket_count = text.count("[") + text.count("{")
    # No line can nest deeper than the lines above it plus every marker and bracket in the text: most front matter is
    # below the limit on that count alone, and the line-by-line walk below is skipped.
    if text.count("\n") + 1 + text.count("- ") + text.count("? ") + text.count(": ") + bracket_count <= MAX_DEPTH:
        return None
    brackets = bracket_count > MAX_DEPTH  # else brackets alone cannot go too deep: skip scanning them
    indents: list[int] = []
    flow = 0
    for number, line in enumerate(text.split("\n")):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        if not flow:
            indent = len(line) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        peak = flow
        if brackets:
            flow, peak = _flow_depth(stripped, flow)
        if len(indents) + stripped.count("- ") + stripped.count("? ") + stripped.count(": ") + peak > MAX_DEPTH:
            return number
    return None


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of `text` (lines kept), by libyaml; a failure is re-read by the pure loader for its wording.

    Nesting deeper than MAX_DEPTH raises TooDeep first (libyaml would overflow the stack on it)."""
    deep = too_deep_at(text)
    if deep is not None:
        mark = yaml.Mark("", 0, deep, 0, None, None)
        raise TooDeep(problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=mark)
    try:
        return yaml.compose(text, Loader=COMPOSER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=DatesAsTextLoader)  # the same input fails here too, with the usual message


def construct(node: yaml.Node) -> object:
    """Build the Python value of a node with the safe loader's rules."""
    loader = DatesAsTextLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


class FrontMatterError(Exception):
    """The front matter cannot be read; carries the line and a fix, and the body when its end was found (so the text
    can still be checked), and whether a `draft: true` line stands in it (so a draft's problems stay a draft's)."""

    def __init__(self, line: int, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix
        self.body: str | None = None
        self.body_line = 1
        self.draft = False


DRAFT_LINE = re.compile(r"^draft:[ \t]*(?:true|True|TRUE|yes|Yes|YES)[ \t]*(?:#.*)?$", re.MULTILINE)  # as YAML reads it


@dataclass
class Parsed:
    """Front-matter fields by name, the body, and the line the body starts on."""

    fields: dict[str, Field]
    body: str
    body_line: int
    end_line: int


def split(text: str) -> Parsed:
    """Parse `---` fenced YAML at the top of `text`; raise FrontMatterError with a line (and the body, when known)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        error = FrontMatterError(
            1,
            "the file does not start with front matter",
            'begin it with a line "---", the fields (title: …), then another "---"',
        )
        error.body = text  # all of it is text to check
        raise error
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise FrontMatterError(1, "the front matter is never closed", 'add a line "---" after the last field')
    body = "\n".join(lines[end + 1 :])
    try:
        fields = _fields(lines[1:end])
    except FrontMatterError as error:
        error.body, error.body_line = body, end + 2
        error.draft = bool(DRAFT_LINE.search("\n".join(lines[1:end])))
        raise
    return Parsed(fields, body, end + 2, end + 1)


def _fields(lines: list[str]) -> dict[str, Field]:
    """The fields of the front matter's lines (the file's lines 2 on), by name."""
    source = "\n".join(lines)
    for number, line in enumerate(lines, start=2):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise FrontMatterError(number, "a tab is used for indenting in the front matter", "indent with spaces")
    try:
        node = compose(source)
    except TooDeep as exc:
        raise FrontMatterError(exc.problem_mark.line + 2, f"the front matter nests more than {MAX_DEPTH} levels deep", "write each field as name: value; a list of words needs one pair of [ ]") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark else 2
        problem = (exc.problem or "invalid YAML").strip()
        raise FrontMatterError(
            line, f"the front matter is not valid YAML ({problem})", 'write each field as "name: value"; quote values that contain ": " or start with a symbol'
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without a mark
        raise FrontMatterError(2, f"the front matter is not valid YAML ({exc})") from None
    if node is None:
        raise FrontMatterError(1, "the front matter is empty", "add at least title, summary, section and date")
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(node.start_mark.line + 2, "the front matter must be a list of fields", 'write each field as "name: value"')
    fields: dict[str, Field] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode):
            raise FrontMatterError(line, "a field name must be plain text")
        name = key_node.value
        if not name.isprintable():
            raise FrontMatterError(line, "a field name contains an unprintable character", "retype the field name")
        if name in fields:
            raise FrontMatterError(line, f'"{name}" is given twice (first on line {fields[name].line})', "keep one of them")
        fields[name] = Field(name, line, value_node)
    return fields
