"""Files kept between builds: plain JSON behind a keyed checksum; a damaged, foreign or forged file reads as missing."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from thaw.errors import ThawError
from thaw.util.hashing import digest  # noqa: F401  (cache keys are digests)

try:  # several times faster than the standard library's json for the cache's megabytes; the same plain data either way
    import orjson
except ImportError:  # pragma: no cover - requirements.txt pins it
    orjson = None  # type: ignore[assignment]

FORMAT = b"thaw-cache-5\n"  # bump when a cached structure changes shape
PACKAGE = Path(__file__).resolve().parents[1]  # the whole thaw package
DEPENDENCIES = ("markdown-it-py", "mdit-py-plugins", "Flask", "Jinja2", "Frozen-Flask", "Werkzeug", "MarkupSafe", "PyYAML", "textstat", "Babel")
KEY_FILE = "cache-key"  # in the user's own cache folder: the secret every cache file is signed with
MAC_BYTES = 32


class CacheDamaged(ThawError):
    """A cached file failed its checksum while a page was being built; the build starts again from nothing."""


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
            if path.suffix in (".py", ".po"):  # rendering adds a few words (a table's label) in the edition's language
                python.update(record)
    for name in DEPENDENCIES:
        try:
            line = f"{name}=={metadata.version(name)}\n".encode()
        except metadata.PackageNotFoundError:
            line = f"{name} missing\n".encode()
        everything.update(line)
        python.update(line)
    return everything.hexdigest(), python.hexdigest()


def cache_home() -> Path:
    """The user's own cache folder for Thaw: $XDG_CACHE_HOME/thaw or ~/.cache/thaw."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "thaw"


def private_folder(folder: Path) -> Path:
    """Create `folder` (0700) or check that it is the user's own and no one else's to read or write; else OSError."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.stat(folder, follow_symlinks=False)
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        raise OSError(f"{folder}: not a folder of this user's")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, 0o700)
    return folder


def signing_key() -> bytes:
    """This user's secret for signing cache files (made on first use); a process with nowhere to keep it uses its own.

    Remembered per cache home (asked for once per cached page: working out the home each time cost 0.1 s a build)."""
    return _key_for(os.environ.get("XDG_CACHE_HOME") or "", os.environ.get("HOME") or "")


def forget_key() -> None:
    """Read the key again on the next call (for tests that remove or replace it)."""
    _key_for.cache_clear()


@lru_cache(maxsize=4)
def _key_for(xdg_cache_home: str, home: str) -> bytes:
    """The key kept in the cache home these two variables name (the arguments are only the memo's key)."""
    try:
        return _read_or_make_key(private_folder(cache_home()) / KEY_FILE)
    except OSError:
        return secrets.token_bytes(MAC_BYTES)  # this process's cache files can be read back by no other: never reused


def _read_or_make_key(path: Path, attempts: int = 3) -> bytes:
    """The key in `path` when it is a private file of this user's; else a new one, written there with mode 0600."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        untrusted = False
    else:
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(stream.fileno())
            key = stream.read(MAC_BYTES + 1)
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if stat.S_ISREG(info.st_mode) and mine and not stat.S_IMODE(info.st_mode) & 0o077 and len(key) == MAC_BYTES:
            return key
        untrusted = True
    key = secrets.token_bytes(MAC_BYTES)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)  # created 0600
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(key)
        if untrusted:
            os.replace(temporary, path)
            return key
        try:
            os.link(temporary, path)  # only where there is none, so builds starting together agree on one key
            return key
        except FileExistsError:
            pass
    finally:
        Path(temporary).unlink(missing_ok=True)
    if attempts <= 0:
        raise OSError(f"{path}: cannot settle on a key")
    return _read_or_make_key(path, attempts - 1)  # another build made it meanwhile


def sign(*parts: bytes) -> bytes:
    """The keyed checksum (HMAC-SHA256 with this user's key) of the parts, each ended by a newline."""
    mac = hmac.new(signing_key(), digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part)
        mac.update(b"\n")
    return mac.digest()


def seal(value: Any) -> bytes:
    """Plain data (JSON) behind a format marker and a keyed checksum of both."""
    payload = orjson.dumps(value) if orjson is not None else json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return FORMAT + sign(FORMAT, payload) + payload


def unseal(data: bytes) -> Any | None:
    """The plain data sealed in `data`, or None when the marker or keyed checksum does not match (check its shape next)."""
    start = len(FORMAT) + MAC_BYTES
    if not data.startswith(FORMAT) or len(data) < start:
        return None
    payload = data[start:]
    if not hmac.compare_digest(sign(FORMAT, payload), data[len(FORMAT) : start]):
        return None
    try:
        return orjson.loads(payload) if orjson is not None else json.loads(payload)
    except (ValueError, RecursionError):  # signed, so this is only a file from a different Thaw
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
