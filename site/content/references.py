"""The citation registry: content/references.yaml, read and validated with line numbers."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from thaw.content import fields as f
from thaw.content.article import read_text
from thaw.errors import Problems, display_path
from thaw.content.frontmatter import MAX_DEPTH, TooDeep, compose
from thaw.util.suggest import did_you_mean

FILENAME = "references.yaml"


@dataclass(frozen=True)
class Reference:
    """One source an article can cite as [@key]."""

    key: str
    title: str
    year: int
    line: int
    authors: tuple[str, ...] = ()
    publisher: str = ""
    url: str = ""
    note: str = ""

    @property
    def credit(self) -> str:
        """Authors (or the publisher when there are none) for the reference list."""
        if self.authors:
            names = list(self.authors)
            return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return self.publisher


def _authors(node: yaml.Node, name: str) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode):
        return (f.text(node, name),)
    if isinstance(node, yaml.SequenceNode):
        return tuple(f.text(item, name) for item in node.value)
    raise f.FieldError('"authors" must be a list of names', "write authors: [First Author, Second Author]")


def _url(node: yaml.Node, name: str) -> str:
    value = f.optional_text(node, name)
    if value and not value.startswith(("https://", "http://")):
        raise f.FieldError(f'"url" must start with https:// (got "{value}")', "paste the full address of the page")
    return value


READERS = {
    "title": lambda n: f.text(n, "title"),
    "authors": lambda n: _authors(n, "authors"),
    "publisher": lambda n: f.optional_text(n, "publisher"),
    "year": lambda n: f.integer(n, "year"),
    "url": lambda n: _url(n, "url"),
    "note": lambda n: f.optional_text(n, "note"),
}


def load_references(content_dir: Path, problems: Problems, folder: str = "") -> dict[str, Reference]:
    """Read every reference (of content/references.yaml, or of a translation's folder: content/es/references.yaml); a
    missing file is an empty registry."""
    path = content_dir / folder / FILENAME
    where = display_path(path, content_dir.parent)
    if not path.exists():
        return {}
    text = read_text(path, where, problems)
    if text is None:
        return {}
    try:
        root = compose(text)
    except TooDeep as exc:
        problems.error(where, exc.problem_mark.line + 1, f"the file nests more than {MAX_DEPTH} levels deep", "write each reference as key: with its fields indented once below it")
        return {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.error(where, mark.line + 1 if mark else 1, f"not valid YAML ({(exc.problem or '').strip()})", "check indentation and quote titles that contain a colon")
        return {}
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        problems.error(where, 1, "the file must map keys to references", "write key: then the fields indented below it")
        return {}
    registry: dict[str, Reference] = {}
    for key_node, node in root.value:
        line = key_node.start_mark.line + 1
        key = str(key_node.value)
        if not f.SLUG_RE.match(key):
            problems.error(where, line, f'reference key "{key}" is not lower-case-with-hyphens', f'rename it, e.g. "{f.slugify(key)}"')
            continue
        if key in registry:
            problems.error(where, line, f'reference "{key}" is defined twice (first on line {registry[key].line})', "keep one of them")
            continue
        if not isinstance(node, yaml.MappingNode):
            problems.error(where, line, f'reference "{key}" must be a group of fields', "indent title:, publisher:, year: and url: under it")
            continue
        values: dict[str, object] = {}
        ok = True
        for field_node, value_node in node.value:
            field_line = field_node.start_mark.line + 1
            name = str(field_node.value)
            if name not in READERS:
                problems.error(where, field_line, f'unknown reference field "{name}"', did_you_mean(name, READERS, "reference fields"))
                ok = False
                continue
            try:
                values[name] = READERS[name](value_node)
            except f.FieldError as exc:
                problems.error(where, field_line, exc.message, exc.fix)
                ok = False
        for name in ("title", "year"):
            if name not in values and ok:
                problems.error(where, line, f'reference "{key}" has no {name}', f"add {name}: …")
                ok = False
        if ok and not values.get("authors") and not values.get("publisher"):
            problems.error(where, line, f'reference "{key}" has neither authors nor publisher', "add publisher: (an organisation) or authors: [names]")
            ok = False
        if ok:
            registry[key] = Reference(key=key, line=line, **values)  # type: ignore[arg-type]
    return registry
