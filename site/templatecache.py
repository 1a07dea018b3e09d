"""Compiled templates kept between builds in the user's cache folder, the way Python keeps .pyc files."""
from __future__ import annotations

import hashlib
import os
import shutil
from io import BytesIO
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from .cache import code_version, write_atomic


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled code for each template, one checksummed file per template in `folder`.

    Jinja reuses a compilation only for the same template source; the folder is per version of Thaw's Python code and
    its libraries, so a change to how templates are compiled never meets an older compilation. A damaged file
    reads as missing, and a folder that cannot be read or written never stops a build: the template is compiled.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = (self.folder / bucket.key).read_bytes()
        except OSError:
            return
        if data[:32] != hashlib.sha256(data[32:]).digest():
            return
        try:
            bucket.load_bytecode(BytesIO(data[32:]))
        except Exception:  # noqa: BLE001 - unreadable compiled code is compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        stream = BytesIO()
        bucket.write_bytecode(stream)
        data = stream.getvalue()
        try:
            write_atomic(self.folder / bucket.key, hashlib.sha256(data).digest(), data)
        except OSError:
            pass


def cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "thaw"


def compiled_templates() -> CompiledTemplates | None:
    """The cache for this version of Thaw (older versions' folders are removed), or None when it is turned off
    (THAW_NO_TEMPLATE_CACHE=1) or there is nowhere to keep it."""
    if os.environ.get("THAW_NO_TEMPLATE_CACHE"):
        return None
    root = cache_home() / "templates"
    folder = root / code_version(python_only=True)[:20]  # how templates compile is set in code; each source is checked
    try:
        if not folder.is_dir():
            if root.is_dir():
                for old in root.iterdir():
                    shutil.rmtree(old, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return CompiledTemplates(folder)
