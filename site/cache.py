"""Checksummed files kept between builds: a damaged or foreign file reads as missing, never as data."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .errors import ThawError

FORMAT = b"thaw-cache-3\n"  # bump when a cached structure changes shape
PACKAGE = Path(__file__).resolve().parent
DEPENDENCIES = ("markdown-it-py", "mdit-py-plugins", "Flask", "Jinja2", "Frozen-Flask", "Werkzeug", "MarkupSafe", "PyYAML", "textstat")


class CacheDamaged(ThawError):
    """A cached file failed its checksum while a page was being built; the build starts again from nothing."""


def digest(*parts: object) -> str:
    """A hex SHA-256 of the parts' text (bytes are hashed as they are)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()


def code_version(python_only: bool = False) -> str:
    """A hash of Thaw's own files (code, templates, static files, crisis data) and its libraries' versions.

    Any change to the program, even an edit to an installed copy, makes every cached page stale. With
    `python_only`, templates and static files are left out: an article's rendering does not depend on them,
    so a template change re-renders pages without rendering any Markdown again.
    """
    return _code_versions()[python_only]


def forget_code_version() -> None:
    """Hash the program's files again on the next call (for a process that changes them, such as a test)."""
    _code_versions.cache_clear()


@lru_cache(maxsize=1)
def _code_versions() -> tuple[str, str]:
    """(everything, the Python code only), from one reading of the package's files."""
    everything, python = hashlib.sha256(FORMAT + b"all"), hashlib.sha256(FORMAT + b"python")
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            record = path.relative_to(PACKAGE).as_posix().encode() + b"\x00" + path.read_bytes() + b"\x00"
            everything.update(record)
            if path.suffix == ".py":
                python.update(record)
    for name in DEPENDENCIES:
        try:
            line = f"{name}=={metadata.version(name)}\n".encode()
        except metadata.PackageNotFoundError:
            line = f"{name} missing\n".encode()
        everything.update(line)
        python.update(line)
    return everything.hexdigest(), python.hexdigest()


def seal(value: Any) -> bytes:
    """Pickle `value` behind a format marker and a checksum of the payload."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return FORMAT + hashlib.sha256(payload).digest() + payload


def unseal(data: bytes) -> Any | None:
    """The value sealed in `data`, or None when the marker or checksum does not match."""
    start = len(FORMAT) + 32
    if not data.startswith(FORMAT) or len(data) < start:
        return None
    payload = data[start:]
    if hashlib.sha256(payload).digest() != data[len(FORMAT) : start]:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a payload that cannot be read is a miss like any other
        return None


def read_sealed(path: Path) -> Any | None:
    try:
        return unseal(path.read_bytes())
    except OSError:
        return None


def write_atomic(path: Path, *chunks: bytes) -> None:
    """Write through a temporary file and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_sealed(path: Path, value: Any) -> None:
    write_atomic(path, seal(value))


def cache_folder_for(output: Path) -> Path:
    """Where a build keeps what it reuses: a hidden folder beside the output, never inside content/."""
    return output.parent / f".{output.name}.thaw-cache"
